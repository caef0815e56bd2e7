package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/spotsim/spotsim/cmd/internal/tracefile"
	"github.com/spotsim/spotsim/pricing"
)

// decoder walks a yaml.Node tree and collects positioned problems instead of
// stopping at the first, so one run of `spotsim validate` shows them all.
// Each helper reports its own problem and returns ok=false; callers then just
// skip the value.
type decoder struct {
	file   string
	errs   Errors
	traces *tracefile.Cache
	// tenantOf holds each subscription's tenant and where it was first
	// given: in Azure a subscription belongs to one tenant.
	tenantOf map[string]owner
	// groups holds each reclaim group's first pool (eviction.go).
	groups map[string]groupRef
}

type owner struct {
	tenant, path string
	line         int
}

func (d *decoder) fail(n *yaml.Node, path, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.file, Line: n.Line, Column: n.Column, Path: path, Err: fmt.Errorf(format, args...)})
}

// reject reports a value of the wrong type or out of range, naming what is
// accepted.
func (d *decoder) reject(n *yaml.Node, path, want string) {
	n = deref(n)
	if n.Kind == yaml.ScalarNode {
		d.fail(n, path, "%s is not accepted; want %s", literal(n), want)
		return
	}
	d.fail(n, path, "want %s, got %s", want, kindName(n))
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// deref follows aliases (*anchor) to the node they name.
func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// literal is a scalar as the user wrote it: strings quoted, numbers bare.
func literal(n *yaml.Node) string {
	v, cut := n.Value, ""
	if len(v) > maxLiteral {
		// A whole file read as one scalar (a CSV named as a scenario) is
		// shown by its start, not quoted whole.
		i := maxLiteral
		for i > 0 && !utf8.RuneStart(v[i]) {
			i--
		}
		v, cut = v[:i]+"…", fmt.Sprintf(" (%d bytes)", len(n.Value))
	}
	if n.ShortTag() == "!!str" {
		return strconv.Quote(v) + cut
	}
	return v + cut
}

// maxLiteral is the most of a value an error shows.
const maxLiteral = 80

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.DocumentNode:
		return "a document"
	}
	return "a value"
}

// is reports whether n is the plain word w, such as unlimited.
func is(n *yaml.Node, w string) bool {
	n = deref(n)
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!str" && n.Value == w
}

func isNull(n *yaml.Node) bool {
	n = deref(n)
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// fields checks that n is a mapping whose keys are all in allowed, none
// given twice, and returns the values by key. A key with a null value counts
// as absent. Merge keys (<<: *anchor) are followed, the mapping's own keys
// winning, as YAML defines them.
func (d *decoder) fields(n *yaml.Node, path string, allowed ...string) map[string]*yaml.Node {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		d.reject(n, path, "a mapping with keys "+strings.Join(allowed, ", "))
		return nil
	}
	out := map[string]*yaml.Node{}
	d.collect(n, path, allowed, out, map[*yaml.Node]bool{})
	return out
}

// collect adds n's keys to out, then those of the mappings it merges. done
// holds the mappings already collected: merging one twice adds nothing, and
// skipping it keeps a self-merge (&a {<<: *a}) from recursing forever and
// nested merges from taking exponential time.
func (d *decoder) collect(n *yaml.Node, path string, allowed []string, out map[string]*yaml.Node, done map[*yaml.Node]bool) {
	if done[n] {
		return
	}
	done[n] = true
	seen := map[string]*yaml.Node{}
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.fail(k, path, "a key must be a plain name, not %s", kindName(k))
			continue
		}
		if k.ShortTag() == "!!merge" {
			merges = append(merges, v)
			continue
		}
		key := k.Value
		if prev := seen[key]; prev != nil {
			d.fail(k, join(path, key), "given twice (first at line %d)", prev.Line)
			continue
		}
		seen[key] = k
		if !slices.Contains(allowed, key) {
			d.fail(k, join(path, key), "unknown key; want one of %s", strings.Join(allowed, ", "))
			continue
		}
		if !isNull(v) {
			out[key] = v
		}
	}
	for _, m := range merges {
		m = deref(m)
		sources := []*yaml.Node{m}
		if m.Kind == yaml.SequenceNode {
			sources = m.Content
		}
		for _, src := range sources {
			src = deref(src)
			if src.Kind != yaml.MappingNode {
				d.fail(src, path, "a merge key (<<) takes a mapping or a list of mappings, not %s", kindName(src))
				continue
			}
			merged := map[string]*yaml.Node{}
			d.collect(src, path, allowed, merged, done)
			for k, v := range merged {
				if _, ok := out[k]; !ok {
					out[k] = v
				}
			}
		}
	}
}

