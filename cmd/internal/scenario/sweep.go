package scenario

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/spotsim/spotsim/cmd/internal/tracefile"
	"github.com/spotsim/spotsim/sim/seed"
	"gopkg.in/yaml.v3"
)

// A sweep file names a base scenario and the values to try for some of its
// keys. Every combination of the grid's lists, times every row of each zip
// group (lists advanced together), times the replications, is one run.
//
//	base: scenario.yaml           required; relative to the sweep file
//	seed: 7                       default: the base scenario's seed
//	replications: 3               default 1
//	grid:                         key path -> list of values
//	  fleets[name=workers].max_price: [0.02, 0.04, -1]
//	  notice: [30s, 10s]
//	zip:                          list of groups; a group's lists have one length
//	  - fleets[name=workers].count: [10, 20]
//	    pools[0].capacity: [5, 10]
//
// A key path is dot-separated keys of the scenario, where a list is entered
// with [N] (from 0) or [field=value] (the one item whose field is value).
var sweepKeys = []string{"version", "base", "seed", "replications", "target", "grid", "zip"}

// Sweep is a decoded sweep file and its base scenario.
type Sweep struct {
	File         string
	Base         string // as written in the sweep file
	Seed         uint64
	Replications int
	Params       []string // key paths, grid first then zip, in file order
	Runs         []Run    // sorted by ID
	// Target is what the report recommends for (target: in the file);
	// nil for the default of the swept fleet's workload.
	Target *Target

	baseName string
	baseDir  string // absolute
	baseSum  string // SHA-256 of the base scenario's bytes
	baseRoot *yaml.Node
	keyNodes []*yaml.Node // each parameter's key in the sweep file, in Params order
	mu       sync.Mutex
	traces   *tracefile.Cache
	resolved resolvedCache
}

// Run is one point of the sweep: a value for every parameter and a seed.
type Run struct {
	ID          string
	Replication int
	Seed        uint64
	Values      []string // as text, in Params order
	nodes       []*yaml.Node
}

