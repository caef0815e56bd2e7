package plot

import (
	"cmp"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// A sweep's summary.csv (the format agreed for sweeps) is run_id,
// replication, seed, then one column per swept parameter named by its key
// path, then every column of a run's summary.csv, which begins with
// "scenario". So the parameters are the columns between seed and scenario.
var sweepKeys = []string{"run_id", "replication", "seed"}

type sweep struct {
	t      *table
	params []string
}

func loadSweep(t *table) (*sweep, error) {
	params, err := sweepParams(t.path, t.head)
	if err != nil {
		return nil, err
	}
	return &sweep{t: t, params: params}, nil
}

// sweepParams are the swept parameters' columns of a sweep's summary or
// fleets file, whose header is head: those between the sweep's own columns
// and a run's.
func sweepParams(path string, head []string) ([]string, error) {
	for i, k := range sweepKeys {
		if i >= len(head) || head[i] != k {
			return nil, fmt.Errorf("%s: a sweep summary begins with the columns %s", path, strings.Join(sweepKeys, ","))
		}
	}
	end := slices.Index(head, "scenario")
	if end < 0 {
		return nil, fmt.Errorf("%s: no scenario column, which begins a run's summary columns", path)
	}
	for _, c := range []string{"total_cost_usd", "savings_pct"} {
		if !slices.Contains(head, c) {
			return nil, fmt.Errorf("%s: no %s column", path, c)
		}
	}
	return head[len(sweepKeys):end], nil
}

// sweepFigures draws, per swept fleet (Decide), its savings against each
// parameter and its cost against its workload measure, from the sweep's
// fleets.csv.
func sweepFigures(dir string, target *Target) ([]*Figure, error) {
	t, s, ds, err := decideSweep(dir, target)
	if err != nil {
		return nil, err
	}
	return sweepCharts(dir, t, s, ds)
}

// sweepCharts draws the charts of sweepFigures from the sweep's table t
// and its decisions.
func sweepCharts(dir string, t *table, s *sweep, ds []*Decision) ([]*Figure, error) {
	var figs []*Figure
	for _, d := range ds {
		fs := &sweep{t: t.filter("fleet", d.Fleet), params: s.params}
		for _, p := range fs.independent() {
			f, err := fs.savingsFigure(d.Fleet, p)
			if err != nil {
				return nil, err
			}
			figs = append(figs, f)
		}
		f := tradeoffFigure(d)
		// A batch's deadline on the makespan axis, when the sweep does not
		// change it: read from a run's resolved scenario.
		if d.Measure == "makespan_hours" && len(fs.t.rows) > 0 && !slices.ContainsFunc(s.params, func(p string) bool { return strings.Contains(p, "workload") }) {
			if span, ok := deadlineSpans(filepath.Join(dir, "runs", fs.t.str(0, "run_id")))[d.Fleet]; ok {
				f.Layers = append(f.Layers, Layer{Kind: VLine, Name: "deadline (" + strconv.FormatFloat(math.Round(float64(span[1])/36)/100, 'f', -1, 64) + " h)", Color: cBlack, X: []float64{float64(span[1]) / 3600}})
			}
		}
		padX(f)
		figs = append(figs, f)
	}
	return figs, nil
}

// independent are the parameters less those whose value follows from
// another's (a zip group's followers: eviction_policy's after_eviction, or
// fleet-sweep's sizes, the same list for three allocations), which would
// draw the same chart again, or one of a point per line.
func (s *sweep) independent() []string {
	// follows says whether q's value is a function of p's over the rows.
	follows := func(q, p string) bool {
		m := map[string]string{}
		for i := range s.t.rows {
			a, b := s.t.str(i, p), s.t.str(i, q)
			if x, ok := m[a]; ok && x != b {
				return false
			}
			m[a] = b
		}
		return true
	}
	var out []string
	for j, q := range s.params {
		redundant := false
		for k, p := range s.params {
			// Two that determine each other: the first stays.
			if k != j && follows(q, p) && (k < j || !follows(p, q)) {
				redundant = true
				break
			}
		}
		if !redundant {
			out = append(out, q)
		}
	}
	return out
}

// padX widens a points chart's X range by 8 % each side, so markers and
// their numbers at the extremes stay inside the plot.
func padX(f *Figure) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, l := range f.Layers {
		for _, x := range l.X {
			lo, hi = min(lo, x), max(hi, x)
		}
	}
	if math.IsInf(lo, 1) {
		return
	}
	if hi == lo {
		lo, hi = lo-1, hi+1
	}
	pad := (hi - lo) * 0.08
	f.XMin, f.XMax = lo-pad, hi+pad
}

// paramLabel is a swept key as an axis label, with its unit.
func paramLabel(p string) string {
	switch lastKey(p) {
	case "max_price":
		return p + " (USD/h)"
	case "count":
		return p + " (VMs)"
	case "spot_price", "payg_price", "disk_price":
		return p + " (USD/h)"
	}
	return p
}