// require reports a required key that fields did not find.
func (d *decoder) require(m map[string]*yaml.Node, parent *yaml.Node, path, key, want string) *yaml.Node {
	v := m[key]
	if v == nil {
		d.fail(deref(parent), join(path, key), "missing; want %s", want)
	}
	return v
}

// list checks that n is a sequence and returns its items.
func (d *decoder) list(n *yaml.Node, path, want string) []*yaml.Node {
	n = deref(n)
	if n.Kind != yaml.SequenceNode {
		d.reject(n, path, want)
		return nil
	}
	return n.Content
}

// scalar returns the text of a scalar as written. Any scalar tag is taken, so
// a name such as 2026 needs no quotes; the caller checks the text.
func (d *decoder) scalar(n *yaml.Node, path, want string) (string, bool) {
	n = deref(n)
	if n.Kind != yaml.ScalarNode || !utf8.ValidString(n.Value) {
		d.reject(n, path, want)
		return "", false
	}
	return n.Value, true
}

// word is a scalar in the form check accepts: names, regions, sizes, enums.
func (d *decoder) word(n *yaml.Node, path, want string, check func(string) bool) (string, bool) {
	s, ok := d.scalar(n, path, want)
	if ok && !check(s) {
		d.reject(n, path, want)
		return "", false
	}
	return s, ok
}

// enum returns the index of n's text in names.
func (d *decoder) enum(n *yaml.Node, path string, names []string) (int, bool) {
	want := oneOf(names)
	s, ok := d.word(n, path, want, func(s string) bool { return slices.Contains(names, s) })
	return slices.Index(names, s), ok
}

func oneOf(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// integer reads a whole number written in decimal, in [lo, hi].
func (d *decoder) integer(n *yaml.Node, path string, lo, hi int64, want string) (int64, bool) {
	n = deref(n)
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!int" {
		v, err := strconv.ParseInt(n.Value, 10, 64)
		if err == nil && v >= lo && v <= hi {
			return v, true
		}
	}
	d.reject(n, path, want)
	return 0, false
}

func (d *decoder) boolean(n *yaml.Node, path string) (bool, bool) {
	n = deref(n)
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!bool" {
		if v, err := strconv.ParseBool(n.Value); err == nil {
			return v, true
		}
	}
	d.reject(n, path, "true or false")
	return false, false
}

// price reads a money amount from the number's literal text, never through
// a float, so 0.0192 is exactly 0.0192 (R5).
func (d *decoder) price(n *yaml.Node, path string, ok func(pricing.Price) bool, want string) (pricing.Price, bool) {
	n = deref(n)
	if n.Kind == yaml.ScalarNode && (n.ShortTag() == "!!int" || n.ShortTag() == "!!float") {
		p, err := pricing.ParsePrice(n.Value)
		if err == nil && ok(p) {
			return p, true
		}
		if errors.Is(err, pricing.ErrTooLarge) {
			d.fail(n, path, "%s is %v; want %s", n.Value, err, want)
			return 0, false
		}
	}
	d.reject(n, path, want)
	return 0, false
}

const maxPriceRule = "a max price is -1 or a decimal > 0 with at most 5 decimal places"