// LoadSweep reads a sweep file and its base scenario, and checks that every
// run's scenario decodes: a bad value is reported once, for its first run.
func LoadSweep(path string) (*Sweep, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	root, err := parseYAML(path, data)
	if err != nil {
		return nil, err
	}
	d := &decoder{file: path}
	sw := &Sweep{File: path, Replications: 1}
	m := d.fields(root, "", sweepKeys...)
	if m == nil {
		return nil, d.errs
	}
	if v := m["version"]; v != nil {
		d.integer(v, "version", 1, 1, "1, the only sweep version")
	}
	baseNode := d.require(m, root, "", "base", "the path of the base scenario, relative to the sweep file")
	if baseNode != nil {
		sw.Base, _ = d.word(baseNode, "base", "the path of the base scenario", func(s string) bool { return s != "" })
	}
	seedSet := false
	if v := m["seed"]; v != nil {
		if n := deref(v); n.Kind == yaml.ScalarNode && n.ShortTag() == "!!int" {
			if s, err := strconv.ParseUint(n.Value, 10, 64); err == nil {
				sw.Seed, seedSet = s, true
			} else {
				d.reject(v, "seed", "a whole number from 0 to 18446744073709551615")
			}
		} else {
			d.reject(v, "seed", "a whole number from 0 to 18446744073709551615")
		}
	}
	if v := m["replications"]; v != nil {
		r, _ := d.integer(v, "replications", 1, MaxReplications, fmt.Sprintf("a whole number from 1 to %d", MaxReplications))
		sw.Replications = int(r)
	}
	if v := m["target"]; v != nil {
		want := "a target such as availability_pct>=99, deadline_met>=95 (percent of replications) or makespan_hours<=48"
		if t, ok := d.scalar(v, "target", want); ok {
			if tg, err := ParseTarget(t); err != nil {
				d.fail(deref(v), "target", "%v", err)
			} else {
				sw.Target = &tg
			}
		}
	}
	var axes []axis
	if g := m["grid"]; g != nil {
		axes = append(axes, d.axes(g, "grid", false)...)
	}
	if z := m["zip"]; z != nil {
		for i, group := range d.list(z, "zip", "a list of groups, each a mapping from key path to a list of values") {
			axes = append(axes, d.axes(group, index("zip", i), true)...)
		}
	}
	seen := map[string]bool{}
	for _, a := range axes {
		if seen[a.key] {
			d.fail(a.keyNode, a.path, "key path %s is swept twice; want each key in one place", a.key)
		}
		seen[a.key] = true
		sw.Params = append(sw.Params, a.key)
	}
	if len(d.errs) == 0 {
		d.checkSweepSize(root, axes, sw.Replications)
	}
	if len(d.errs) > 0 {
		return nil, d.errs
	}

	// The base scenario, read once; its traces are shared by every run.
	basePath := filepath.FromSlash(sw.Base)
	if !filepath.IsAbs(basePath) {
		basePath = filepath.Join(filepath.Dir(path), basePath)
	}
	baseData, err := os.ReadFile(basePath)
	if err != nil {
		return nil, Errors{&Error{File: path, Line: baseNode.Line, Column: baseNode.Column, Path: "base", Err: err}}
	}
	if sw.baseRoot, err = parseYAML(basePath, baseData); err != nil {
		return nil, err
	}
	sw.baseName = basePath
	if sw.baseDir, err = filepath.Abs(filepath.Dir(basePath)); err != nil {
		return nil, err
	}
	sw.baseSum = sumHex(baseData)
	sw.traces = diskTraces(filepath.Dir(basePath))
	if sw.SharesWindows() {
		// Every run has the base's start and horizon, so every run cuts
		// the same windows, once: they may take their traces' times.
		sw.traces.SpendTraces()
	}
	if err := keyPathsResolve(path, sw.baseRoot, axes); err != nil {
		return nil, err
	}
	if err := overlappingKeys(path, sw.baseRoot, axes); err != nil {
		return nil, err
	}
	for _, a := range axes {
		sw.keyNodes = append(sw.keyNodes, a.keyNode)
	}
	if !seedSet {
		s, err := sw.decode(sw.baseRoot)
		if err != nil {
			return nil, err
		}
		sw.Seed = s.Config.Seed
	}

	pts := points(axes)
	if err := samePoints(path, axes, pts); err != nil {
		return nil, err
	}
	for _, p := range pts {
		for rep := range sw.Replications {
			r := Run{Replication: rep, Seed: seed.Replication(sw.Seed, rep), nodes: p}
			for _, n := range p {
				r.Values = append(r.Values, valueText(n))
			}
			r.ID = runID(sw.Params, r.Values, r.Replication, r.Seed)
			sw.Runs = append(sw.Runs, r)
		}
	}
	slices.SortFunc(sw.Runs, func(a, b Run) int { return strings.Compare(a.ID, b.ID) })
	for i := 1; i < len(sw.Runs); i++ {
		if sw.Runs[i].ID == sw.Runs[i-1].ID {
			return nil, Errors{&Error{File: path, Err: fmt.Errorf("two runs have the same parameters (%s); want distinct values in each list", strings.Join(sw.Runs[i].Values, ", "))}}
		}
	}
	// Check every distinct parameter point once (replications differ only
	// in seed), so a bad value fails before any run starts.
	var errs Errors
	for i := range sw.Runs {
		if sw.Runs[i].Replication != 0 {
			continue
		}
		if _, err := sw.Scenario(i); err != nil {
			errs = append(errs, err)
			if len(errs) == 5 {
				break
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	// A sweep pins every input by its SHA-256 (Inputs): take them now, so
	// a trace that changed since it was read fails here, not mid-sweep.
	if err := sw.traces.Digests(); err != nil {
		return nil, Errors{&Error{File: path, Err: err}}
	}
	return sw, nil
}

type axis struct {
	key     string
	path    string
	keyNode *yaml.Node
	values  []*yaml.Node
	zipped  bool
	group   string // the zip group's path
}

// axes reads a mapping from key path to a non-empty list of values.
func (d *decoder) axes(n *yaml.Node, path string, zipped bool) []axis {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		d.reject(n, path, "a mapping from key path to a list of values")
		return nil
	}
	var out []axis
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		key, ok := d.scalar(k, path, "a key path such as fleets[name=workers].max_price")
		if !ok {
			continue
		}
		p := path + "." + key
		if _, err := parseKeyPath(key); err != nil {
			d.fail(k, p, "%v", err)
			continue
		}
		if key == "seed" {
			d.fail(k, p, "the seed is set by the sweep's seed and replications; want another key")
			continue
		}
		// Each run is one replication (Scenario): a swept replications
		// would only label identical runs with counts they never had.
		if key == "replications" {
			d.fail(k, p, "a run of a sweep is one replication; set the sweep's own replications: instead")
			continue
		}
		if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
			d.reject(v, p, "a non-empty list of values")
			continue
		}
		out = append(out, axis{key: key, path: p, keyNode: k, values: v.Content, zipped: zipped, group: path})
	}
	if zipped && len(out) > 1 {
		for _, a := range out[1:] {
			if len(a.values) != len(out[0].values) {
				d.fail(a.keyNode, a.path, "has %d values and %s has %d; a zip group's lists advance together, so want equal lengths",
					len(a.values), out[0].key, len(out[0].values))
			}
		}
	}
	return out
}