// compareValues orders a parameter's values: numbers ascending, -1 ("up
// to pay-as-you-go") after them as the highest cap, then text.
func compareValues(a, b string) int {
	x, errA := strconv.ParseFloat(a, 64)
	y, errB := strconv.ParseFloat(b, 64)
	switch {
	case errA == nil && errB == nil:
		if x == -1 || y == -1 {
			return boolCmp(x == -1, y == -1)
		}
		return cmp.Compare(x, y)
	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return strings.Compare(a, b)
}

// axis places a parameter's values on X: at their number when every value
// is one, else (or when a max price axis holds -1, which is not a price
// below the others) at category positions in sorted order.
func (s *sweep) axis(p string) (pos map[string]float64, cats []string) {
	var vals []string
	numeric := true
	for i := range s.t.rows {
		v := s.t.str(i, p)
		if !slices.Contains(vals, v) {
			vals = append(vals, v)
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || (x == -1 && strings.HasSuffix(p, "max_price")) {
			numeric = false
		}
	}
	pos = map[string]float64{}
	if numeric {
		for _, v := range vals {
			pos[v], _ = strconv.ParseFloat(v, 64)
		}
		return pos, nil
	}
	slices.SortFunc(vals, compareValues)
	cats = make([]string, len(vals))
	for i, v := range vals {
		pos[v] = float64(i)
		cats[i] = v
		if v == "-1" && strings.HasSuffix(p, "max_price") {
			cats[i] = "-1 (pay-as-you-go)"
		}
	}
	return pos, cats
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// savingsFigure: the fleet's savings % against parameter p, one line per
// combination of the other parameters, each point the mean over
// replications with its 95 % confidence interval as an error bar.
func (s *sweep) savingsFigure(fleet, p string) (*Figure, error) {
	pos, cats := s.axis(p)
	f := &Figure{
		Name:       "sweep-savings-" + fileName(fleet) + "-" + fileName(strings.TrimPrefix(p, fleetParam.FindString(p))),
		Title:      fleet + ": savings against " + lastKey(p),
		XLabel:     paramLabel(p),
		YLabel:     "savings (% of pay-as-you-go compute)",
		Categories: cats,
		FreeY:      true,
	}
	var others []string
	for _, q := range s.independent() {
		if q != p {
			others = append(others, q)
		}
	}
	var groups []string
	groupValues := map[string][]string{}
	points := map[string]map[float64][]float64{}
	for i := range s.t.rows {
		v, err := s.t.float(i, "savings_pct")
		if err != nil {
			return nil, err
		}
		if math.IsNaN(v) {
			continue // no pay-as-you-go cost, no percentage
		}
		var g, vals []string
		for _, q := range others {
			g = append(g, lastKey(q)+"="+s.t.str(i, q))
			vals = append(vals, s.t.str(i, q))
		}
		key := strings.Join(g, ", ")
		if points[key] == nil {
			points[key] = map[float64][]float64{}
			groups = append(groups, key)
			groupValues[key] = vals
		}
		x := pos[s.t.str(i, p)]
		points[key][x] = append(points[key][x], v)
	}
	// The lines in the order of their values (the rows come in run-id
	// order, which is no order a reader sees): 8 VMs before 12, 0.03 before
	// 0.05, so colours and the legend follow the values.
	slices.SortStableFunc(groups, func(a, b string) int {
		return slices.CompareFunc(groupValues[a], groupValues[b], compareValues)
	})
	for gi, g := range groups {
		xs := make([]float64, 0, len(points[g]))
		for x := range points[g] {
			xs = append(xs, x)
		}
		slices.Sort(xs)
		name := g
		if name == "" {
			name = "mean of replications"
		}
		col := sweepColours[gi%len(sweepColours)]
		line := Layer{Kind: Line, Name: name, Color: col, Glyph: gi % len(glyphs)}
		bars := Layer{Kind: ErrBars, Color: col}
		for _, x := range xs {
			e := estimate(points[g][x])
			line.X, line.Y = append(line.X, x), append(line.Y, e.Mean)
			if !math.IsNaN(e.Hi) {
				bars.X, bars.Y = append(bars.X, x), append(bars.Y, e.Mean)
				bars.Lo, bars.Hi = append(bars.Lo, e.Lo), append(bars.Hi, e.Hi)
			}
		}
		f.Layers = append(f.Layers, line)
		if len(bars.X) > 0 {
			f.Layers = append(f.Layers, bars)
		}
	}
	return f, nil
}

var sweepColours = []int{cBlue, cOrange, cGreen, cPurple, cVermillion, cSky, cBlack, cYellow}

// tradeoffFigure: each configuration's mean total cost (with its 95 %
// interval) against its mean workload measure, numbered as in the
// decision table, with the Pareto frontier and the recommendation marked.
func tradeoffFigure(d *Decision) *Figure {
	f := &Figure{
		Name:   "sweep-tradeoff-" + fileName(d.Fleet),
		Title:  d.Fleet + ": total cost against " + strings.SplitN(d.Label, " (", 2)[0] + " per configuration",
		XLabel: d.Label + ", mean of replications",
		YLabel: "total cost (USD, mean, 95% CI)",
		FreeY:  true,
	}
	all := Layer{Kind: Points, Name: "configuration (# as in the table)", Color: cSky, Glyph: gCircle}
	bars := Layer{Kind: ErrBars, Color: cSky}
	// Numbers right of the markers: above them, a configuration's error
	// bar ran through its own number. Above the point's height where
	// lower measures are better (the frontier falls to the right), below
	// it where higher are (it rises), so the frontier misses them too.
	labels := Layer{Kind: Labels, Place: UpRight}
	if d.Higher {
		labels.Place = DownRight
	}
	front := Layer{Kind: Line, Name: "Pareto frontier", Color: cVermillion, Glyph: gTriangle}
	var pf []*Config
	// Configurations with the same results share a point and one label,
	// "3, 7": their numbers were printed over each other.
	labelAt := map[[2]float64]int{}
	for _, c := range d.Configs {
		if math.IsNaN(c.Measure.Mean) || math.IsNaN(c.Cost.Mean) {
			continue
		}
		all.X, all.Y = append(all.X, c.Measure.Mean), append(all.Y, c.Cost.Mean)
		if i, ok := labelAt[[2]float64{c.Measure.Mean, c.Cost.Mean}]; ok {
			labels.Text[i] += ", " + strconv.Itoa(c.No)
		} else {
			labelAt[[2]float64{c.Measure.Mean, c.Cost.Mean}] = len(labels.Text)
			labels.X, labels.Y, labels.Text = append(labels.X, c.Measure.Mean), append(labels.Y, c.Cost.Mean), append(labels.Text, strconv.Itoa(c.No))
		}
		if !math.IsNaN(c.Cost.Hi) {
			bars.X, bars.Y = append(bars.X, c.Measure.Mean), append(bars.Y, c.Cost.Mean)
			bars.Lo, bars.Hi = append(bars.Lo, c.Cost.Lo), append(bars.Hi, c.Cost.Hi)
		}
		if c.Pareto {
			pf = append(pf, c)
		}
	}
	slices.SortStableFunc(pf, func(a, b *Config) int { return cmp.Compare(a.Measure.Mean, b.Measure.Mean) })
	for _, c := range pf {
		front.X, front.Y = append(front.X, c.Measure.Mean), append(front.Y, c.Cost.Mean)
	}
	f.Layers = []Layer{all}
	if len(bars.X) > 0 {
		f.Layers = append(f.Layers, bars)
	}
	f.Layers = append(f.Layers, front)
	f.Layers = append(f.Layers, policyMarks(d)...)
	if d.Best != nil && !math.IsNaN(d.Best.Measure.Mean) {
		name := "recommended: #" + strconv.Itoa(d.Best.No)
		if d.Target != nil {
			name += " (" + d.Target.String() + ")"
		}
		f.Layers = append(f.Layers, Layer{Kind: Points, Name: name, Color: cBlack, Glyph: gSquare, X: []float64{d.Best.Measure.Mean}, Y: []float64{d.Best.Cost.Mean}})
	} else if d.Target != nil {
		f.Layers = append(f.Layers, Layer{Kind: Note, Name: "no configuration meets " + d.Target.String()})
	}
	f.Layers = append(f.Layers, labels)
	return f
}

// policyMarks: when a sweep varies a batch policy (a key path ending in
// policy or policy.name), one layer of points per policy, each its own
// colour and glyph, so that the trade-off chart marks each policy.
func policyMarks(d *Decision) []Layer {
	col := slices.IndexFunc(d.Params, func(q string) bool {
		return strings.HasSuffix(q, ".policy") || strings.HasSuffix(q, ".policy.name")
	})
	if col < 0 {
		return nil
	}
	byPolicy := map[string]*Layer{}
	var order []string
	for _, c := range d.Configs {
		if math.IsNaN(c.Measure.Mean) || math.IsNaN(c.Cost.Mean) {
			continue
		}
		name := c.Values[col]
		l := byPolicy[name]
		if l == nil {
			n := len(order)
			l = &Layer{Kind: Points, Name: "policy " + name, Color: sweepColours[n%len(sweepColours)], Glyph: n % len(glyphs)}
			byPolicy[name] = l
			order = append(order, name)
		}
		l.X, l.Y = append(l.X, c.Measure.Mean), append(l.Y, c.Cost.Mean)
	}
	out := make([]Layer, 0, len(order))
	for _, n := range order {
		out = append(out, *byPolicy[n])
	}
	return out
}

// lastKey shortens a key path to its last key, for labels:
// fleets[name=workers].max_price is max_price.
func lastKey(p string) string {
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[i+1:]
	}
	return p
}

// fileName makes a key path safe as a file name.
func fileName(p string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, p)
}
