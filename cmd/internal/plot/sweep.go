package plot

import (
	"cmp"
	"fmt"
	"math"
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
	for i, k := range sweepKeys {
		if i >= len(t.head) || t.head[i] != k {
			return nil, fmt.Errorf("%s: a sweep summary begins with the columns %s", t.path, strings.Join(sweepKeys, ","))
		}
	}
	end := slices.Index(t.head, "scenario")
	if end < 0 {
		return nil, fmt.Errorf("%s: no scenario column, which begins a run's summary columns", t.path)
	}
	if err := t.need("total_cost_usd", "savings_pct"); err != nil {
		return nil, err
	}
	return &sweep{t: t, params: t.head[len(sweepKeys):end]}, nil
}

func sweepFigures(t *table) ([]*Figure, error) {
	s, err := loadSweep(t)
	if err != nil {
		return nil, err
	}
	var figs []*Figure
	for _, p := range s.params {
		f, err := s.savingsFigure(p)
		if err != nil {
			return nil, err
		}
		figs = append(figs, f)
	}
	f, err := s.tradeoffFigure()
	if err != nil {
		return nil, err
	}
	return append(figs, f), nil
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
	slices.SortFunc(vals, func(a, b string) int {
		x, errA := strconv.ParseFloat(a, 64)
		y, errB := strconv.ParseFloat(b, 64)
		switch {
		case errA == nil && errB == nil:
			// -1 ("up to pay-as-you-go") last: it is the highest cap.
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
	})
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

// stats are the replications of one point.
type stats struct{ sum, lo, hi, n float64 }

func (st *stats) add(v float64) {
	if st.n == 0 {
		st.lo, st.hi = v, v
	}
	st.sum, st.n = st.sum+v, st.n+1
	st.lo, st.hi = min(st.lo, v), max(st.hi, v)
}

func (st *stats) mean() float64 { return st.sum / st.n }

// savingsFigure: savings % against parameter p, one line per combination of
// the other parameters, each point the mean over replications with their
// range (lowest to highest) as an error bar.
func (s *sweep) savingsFigure(p string) (*Figure, error) {
	pos, cats := s.axis(p)
	f := &Figure{
		Name:       "sweep-savings-" + fileName(p),
		Title:      "savings against " + p,
		XLabel:     p,
		YLabel:     "savings (% of pay-as-you-go compute)",
		Categories: cats,
	}
	var others []string
	for _, q := range s.params {
		if q != p {
			others = append(others, q)
		}
	}
	var groups []string
	points := map[string]map[float64]*stats{}
	for i := range s.t.rows {
		v, err := s.t.float(i, "savings_pct")
		if err != nil {
			return nil, err
		}
		if math.IsNaN(v) {
			continue // no pay-as-you-go cost, no percentage
		}
		var g []string
		for _, q := range others {
			g = append(g, lastKey(q)+"="+s.t.str(i, q))
		}
		key := strings.Join(g, ", ")
		if points[key] == nil {
			points[key] = map[float64]*stats{}
			groups = append(groups, key)
		}
		x := pos[s.t.str(i, p)]
		if points[key][x] == nil {
			points[key][x] = &stats{}
		}
		points[key][x].add(v)
	}
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
			st := points[g][x]
			line.X, line.Y = append(line.X, x), append(line.Y, st.mean())
			bars.X, bars.Y = append(bars.X, x), append(bars.Y, st.mean())
			bars.Lo, bars.Hi = append(bars.Lo, st.lo), append(bars.Hi, st.hi)
		}
		f.Layers = append(f.Layers, line, bars)
	}
	return f, nil
}

var sweepColours = []int{cBlue, cOrange, cGreen, cPurple, cVermillion, cSky, cBlack, cYellow}

// tradeoff measures, in order of preference: the first column the sweep
// has is the X of the cost trade-off chart. The workload columns come with
// workloads; evictions is always there.
var tradeoffs = []struct {
	col, label   string
	higherBetter bool
}{
	{"availability_pct", "service availability (%)", true},
	{"makespan_hours", "batch makespan (hours)", false},
	{"evictions", "evictions per run", false},
}