// points is every combination: grid axes multiply, and each zip group
// contributes its rows as one axis.
func points(axes []axis) [][]*yaml.Node {
	type dim struct {
		members []int // indexes into axes
		size    int
	}
	var dims []dim
	groups := map[string]int{}
	for i, a := range axes {
		if a.zipped {
			if g, ok := groups[a.group]; ok {
				dims[g].members = append(dims[g].members, i)
				continue
			}
			groups[a.group] = len(dims)
		}
		dims = append(dims, dim{members: []int{i}, size: len(a.values)})
	}
	out := [][]*yaml.Node{{}}
	if len(axes) == 0 {
		return out
	}
	out[0] = make([]*yaml.Node, len(axes))
	for _, dm := range dims {
		var next [][]*yaml.Node
		for _, p := range out {
			for row := range dm.size {
				q := slices.Clone(p)
				for _, m := range dm.members {
					q[m] = axes[m].values[row]
				}
				next = append(next, q)
			}
		}
		out = next
	}
	return out
}

// samePoints refuses two parameter points that mean the same values:
// 0.03 and 0.030 (or 5 and 5.0) are two texts, so two run ids, but one
// scenario, and a pivot over the summary would average them as one. The
// error points at the value that repeats an earlier one.
func samePoints(path string, axes []axis, pts [][]*yaml.Node) error {
	canon := map[*yaml.Node]string{}
	text := func(n *yaml.Node) string {
		if t, ok := canon[n]; ok {
			return t
		}
		t := valueText(n)
		if d := deref(n); d.Kind == yaml.ScalarNode && (d.Tag == "!!int" || d.Tag == "!!float") {
			if f, err := strconv.ParseFloat(strings.ReplaceAll(d.Value, "_", ""), 64); err == nil {
				t = strconv.FormatFloat(f, 'g', -1, 64)
			}
		}
		canon[n] = t
		return t
	}
	seen := map[string][]*yaml.Node{}
	for _, p := range pts {
		var key strings.Builder
		for _, n := range p {
			key.WriteString(text(n))
			key.WriteByte(0)
		}
		q, dup := seen[key.String()]
		if !dup {
			seen[key.String()] = p
			continue
		}
		for i, n := range p {
			if n != q[i] {
				d := deref(n)
				return Errors{&Error{File: path, Line: d.Line, Column: d.Column, Path: axes[i].path,
					Err: fmt.Errorf("%s is the value %s (line %d) again, so two runs would have the same parameters; want distinct values", valueText(n), valueText(q[i]), deref(q[i]).Line)}}
			}
		}
		return Errors{&Error{File: path, Err: fmt.Errorf("two runs have the same parameters (%s); want distinct values in each list", key.String())}}
	}
	return nil
}