// maxPrice reads a spot max price (R5); every way to get it wrong is
// Azure's MaxPriceValueInvalid.
func (d *decoder) maxPrice(n *yaml.Node, path string) (pricing.Price, bool) {
	n = deref(n)
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" && n.ShortTag() != "!!float" {
		if n.Kind == yaml.ScalarNode {
			d.fail(n, path, "%s is not accepted; %s (MaxPriceValueInvalid)", literal(n), maxPriceRule)
		} else {
			d.fail(n, path, "want a number, got %s; %s (MaxPriceValueInvalid)", kindName(n), maxPriceRule)
		}
		return 0, false
	}
	p, err := pricing.ParsePrice(n.Value)
	switch {
	case errors.Is(err, pricing.ErrTooPrecise):
		d.fail(n, path, "%s has more than 5 decimal places; %s (MaxPriceValueInvalid)", n.Value, maxPriceRule)
		return 0, false
	case errors.Is(err, pricing.ErrTooLarge):
		d.fail(n, path, "%s is %v; %s (MaxPriceValueInvalid)", n.Value, err, maxPriceRule)
		return 0, false
	case err != nil:
		d.fail(n, path, "%s is not accepted; %s (MaxPriceValueInvalid)", n.Value, maxPriceRule)
		return 0, false
	}
	if p == -pricing.NanosPerDollar {
		p = pricing.Uncapped // the text -1 is the marker, not minus one dollar
	}
	if err := pricing.ValidateMaxPrice(p); err != nil {
		d.fail(n, path, "%v (MaxPriceValueInvalid)", err)
		return 0, false
	}
	return p, true
}

const durationSyntax = "Go duration syntax plus d for days, such as 30s, 90m, 36h, 7d or 1d12h"

// duration reads a duration in whole seconds within [lo, hi); want says
// what range is accepted.
func (d *decoder) duration(n *yaml.Node, path string, lo, hi int64, want string) (int64, bool) {
	s, ok := d.scalar(n, path, "a duration: "+durationSyntax)
	if !ok {
		return 0, false
	}
	v, err := parseDuration(s)
	switch {
	case errors.Is(err, errNotWhole):
		d.fail(deref(n), path, "%s is not a whole number of seconds; durations are whole seconds", s)
	case errors.Is(err, errTooLong):
		d.fail(deref(n), path, "%s is too long; at most %dd", s, maxDurationDays)
	case err != nil:
		d.fail(deref(n), path, "%q is not a duration; want %s", s, durationSyntax)
	case v < lo || v >= hi:
		d.fail(deref(n), path, "%s is not accepted; want %s", s, want)
	default:
		return v, true
	}
	return 0, false
}

// controlChar finds a control character YAML does not allow (a NUL, say,
// from a binary pasted in), or a byte that is not UTF-8 (a Latin-1 é),
// which yaml.v3 reports with no line.
func controlChar(name string, data []byte) error {
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == '\n':
			line, col = line+1, 0
		case r < 0x20 && r != '\t' && r != '\r', r == 0x7f:
			return &Error{File: name, Line: line, Column: col, Err: fmt.Errorf("control character %U; a scenario is text: want printable characters, tabs and line breaks", r)}
		case r == utf8.RuneError && size == 1:
			// yaml.v3 says only "invalid leading UTF-8 octet", with no line.
			return &Error{File: name, Line: line, Column: col, Err: fmt.Errorf("byte 0x%02X is not UTF-8; a scenario is UTF-8 text: save it as UTF-8 (not Latin-1 or UTF-16)", data[i])}
		}
		i += size
		col++
	}
	return nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAML reads exactly one YAML document into a node tree.
func parseYAML(name string, data []byte) (root *yaml.Node, err error) {
	// yaml.v3 has panicked on some malformed input in the past; a scenario
	// file is user input, so that is a bad file, not a crash.
	defer func() {
		if r := recover(); r != nil {
			root, err = nil, Errors{&Error{File: name, Err: fmt.Errorf("not valid YAML (%v)", r)}}
		}
	}()
	if err := controlChar(name, data); err != nil {
		return nil, Errors{err}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, Errors{&Error{File: name, Err: errors.New("empty; want a mapping with name, start, horizon, pools and fleets")}}
		}
		return nil, Errors{yamlError(name, err)}
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		return nil, Errors{&Error{File: name, Line: next.Line, Column: next.Column, Err: errors.New("holds a second YAML document; want one")}}
	case err != io.EOF:
		return nil, Errors{yamlError(name, err)}
	}
	if len(doc.Content) == 0 {
		return nil, Errors{&Error{File: name, Err: errors.New("empty; want a mapping with name, start, horizon, pools and fleets")}}
	}
	return doc.Content[0], nil
}

func yamlError(name string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{File: name, Line: line, Err: fmt.Errorf("not valid YAML: %s", m[2])}
	}
	return &Error{File: name, Err: fmt.Errorf("not valid YAML: %s", msg)}
}
