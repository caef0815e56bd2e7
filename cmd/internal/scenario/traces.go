package scenario

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"spotsim/pricing"
)

// traceRef is a trace file as a scenario names it: the path as written and
// the SHA-256 of its bytes, which the resolved file always records.
type traceRef struct{ path, sha256 string }

// traceCache reads each trace file once and parses it once per kind, so one
// file can serve many pools; each file's problem is reported once, at the
// first key that names it.
type traceCache struct {
	open  func(rel string) ([]byte, error)
	files map[string]*traceFile
}

type traceFile struct {
	sum      string
	data     []byte
	err      error
	sets     [2]*pricing.TraceSet // by pricing.Kind
	setErrs  [2]error
	parsed   [2]bool
	reported bool
}

func (c *traceCache) file(path string) *traceFile {
	if f := c.files[path]; f != nil {
		return f
	}
	f := &traceFile{}
	if c.open == nil {
		f.err = errors.New("no trace files can be read here")
	} else {
		f.data, f.err = c.open(path)
	}
	if f.err == nil {
		sum := sha256.Sum256(f.data)
		f.sum = hex.EncodeToString(sum[:])
	}
	c.files[path] = f
	return f
}

func (f *traceFile) set(path string, kind pricing.Kind) (*pricing.TraceSet, error) {
	if !f.parsed[kind] {
		f.sets[kind], f.setErrs[kind] = pricing.ReadTraceBytes(f.data, path, kind)
		f.parsed[kind] = true
	}
	return f.sets[kind], f.setErrs[kind]
}

// trace reads {csv: PATH[, sha256: HEX]} and cuts the pool's points to the
// scenario's window.
func (d *decoder) trace(n *yaml.Node, path string, s *Scenario, pool pricing.Pool, kind pricing.Kind, win *window) (pricing.Series, bool) {
	m := d.fields(n, path, "csv", "sha256")
	if m == nil {
		return pricing.Series{}, false
	}
	pathNode := d.require(m, n, path, "csv", "the path of a trace file, relative to the scenario's folder")
	if pathNode == nil {
		return pricing.Series{}, false
	}
	file, ok := d.word(pathNode, path+".csv", "the path of a trace file, relative to the scenario's folder", func(s string) bool {
		return s != "" && utf8.ValidString(s) && !strings.ContainsRune(s, 0)
	})
	if !ok {
		return pricing.Series{}, false
	}
	f := d.traces.file(file)
	if f.err != nil {
		if !f.reported {
			f.reported = true
			d.fail(deref(pathNode), path+".csv", "cannot read trace file %q: %v", file, f.err)
		}
		return pricing.Series{}, false
	}
	if v := m["sha256"]; v != nil {
		want, ok := d.word(v, path+".sha256", "the SHA-256 of the file as 64 hex digits", hexSHA)
		if !ok {
			return pricing.Series{}, false
		}
		if !strings.EqualFold(want, f.sum) {
			d.fail(deref(v), path+".sha256", "%s does not match %s, whose SHA-256 is %s; the file has changed since the scenario was written", want, file, f.sum)
			return pricing.Series{}, false
		}
	}
	set, err := f.set(file, kind)
	if err != nil {
		if !f.reported {
			f.reported = true
			d.errs = append(d.errs, err)
		}
		return pricing.Series{}, false
	}
	tr := set.Pools[pool]
	if tr == nil {
		d.fail(deref(pathNode), path+".csv", "%s has no rows for %s; it has %s", file, pool, poolList(set))
		return pricing.Series{}, false
	}
	if win == nil {
		return pricing.Series{}, false
	}
	series, err := tr.Window(win.start, win.end)
	if err != nil {
		d.errs = append(d.errs, &Error{File: file, Line: tr.FirstLine, Err: fmt.Errorf("%s %w", pool, err)})
		return pricing.Series{}, false
	}
	s.sources[source{pool, kind}] = traceRef{path: file, sha256: f.sum}
	return series, true
}

// poolList names a trace file's pools for an error, sorted, at most ten.
func poolList(set *pricing.TraceSet) string {
	names := make([]string, 0, len(set.Order))
	for _, p := range set.Order {
		names = append(names, p.String())
	}
	sort.Strings(names)
	if len(names) > 10 {
		return strings.Join(names[:10], ", ") + fmt.Sprintf(" and %d more", len(names)-10)
	}
	return strings.Join(names, ", ")
}