// runID is 12 hex digits of SHA-256 over the run's parameters and seed:
// stable across machines, workers and shards, and the same whatever other
// runs the sweep holds.
func runID(params, values []string, rep int, seed uint64) string {
	h := sha256.New()
	for i, p := range params {
		fmt.Fprintf(h, "%s=%s\n", p, values[i])
	}
	fmt.Fprintf(h, "replication=%d\nseed=%d\n", rep, seed)
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// valueText is a parameter value as its summary column shows it: a scalar as
// written, anything else as one line of flow YAML.
func valueText(n *yaml.Node) string {
	n = deref(n)
	if n.Kind == yaml.ScalarNode {
		return n.Value
	}
	c := copyNode(n)
	setFlow(c)
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return fmt.Sprint(err)
	}
	return strings.TrimSpace(b.String())
}

func setFlow(n *yaml.Node) {
	n.Style = yaml.FlowStyle
	for _, c := range n.Content {
		setFlow(c)
	}
}

func copyNode(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, k := range n.Content {
		c.Content[i] = copyNode(k)
	}
	return &c
}

// Scenario decodes run i's scenario: the base file with the run's values
// put in and its seed. Safe for concurrent use.
func (sw *Sweep) Scenario(i int) (*Scenario, error) {
	r := &sw.Runs[i]
	root := copyNode(sw.baseRoot)
	for j, key := range sw.Params {
		if err := setKeyPath(root, key, copyNode(deref(r.nodes[j])), sw.keyNodes[j]); err != nil {
			return nil, fmt.Errorf("%s: run %s: %s: %w", sw.File, r.ID, key, err)
		}
	}
	s, err := sw.decode(root)
	if err != nil {
		sw.blameSweepFile(r, err)
		return nil, fmt.Errorf("run %s (%s): %w", r.ID, sw.describe(r), err)
	}
	s.Config.Seed = r.Seed
	// A run is one replication (the sweep's replications, not the base's,
	// make the runs): its resolved file re-runs that one.
	s.Replications = 1
	return s, nil
}

// blameSweepFile names the sweep file in the errors about a swept value:
// the value's node came from the sweep file and keeps its line and column,
// so an error at that position is the sweep file's, not the base's.
func (sw *Sweep) blameSweepFile(r *Run, err error) {
	var errs Errors
	if !errors.As(err, &errs) {
		return
	}
	for _, x := range errs {
		e, ok := x.(*Error)
		if !ok || e.File != sw.baseName {
			continue
		}
		for _, n := range r.nodes {
			if within(deref(n), e.Line, e.Column) {
				e.File = sw.File
				break
			}
		}
		// A key the base leaves out is added with the position of its
		// key path in the sweep file (setKeyPath): an unknown key is
		// the sweep file's too.
		for _, k := range sw.keyNodes {
			if k.Line == e.Line && k.Column == e.Column {
				e.File = sw.File
				break
			}
		}
	}
}

// within: (line, col) is the position of n or of a node inside it.
func within(n *yaml.Node, line, col int) bool {
	if n.Line == line && n.Column == col {
		return true
	}
	for _, c := range n.Content {
		if within(c, line, col) {
			return true
		}
	}
	return false
}

