package scenario

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/spotsim/spotsim/pricing"
)

// traceRef is a trace file as a scenario names it: the path as written, the
// SHA-256 of its bytes (of a folder: of its files' names and bytes), which
// the resolved file always records, and for a foreign format the format and
// the start given.
type traceRef struct {
	path, sha256, format, start string
	// lastAt is the file's last point for the pool, in seconds from the
	// scenario's start (0 when the file has no times): how far the file
	// says it reaches, a point at or after the horizon included.
	lastAt int64
}

// Trace formats a scenario can name with {file: PATH, format: F}.
var traceFormats = []string{"csv", "azure-retail", "azure-snapshots", "resource-graph", "aws", "availability", "fleet-log", "skynomad-prices", "skynomad-availability", "gcp"}

// priceFormats hold spot prices; the others capacity. Formats without times
// of their own take a start.
var (
	priceFormats = []string{"azure-retail", "azure-snapshots", "resource-graph", "aws", "skynomad-prices", "gcp"}
	startFormats = []string{"availability", "fleet-log"}
	// SkyNomad's per-tick prices have no dates either; its processed
	// availability CSVs have, and hold capacity.
	tickStartFormats = []string{"availability", "fleet-log", "skynomad-prices"}
	capacityFormats  = []string{"availability", "fleet-log", "skynomad-availability"}
)

// traceCache reads each trace file once and parses it once per kind, so one
// file can serve many pools; each file's problem is reported once, at the
// first key that names it.
type traceCache struct {
	open func(rel string) ([]byte, error)
	// stream, when set, opens a canonical trace to be read a block at a
	// time (with its size), so a large file is never held whole.
	stream  func(rel string) (traceStream, error)
	openDir func(rel string) (fs.FS, error) // nil: folders cannot be read
	files   map[string]*traceFile
	// foreign holds parsed traces of the other formats, by format and path.
	foreign map[string]foreignTrace
	// windows holds each pool's series cut to a window, so the runs of a
	// sweep share one (series are read, never written) instead of each
	// copying the trace. Made with the cache, so that copies share it.
	windows map[windowKey]pricing.Series
}

type windowKey struct {
	tr         *pricing.Trace
	start, end int64
}

// window is tr cut to [start, end), cut once.
func (c *traceCache) window(tr *pricing.Trace, start, end int64) (pricing.Series, error) {
	k := windowKey{tr, start, end}
	if s, ok := c.windows[k]; ok {
		return s, nil
	}
	s, err := tr.Window(start, end)
	if err == nil {
		if c.windows == nil {
			c.windows = map[windowKey]pricing.Series{}
		}
		c.windows[k] = s
	}
	return s, err
}

type foreignTrace struct {
	set      *pricing.TraceSet
	rg       *pricing.ResourceGraph // resource-graph: also latest prices and eviction rates
	avail    *pricing.Availability
	fleetLog []byte // parsed per start
	tick     *pricing.TickPrices
	timed    *pricing.TimedAvailability
	sum      string
	err      error
	reported bool
}

type traceFile struct {
	// sum is set by a goroutine that hashes the bytes while they are
	// parsed, or by the stream that reads them, and readable once hashed
	// is closed: use digest.
	sum      string
	hashed   chan struct{}
	hashTime time.Duration
	data     []byte
	err      error
	// streamed files are read (and hashed) by each parse, not held: path
	// is the file as the scenario names it.
	streamed bool
	path     string
	open     func(rel string) (traceStream, error)
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
	f.hashed = make(chan struct{})
	if f.err == nil {
		// Hashing a large trace costs about a third of parsing it; on
		// another core it is off the critical path (issue 22).
		go func(data []byte) {
			t0 := time.Now()
			sum := sha256.Sum256(data)
			f.sum = hex.EncodeToString(sum[:])
			f.hashTime = time.Since(t0)
			close(f.hashed)
		}(f.data)
	} else {
		close(f.hashed)
	}
	c.files[path] = f
	return f
}

// digest is the file's SHA-256 in hex, once hashed.
func (f *traceFile) digest() string {
	<-f.hashed
	return f.sum
}

// hashTime is the time spent hashing the trace files read so far, waiting
// for each hash to finish.
func (c *traceCache) hashTime() time.Duration {
	var d time.Duration
	for _, f := range c.files {
		<-f.hashed
		d += f.hashTime
	}
	return d
}