// tradeoffFigure: each configuration's mean total cost against its mean
// availability, makespan or evictions, with the Pareto frontier (the
// configurations no other beats on both) drawn and labelled.
func (s *sweep) tradeoffFigure() (*Figure, error) {
	m := tradeoffs[len(tradeoffs)-1]
	for _, c := range tradeoffs {
		if s.filled(c.col) {
			// The first measure the runs have: a batch-only sweep has an
			// availability column, but empty.
			m = c
			break
		}
	}
	if err := s.t.need(m.col); err != nil {
		return nil, err
	}
	f := &Figure{
		Name:   "sweep-cost-tradeoff",
		Title:  "total cost against " + strings.SplitN(m.label, " (", 2)[0] + ", Pareto frontier",
		XLabel: m.label,
		YLabel: "total cost (USD, mean of replications)",
	}
	var keys []string
	cost, meas := map[string]*stats{}, map[string]*stats{}
	for i := range s.t.rows {
		var g []string
		for _, q := range s.params {
			g = append(g, lastKey(q)+"="+s.t.str(i, q))
		}
		key := strings.Join(g, " ")
		c, err := s.t.float(i, "total_cost_usd")
		if err != nil {
			return nil, err
		}
		x, err := s.t.float(i, m.col)
		if err != nil {
			return nil, err
		}
		if math.IsNaN(c) || math.IsNaN(x) {
			continue
		}
		if cost[key] == nil {
			cost[key], meas[key] = &stats{}, &stats{}
			keys = append(keys, key)
		}
		cost[key].add(c)
		meas[key].add(x)
	}
	all := Layer{Kind: Points, Name: "configuration", Color: cSky, Glyph: gCircle}
	type pt struct {
		x, y float64
		key  string
	}
	var pts []pt
	for _, k := range keys {
		p := pt{meas[k].mean(), cost[k].mean(), k}
		pts = append(pts, p)
		all.X, all.Y = append(all.X, p.x), append(all.Y, p.y)
	}
	marks := s.policyMarks(keys, all.X, all.Y)
	better := func(a, b float64) bool { return a < b }
	if m.higherBetter {
		better = func(a, b float64) bool { return a > b }
	}
	var front []pt
	for _, p := range pts {
		dominated := false
		for _, q := range pts {
			if q.y <= p.y && !better(p.x, q.x) && (q.y < p.y || better(q.x, p.x)) {
				dominated = true
				break
			}
		}
		if !dominated {
			front = append(front, p)
		}
	}
	slices.SortStableFunc(front, func(a, b pt) int {
		if c := cmp.Compare(a.x, b.x); c != 0 {
			return c
		}
		return strings.Compare(a.key, b.key)
	})
	line := Layer{Kind: Line, Name: "Pareto frontier", Color: cVermillion, Glyph: gTriangle}
	// Frontier points are numbered on the chart and named in the legend:
	// parameter lists are too long to sit beside close points.
	labels := Layer{Kind: Labels}
	f.Layers = []Layer{all, line, labels}
	if marks != nil {
		f.Layers = append(f.Layers, marks...)
	}
	for i, p := range front {
		n := strconv.Itoa(i + 1)
		line.X, line.Y = append(line.X, p.x), append(line.Y, p.y)
		labels.X, labels.Y, labels.Text = append(labels.X, p.x), append(labels.Y, p.y), append(labels.Text, n)
		f.Layers = append(f.Layers, Layer{Kind: Note, Name: n + ": " + p.key})
	}
	f.Layers[1], f.Layers[2] = line, labels
	return f, nil
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

// policyMarks: when a sweep varies a batch policy (a key path ending in
// policy or policy.name), one layer of points per policy, each its own
// colour and glyph, so that the trade-off chart marks each policy. keys[i]
// is the configuration of point (xs[i], ys[i]).
func (s *sweep) policyMarks(keys []string, xs, ys []float64) []Layer {
	col := -1
	for i, q := range s.params {
		if strings.HasSuffix(q, ".policy") || strings.HasSuffix(q, ".policy.name") {
			col = i
			break
		}
	}
	if col < 0 {
		return nil
	}
	prefix := lastKey(s.params[col]) + "="
	byPolicy := map[string]*Layer{}
	var order []string
	for i, k := range keys {
		name := ""
		for _, part := range strings.Split(k, " ") {
			if strings.HasPrefix(part, prefix) {
				name = strings.TrimPrefix(part, prefix)
				break
			}
		}
		l := byPolicy[name]
		if l == nil {
			n := len(order)
			l = &Layer{Kind: Points, Name: "policy " + name, Color: sweepColours[n%len(sweepColours)], Glyph: n % len(glyphs)}
			byPolicy[name] = l
			order = append(order, name)
		}
		l.X, l.Y = append(l.X, xs[i]), append(l.Y, ys[i])
	}
	out := make([]Layer, 0, len(order))
	for _, n := range order {
		out = append(out, *byPolicy[n])
	}
	return out
}

// filled says whether some row has a value in col.
func (s *sweep) filled(col string) bool {
	if !s.t.has(col) {
		return false
	}
	for i := range s.t.rows {
		if s.t.str(i, col) != "" {
			return true
		}
	}
	return false
}