// LooksLikeSweep reports whether a YAML file is a sweep file rather than a
// scenario: its top level has base and grid or zip, which no scenario has,
// or base and none of a scenario's required keys (a sweep without axes,
// which runs the base's replications, as spotsim sweep reads it).
func LooksLikeSweep(data []byte) bool {
	var top map[string]yaml.Node
	if yaml.Unmarshal(data, &top) != nil {
		return false
	}
	has := func(k string) bool { _, ok := top[k]; return ok }
	if !has("base") {
		return false
	}
	return has("grid") || has("zip") || !slices.ContainsFunc([]string{"name", "start", "horizon", "pools", "fleets"}, has)
}

func (sw *Sweep) describe(r *Run) string {
	parts := make([]string, len(sw.Params))
	for i, p := range sw.Params {
		parts[i] = p + "=" + r.Values[i]
	}
	return strings.Join(append(parts, fmt.Sprintf("replication=%d", r.Replication)), ", ")
}

func (sw *Sweep) decode(root *yaml.Node) (*Scenario, error) {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	d := &decoder{file: sw.baseName, traces: sw.traces}
	s := d.scenario(root)
	if len(d.errs) > 0 {
		return nil, d.errs
	}
	s.name = sw.baseName
	// Its traces' paths are relative to the base's folder, for a run's
	// resolved file that names them from the run's own (ResolvedYAMLFrom).
	s.dir = sw.baseDir
	s.Warnings = append(s.Warnings, s.traceEndWarnings()...)
	return s, nil
}

// keyStep is one step of a key path: a mapping key, then optionally a list
// item by index or by a field's value.
type keyStep struct {
	key          string
	index        int // -1 when none
	field, value string
}

var stepPattern = regexp.MustCompile(`^([a-z_]+)(?:\[(?:(\d+)|([a-z_]+)=([A-Za-z0-9_.-]+))\])?$`)

// SharesWindows says whether every run has the base's start and horizon,
// and so the same window of each trace the base names.
func (sw *Sweep) SharesWindows() bool { return !slices.ContainsFunc(sw.Params, movesWindow) }

// movesWindow says whether sweeping a key path can move a run's trace
// windows: the scenario's start and horizon bound every window.
func movesWindow(path string) bool {
	steps, err := parseKeyPath(path)
	return err != nil || steps[0].key == "start" || steps[0].key == "horizon"
}

func parseKeyPath(path string) ([]keyStep, error) {
	var steps []keyStep
	for part := range strings.SplitSeq(path, ".") {
		m := stepPattern.FindStringSubmatch(part)
		if m == nil {
			return nil, fmt.Errorf("%q is not a key path; want keys joined by dots, a list entered with [N] or [field=value], such as fleets[name=workers].max_price", path)
		}
		s := keyStep{key: m[1], index: -1, field: m[3], value: m[4]}
		if m[2] != "" {
			s.index, _ = strconv.Atoi(m[2])
		}
		steps = append(steps, s)
	}
	return steps, nil
}

// setKeyPath puts value at path in the scenario tree, adding the last key
// when the base scenario leaves it out (so defaults can be swept). An added
// key takes the line and column of at, the key path in the sweep file, so
// an error about it (an unknown key) points there; at may be nil.
func setKeyPath(root *yaml.Node, path string, value, at *yaml.Node) error {
	steps, err := parseKeyPath(path)
	if err != nil {
		return err
	}
	n := deref(root)
	for i, s := range steps {
		last := i == len(steps)-1 && s.index < 0 && s.field == ""
		if n.Kind != yaml.MappingNode {
			return fmt.Errorf("%s is not a mapping in the base scenario", s.key)
		}
		var child *yaml.Node
		for j := 0; j+1 < len(n.Content); j += 2 {
			if deref(n.Content[j]).Value == s.key {
				if last {
					n.Content[j+1] = value
					return nil
				}
				child = deref(n.Content[j+1])
			}
		}
		if child == nil {
			if last {
				k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s.key}
				if at != nil {
					k.Line, k.Column = at.Line, at.Column
				}
				n.Content = append(n.Content, k, value)
				return nil
			}
			return fmt.Errorf("the base scenario has no %s", s.key)
		}
		if s.index >= 0 || s.field != "" {
			if child.Kind != yaml.SequenceNode {
				return fmt.Errorf("%s is not a list in the base scenario", s.key)
			}
			item, err := pick(child, s)
			if err != nil {
				return err
			}
			if i == len(steps)-1 {
				*item = *value
				return nil
			}
			child = deref(item)
		}
		n = child
	}
	return errors.New("empty key path")
}