func (f *traceFile) set(path string, kind pricing.Kind) (*pricing.TraceSet, error) {
	if !f.parsed[kind] {
		if f.streamed {
			f.sets[kind], f.setErrs[kind] = f.readStream(kind)
		} else {
			f.sets[kind], f.setErrs[kind] = pricing.ReadTraceBytes(f.data, path, kind)
		}
		f.parsed[kind] = true
	}
	return f.sets[kind], f.setErrs[kind]
}

// csvFile is file for a canonical trace: with a stream to read from, the
// file is opened (to report a missing file at its first key) but its bytes
// are read by each parse, not held.
func (c *traceCache) csvFile(path string) *traceFile {
	if c.stream == nil {
		return c.file(path)
	}
	// Apart from the files read whole (a path may be named in both forms).
	key := path + "\x00stream"
	if f := c.files[key]; f != nil {
		return f
	}
	f := &traceFile{streamed: true, path: path, open: c.stream, hashed: make(chan struct{})}
	var st traceStream
	if st, f.err = c.stream(path); f.err == nil {
		f.err = st.Close()
	}
	if f.err != nil {
		close(f.hashed)
	}
	c.files[key] = f
	return f
}

// trace reads {csv: PATH[, sha256: HEX]}, or {file: PATH, format: F[,
// sha256: HEX][, start: TIME]} for a foreign format, and cuts the pool's
// points to the scenario's window.
func (d *decoder) trace(n *yaml.Node, path string, s *Scenario, pk poolKey, kind pricing.Kind, win *window) (pricing.Series, bool) {
	// Trace rows name a region and size: a zonal pool takes its region's rows.
	pool := pk.Pool
	m := d.fields(n, path, "csv", "file", "format", "sha256", "start")
	if m == nil {
		return pricing.Series{}, false
	}
	key, format := "csv", "csv"
	if m["csv"] == nil || m["file"] != nil || m["format"] != nil {
		key = "file"
		if m["csv"] != nil {
			d.fail(deref(m["csv"]), path+".csv", "give either csv: PATH or file: PATH with format, not both")
			return pricing.Series{}, false
		}
		if v := d.require(m, n, path, "format", oneOf(traceFormats)); v != nil {
			i, ok := d.enum(v, path+".format", traceFormats)
			if !ok {
				return pricing.Series{}, false
			}
			format = traceFormats[i]
		} else {
			return pricing.Series{}, false
		}
	}
	want := "the path of a trace file, relative to the scenario's folder"
	pathNode := d.require(m, n, path, key, want)
	if pathNode == nil {
		return pricing.Series{}, false
	}
	file, ok := d.word(pathNode, path+"."+key, want, func(s string) bool {
		return s != "" && utf8.ValidString(s) && !strings.ContainsRune(s, 0)
	})
	if !ok {
		return pricing.Series{}, false
	}
	switch {
	case slices.Contains(priceFormats, format) && kind != pricing.PriceTrace:
		d.fail(deref(m["format"]), path+".format", "%s holds spot prices, not capacity; want %s", format, oneOf(append([]string{"csv"}, startFormats...)))
		return pricing.Series{}, false
	case slices.Contains(capacityFormats, format) && kind != pricing.CapacityTrace:
		d.fail(deref(m["format"]), path+".format", "%s holds capacity, not prices; want %s", format, oneOf(append([]string{"csv"}, priceFormats...)))
		return pricing.Series{}, false
	}
	startText := ""
	if v := m["start"]; v != nil {
		if !slices.Contains(tickStartFormats, format) {
			d.fail(deref(v), path+".start", "only an availability, fleet-log or skynomad-prices trace takes a start (its file has no dates)")
			return pricing.Series{}, false
		}
		var ok bool
		if startText, ok = d.scalar(v, path+".start", "an RFC 3339 time in UTC such as 2026-01-05T00:00:00Z"); !ok {
			return pricing.Series{}, false
		}
		if _, err := time.Parse(time.RFC3339, startText); err != nil || !strings.HasSuffix(startText, "Z") {
			d.reject(v, path+".start", "an RFC 3339 time in UTC such as 2026-01-05T00:00:00Z")
			return pricing.Series{}, false
		}
	}
	var set *pricing.TraceSet
	var rg *pricing.ResourceGraph
	var sum string
	if format == "csv" {
		f := d.traces.csvFile(file)
		if f.err != nil {
			if !f.reported {
				f.reported = true
				d.fail(deref(pathNode), path+"."+key, "cannot read trace file %q: %v", file, f.err)
			}
			return pricing.Series{}, false
		}
		var err error
		if set, err = f.set(file, kind); err != nil {
			if !f.reported {
				f.reported = true
				d.errs = append(d.errs, err)
			}
			return pricing.Series{}, false
		}
		sum = f.digest()
	} else {
		ft := d.traces.readForeign(file, format)
		if ft.err != nil {
			if !d.traces.reported(format + "\x00" + file) {
				d.fail(deref(pathNode), path+"."+key, "%v", ft.err)
			}
			return pricing.Series{}, false
		}
		sum, set, rg = ft.sum, ft.set, ft.rg
		if slices.Contains(tickStartFormats, format) || ft.timed != nil {
			start := int64(0)
			if win != nil {
				start = win.start
			}
			if startText != "" {
				t, _ := time.Parse(time.RFC3339, startText)
				start = t.Unix()
			}
			// Tick data says where it ends: past that, nothing is known,
			// so a scenario running longer is an error, not a carry-over.
			covers := func(ticks int, gap int64) bool {
				if end := start + int64(ticks)*gap; win != nil && end < win.end {
					d.fail(deref(pathNode), path+"."+key, "%s covers %d ticks of %d s, to %s; the scenario runs to %s: want a longer trace, an earlier start or a shorter horizon",
						file, ticks, gap, time.Unix(end, 0).UTC().Format(time.RFC3339), time.Unix(win.end, 0).UTC().Format(time.RFC3339))
					return false
				}
				return true
			}
			var tr *pricing.Trace
			if ft.timed != nil {
				start = ft.timed.Start
				if !covers(len(ft.timed.Counts), ft.timed.Gap) {
					return pricing.Series{}, false
				}
				tr = ft.timed.Trace(start)
			} else if ft.tick != nil {
				zone := ""
				for _, z := range ft.tick.Zones {
					if pricing.ZoneRegion(z) == pool.Region {
						zone = z
					}
				}
				if zone == "" {
					d.fail(deref(pathNode), path+"."+key, "%s has no series for zone %s; it has %s", file, pool.Region, strings.Join(ft.tick.Zones, ", "))
					return pricing.Series{}, false
				}
				if !covers(len(ft.tick.Prices[zone]), pricing.SkyNomadGap) {
					return pricing.Series{}, false
				}
				tr = ft.tick.Trace(zone, start, pricing.SkyNomadGap)
			} else if ft.avail != nil {
				if !covers(len(ft.avail.Counts), ft.avail.Gap) {
					return pricing.Series{}, false
				}
				tr = ft.avail.Trace(start)
			} else {
				var err error
				if tr, err = pricing.ReadFleetLog(ft.fleetLog, file, start); err != nil {
					d.errs = append(d.errs, err)
					return pricing.Series{}, false
				}
			}
			set = &pricing.TraceSet{Name: file, Pools: map[pricing.Pool]*pricing.Trace{pool: tr}, Order: []pricing.Pool{pool}}
		}
	}
	if v := m["sha256"]; v != nil {
		want, ok := d.word(v, path+".sha256", "the SHA-256 of the file as 64 hex digits", hexSHA)
		if !ok {
			return pricing.Series{}, false
		}
		if !strings.EqualFold(want, sum) {
			d.fail(deref(v), path+".sha256", "%s does not match %s, whose SHA-256 is %s; the file has changed since the scenario was written", want, file, sum)
			return pricing.Series{}, false
		}
	}
	tr := set.Pools[pool]
	latest := pricing.Price(-1)
	if rg != nil {
		// Azure's names are case-insensitive; and the documented price
		// query gives only the latest price, with no date: it holds
		// throughout.
		var found bool
		var l pricing.Price
		if tr, l, found = rg.Price(pool); found && tr == nil {
			latest = l
		}
	}
	if tr == nil && latest < 0 {
		d.fail(deref(pathNode), path+"."+key, "%s has no rows for %s; it has %s", file, pool, poolList(set, rg))
		return pricing.Series{}, false
	}
	if win == nil {
		return pricing.Series{}, false
	}
	series := pricing.Constant(int64(latest))
	if tr != nil {
		var err error
		if series, err = d.traces.window(tr, win.start, win.end); err != nil {
			d.errs = append(d.errs, &Error{File: file, Line: tr.FirstLine, Err: fmt.Errorf("%s %w", pool, err)})
			return pricing.Series{}, false
		}
	}
	ref := traceRef{path: file, sha256: sum}
	if tr != nil && len(tr.Times) > 0 {
		ref.lastAt = tr.Times[len(tr.Times)-1] - win.start
	}
	if format != "csv" {
		ref.format, ref.start = format, startText
	}
	s.sources[source{pk, kind}] = ref
	return series, true
}