// keyPathsResolve checks each key path against the base scenario before
// any run is made, so a path that reaches nothing (no fleet of that name, an
// index past the list's end, a key inside a value) is an error at its line
// and column in the sweep file, not a run's error without a position.
func keyPathsResolve(file string, root *yaml.Node, axes []axis) error {
	d := &decoder{file: file}
	for _, a := range axes {
		if err := setKeyPath(copyNode(root), a.key, copyNode(deref(a.values[0])), nil); err != nil {
			d.fail(a.keyNode, a.path, "key path %s: %v", a.key, err)
		}
	}
	if len(d.errs) > 0 {
		return d.errs
	}
	return nil
}

// overlappingKeys refuses two key paths that reach one key of the base
// scenario (fleets[name=batch].count and fleets[0].count), or one key and
// a key inside it: the value set last would silently win, and the other
// path's column would name values the runs never had. A path that does not
// resolve is left to Scenario, which says why.
func overlappingKeys(file string, root *yaml.Node, axes []axis) error {
	d := &decoder{file: file}
	canon := make([]string, len(axes))
	for i, a := range axes {
		c, ok := resolveKeyPath(root, a.key)
		if !ok {
			continue
		}
		canon[i] = c
		for j := range i {
			o := canon[j]
			switch {
			case o == "":
			case c == o:
				d.fail(a.keyNode, a.path, "key path %s sets the same key as %s (%s in the base scenario); want each key in one place", a.key, axes[j].key, c)
			case strings.HasPrefix(o, c+".") || strings.HasPrefix(o, c+"["):
				d.fail(a.keyNode, a.path, "key path %s holds %s, swept too (%s in the base scenario); want each key in one place", a.key, axes[j].key, c)
			case strings.HasPrefix(c, o+".") || strings.HasPrefix(c, o+"["):
				d.fail(a.keyNode, a.path, "key path %s is inside %s, swept too (%s in the base scenario); want each key in one place", a.key, axes[j].key, o)
			default:
				continue
			}
			break
		}
	}
	if len(d.errs) > 0 {
		return d.errs
	}
	return nil
}

// resolveKeyPath names the key a path reaches in the base scenario with
// list items by index: fleets[name=batch].count is fleets[0].count when
// batch is the first fleet. ok is false when the path does not resolve.
func resolveKeyPath(root *yaml.Node, path string) (string, bool) {
	steps, err := parseKeyPath(path)
	if err != nil {
		return "", false
	}
	var b strings.Builder
	n := deref(root)
	for i, s := range steps {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.key)
		if n == nil || n.Kind != yaml.MappingNode {
			return "", false
		}
		child := valueOf(n, s.key)
		if s.index < 0 && s.field == "" {
			n = child
			continue
		}
		if child == nil || child.Kind != yaml.SequenceNode {
			return "", false
		}
		item, err := pick(child, s)
		if err != nil {
			return "", false
		}
		fmt.Fprintf(&b, "[%d]", slices.Index(child.Content, item))
		n = deref(item)
	}
	return b.String(), true
}

// FleetOfKeyPath names the fleet a sweep key path addresses in a scenario
// file (such as a sweep run's scenario.resolved.yaml): the fleet that
// fleets[N].… or fleets[field=value].… picks there. ok is false when the
// path addresses no fleet or the file has no such fleet.
func FleetOfKeyPath(data []byte, path string) (name string, ok bool) {
	steps, err := parseKeyPath(path)
	if err != nil || len(steps) < 2 || steps[0].key != "fleets" || (steps[0].index < 0 && steps[0].field == "") {
		return "", false
	}
	root, err := parseYAML("", data)
	if err != nil {
		return "", false
	}
	list := valueOf(deref(root), "fleets")
	if list == nil || list.Kind != yaml.SequenceNode {
		return "", false
	}
	item, err := pick(list, steps[0])
	if err != nil {
		return "", false
	}
	if n := valueOf(deref(item), "name"); n != nil {
		return n.Value, true
	}
	return "", false
}

// valueOf is the value of key in mapping n, dereferenced (the last, were a
// key given twice); nil when n is no mapping or has no such key.
func valueOf(n *yaml.Node, key string) *yaml.Node {
	var v *yaml.Node
	for j := 0; n != nil && n.Kind == yaml.MappingNode && j+1 < len(n.Content); j += 2 {
		if deref(n.Content[j]).Value == key {
			v = deref(n.Content[j+1])
		}
	}
	return v
}

func pick(list *yaml.Node, s keyStep) (*yaml.Node, error) {
	if s.index >= 0 {
		if s.index >= len(list.Content) {
			return nil, fmt.Errorf("%s[%d]: the base scenario's %s has %d items", s.key, s.index, s.key, len(list.Content))
		}
		return list.Content[s.index], nil
	}
	var found *yaml.Node
	for _, item := range list.Content {
		it := deref(item)
		if it.Kind != yaml.MappingNode {
			continue
		}
		for j := 0; j+1 < len(it.Content); j += 2 {
			if deref(it.Content[j]).Value == s.field && deref(it.Content[j+1]).Value == s.value {
				if found != nil {
					return nil, fmt.Errorf("%s[%s=%s] matches more than one item", s.key, s.field, s.value)
				}
				found = item
			}
		}
	}
	if found == nil {
		return nil, fmt.Errorf("%s[%s=%s] matches no item of the base scenario", s.key, s.field, s.value)
	}
	return found, nil
}

// ResolvedYAML writes sweep.resolved.yaml: the sweep as read, with its seed
// and replications written out, and every run's id, seed and values, so a
// sweep folder says exactly what it holds.
func (sw *Sweep) ResolvedYAML(version string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# spotsim %s resolved %s\nspotsim_version: %s\nversion: 1\nbase: %s\nseed: %d\nreplications: %d\nparams:\n",
		version, filepath.Base(sw.File), version, yamlScalar(sw.Base), sw.Seed, sw.Replications)
	for _, p := range sw.Params {
		fmt.Fprintf(&b, "  - %s\n", yamlScalar(p))
	}
	if sw.Target != nil {
		fmt.Fprintf(&b, "target: %s\n", yamlScalar(sw.Target.String()))
	}
	// What the runs read, so that a base or trace edited since the folder
	// was started makes it another sweep's.
	in := sw.Inputs()
	fmt.Fprintf(&b, "inputs_sha256: %s\nbase_sha256: %s\n", in.Digest(), in.Base)
	if len(in.Traces) > 0 {
		b.WriteString("traces:\n")
		for _, t := range in.Traces {
			fmt.Fprintf(&b, "  - {path: %s, sha256: %s}\n", yamlScalar(t[0]), t[1])
		}
	}
	b.WriteString("runs:\n")
	for _, r := range sw.Runs {
		fmt.Fprintf(&b, "  - {id: %s, replication: %d, seed: %d, values: [", yamlScalar(r.ID), r.Replication, r.Seed)
		for i, v := range r.Values {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(yamlScalar(v))
		}
		b.WriteString("]}\n")
	}
	return []byte(b.String())
}

// yamlScalar quotes a string for YAML.
func yamlScalar(s string) string { return strconv.Quote(s) }