// readForeign reads and parses a trace of a foreign format once.
func (c *traceCache) readForeign(file, format string) foreignTrace {
	key := format + "\x00" + file
	if ft, ok := c.foreign[key]; ok {
		return ft
	}
	if c.foreign == nil {
		c.foreign = map[string]foreignTrace{}
	}
	var ft foreignTrace
	if format == "azure-snapshots" {
		if c.openDir == nil {
			ft.err = fmt.Errorf("cannot read the folder %q here: snapshot folders are read from scenario files on disk", file)
		} else if fsys, err := c.openDir(file); err != nil {
			ft.err = fmt.Errorf("cannot read the folder %q: %v", file, err)
		} else {
			ft.sum, ft.err = folderSum(fsys)
			if ft.err == nil {
				ft.set, ft.err = pricing.ReadAzureSnapshots(fsys, file)
			}
		}
	} else {
		f := c.file(file)
		switch {
		case f.err != nil:
			ft.err = fmt.Errorf("cannot read trace file %q: %v", file, f.err)
		case format == "azure-retail":
			var rp *pricing.RetailPrices
			if rp, ft.err = pricing.ReadAzureRetail(f.data, file); ft.err == nil {
				ft.set = rp.Spot
			}
		case format == "availability":
			ft.avail, ft.err = pricing.ReadAvailability(f.data, file)
		case format == "skynomad-prices":
			ft.tick, ft.err = pricing.ReadTickPrices(f.data, file)
		case format == "skynomad-availability":
			ft.timed, ft.err = pricing.ReadTimedAvailability(f.data, file)
		case format == "gcp":
			var g *pricing.GCPPrices
			if g, ft.err = pricing.ReadGCPPriceHistory(f.data, file); ft.err == nil {
				ft.set = g.Spot
			}
		case format == "aws":
			ft.set, ft.err = pricing.ReadAWSSpotHistory(f.data, file)
		case format == "resource-graph":
			var rg *pricing.ResourceGraph
			if rg, ft.err = pricing.ReadResourceGraph(f.data, file); ft.err == nil {
				ft.set, ft.rg = rg.Prices, rg
			}
		case format == "fleet-log":
			// Checked here, cut to a pool with its start below.
			if _, ft.err = pricing.ReadFleetLog(f.data, file, 0); ft.err == nil {
				ft.fleetLog = f.data
			}
		}
		ft.sum = f.digest()
	}
	c.foreign[key] = ft
	return ft
}

// reported marks a foreign trace's problem as reported and says whether it
// already was, so a file's problem is reported once.
func (c *traceCache) reported(key string) bool {
	ft := c.foreign[key]
	was := ft.reported
	ft.reported = true
	c.foreign[key] = ft
	return was
}

// folderSum is the SHA-256 of a folder's files: each file's path, a zero
// byte, its bytes, in path order.
func folderSum(fsys fs.FS) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		h.Write([]byte(p))
		h.Write([]byte{0})
		h.Write(data)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)), err
}

// poolList names a trace file's pools for an error, sorted, at most ten;
// of a Resource Graph export, those with prices of either kind.
func poolList(set *pricing.TraceSet, rg *pricing.ResourceGraph) string {
	names := make([]string, 0, len(set.Order))
	for _, p := range set.Order {
		names = append(names, p.String())
	}
	if rg != nil {
		for p := range rg.Latest {
			names = append(names, p.String())
		}
	}
	sort.Strings(names)
	if len(names) > 10 {
		return strings.Join(names[:10], ", ") + fmt.Sprintf(" and %d more", len(names)-10)
	}
	return strings.Join(names, ", ")
}
