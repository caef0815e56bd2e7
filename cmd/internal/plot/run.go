package plot

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

var nan = math.NaN()

// Palette colours by role, as indexes into Palette.
const (
	cBlack = iota
	cOrange
	cSky
	cGreen
	cYellow
	cBlue
	cVermillion
	cPurple
)

// maxPriceColours are given to fleets' max price lines in turn.
var maxPriceColours = []int{cOrange, cGreen, cPurple, cSky, cYellow}

// stateColours gives each VM state of timeline.csv its colour; the order is
// the stacking order, bottom first.
var stateOrder = []string{"running", "starting", "creating", "stopping", "stopped", "deallocating", "deallocated", "deleting"}

var stateColours = map[string]int{
	"running": cGreen, "starting": cSky, "creating": cYellow, "stopping": cVermillion,
	"stopped": cOrange, "deallocating": cPurple, "deallocated": cBlue, "deleting": cBlack,
}

// Marker shapes, as indexes into glyphs: gBox is a filled square, gSquare
// a hollow one (gonum has no diamond).
const (
	gTriangle = iota
	gBox
	gCross
	gCircle
	gSquare
)

// run is what a run's CSV files say, as the charts need it.
type run struct {
	dir        string
	name       string
	start, end float64 // Unix seconds
	pools      []*pool
	fleetPool  map[string]*pool
	fleets     []string // fleets.csv or timeline order
	events     *table   // nil when the run wrote no events.csv
	timeline   *table
	fleetTable *table
	workload   *table // nil without workload.csv
}

type pool struct {
	region, sku string
	spotX       []float64
	spotY       []float64
	payg        float64
	maxFleets   []string
	maxX, maxY  map[string][]float64
}

func (p *pool) key() string { return p.region + "/" + p.sku }

// loadRun reads a run folder. summary.csv must be there; every other file
// is optional, and the charts that need a missing one are left out.
func loadRun(dir string) (*run, error) {
	sum, err := readTable(dir, "summary.csv")
	if err != nil {
		return nil, err
	}
	if err := sum.need("scenario", "horizon_hours"); err != nil {
		return nil, err
	}
	if len(sum.rows) != 1 {
		return nil, fmt.Errorf("%s: %d rows, a run's summary has one", sum.path, len(sum.rows))
	}
	r := &run{dir: dir, name: sum.str(0, "scenario"), fleetPool: map[string]*pool{}}
	hz, err := sum.float(0, "horizon_hours")
	if err != nil {
		return nil, err
	}
	if err := r.loadPrices(); err != nil && !errors.Is(err, errMissing) {
		return nil, err
	}
	for _, name := range []string{"events.csv", "timeline.csv", "fleets.csv", "workload.csv"} {
		t, err := readTable(dir, name)
		if errors.Is(err, errMissing) {
			continue
		}
		if err != nil {
			return nil, err
		}
		switch name {
		case "events.csv":
			r.events, err = t, t.need("time", "fleet", "event", "spot_price_usd", "reason")
		case "timeline.csv":
			r.timeline, err = t, t.need("time", "fleet", "state", "vms")
		case "fleets.csv":
			r.fleetTable, err = t, t.need("fleet", "compute_cost_usd", "disk_cost_usd", "payg_compute_cost_usd", "savings_pct")
			if err == nil && len(t.rows) == 0 {
				// A run's fleets.csv has a row per fleet, and a run has one.
				err = fmt.Errorf("%s: a header and no rows; a run's fleets.csv has a row per fleet: the file is damaged", t.path)
			}
		case "workload.csv":
			r.workload, err = t, t.need("time", "fleet", "workload", "running", "wanted", "work_done_hours", "work_lost_hours")
		}
		if err != nil {
			return nil, err
		}
	}
	// Without prices.csv the start is the first thing that happened.
	if len(r.pools) == 0 {
		r.start = math.Inf(1)
		for _, t := range []*table{r.timeline, r.events} {
			if t != nil && len(t.rows) > 0 {
				v, err := t.time(0, "time")
				if err != nil {
					return nil, err
				}
				r.start = min(r.start, v)
			}
		}
		if math.IsInf(r.start, 1) {
			r.start = 0
		}
	}
	r.end = r.start + math.Round(hz*3600)
	return r, nil
}

func (r *run) loadPrices() error {
	t, err := readTable(r.dir, "prices.csv")
	if err != nil {
		return err
	}
	if err := t.need("time", "region", "sku", "fleet", "series", "price_usd"); err != nil {
		return err
	}
	byKey := map[string]*pool{}
	r.start = math.Inf(1)
	for i := range t.rows {
		at, err := t.time(i, "time")
		if err != nil {
			return err
		}
		r.start = min(r.start, at)
		v, err := t.float(i, "price_usd")
		if err != nil {
			return err
		}
		k := t.str(i, "region") + "/" + t.str(i, "sku")
		p := byKey[k]
		if p == nil {
			p = &pool{region: t.str(i, "region"), sku: t.str(i, "sku"), maxX: map[string][]float64{}, maxY: map[string][]float64{}}
			byKey[k] = p
			r.pools = append(r.pools, p)
		}
		switch s := t.str(i, "series"); s {
		case "spot":
			p.spotX, p.spotY = append(p.spotX, at), append(p.spotY, v)
		case "payg":
			p.payg = v
		case "max_price":
			f := t.str(i, "fleet")
			if _, seen := p.maxX[f]; !seen {
				p.maxFleets = append(p.maxFleets, f)
			}
			p.maxX[f], p.maxY[f] = append(p.maxX[f], at), append(p.maxY[f], v)
			r.fleetPool[f] = p
		default:
			return t.bad(i, "series", s, "spot, payg or max_price")
		}
	}
	return nil
}

// stepTo closes a step series at end, so its last value is drawn to the
// end of the run.
func stepTo(x, y []float64, end float64) ([]float64, []float64) {
	if len(x) == 0 || x[len(x)-1] >= end {
		return x, y
	}
	return append(slices.Clip(x), end), append(slices.Clip(y), y[len(y)-1])
}

// RunFigures builds every chart a run folder has the files for.
func runFigures(r *run) ([]*Figure, error) {
	var figs []*Figure
	for _, p := range r.pools {
		f, err := r.priceFigure(p)
		if err != nil {
			return nil, err
		}
		figs = append(figs, f)
	}
	if r.timeline != nil {
		fs, err := r.fleetFigures()
		if err != nil {
			return nil, err
		}
		figs = append(figs, fs...)
	}
	sizes, err := r.sizeFigures()
	if err != nil {
		return nil, err
	}
	figs = append(figs, sizes...)
	if r.fleetTable != nil {
		f, err := r.costFigure()
		if err != nil {
			return nil, err
		}
		figs = append(figs, f)
	}
	if r.workload != nil {
		fs, err := r.workloadFigures()
		if err != nil {
			return nil, err
		}
		figs = append(figs, fs...)
	}
	return figs, nil
}

// workloadFigures draws, per workload fleet, a service's availability over
// time (VMs running of wanted, %) or a batch's work saved and lost so far.
func (r *run) workloadFigures() ([]*Figure, error) {
	t := r.workload
	type series struct {
		kind                 string
		x, avail, done, lost []float64
	}
	var order []string
	by := map[string]*series{}
	for i := range t.rows {
		name := t.str(i, "fleet")
		at, err := t.time(i, "time")
		if err != nil {
			return nil, err
		}
		running, err1 := t.float(i, "running")
		wanted, err2 := t.float(i, "wanted")
		if err := errors.Join(err1, err2); err != nil {
			return nil, err
		}
		s := by[name]
		if s == nil {
			s = &series{kind: t.str(i, "workload")}
			by[name] = s
			order = append(order, name)
		}
		a := 100.0
		if wanted > 0 {
			a = 100 * min(running, wanted) / wanted
		}
		s.x, s.avail = append(s.x, at), append(s.avail, a)
		if s.kind == "batch" {
			done, err1 := t.float(i, "work_done_hours")
			lost, err2 := t.float(i, "work_lost_hours")
			if err := errors.Join(err1, err2); err != nil {
				return nil, err
			}
			s.done, s.lost = append(s.done, done), append(s.lost, lost)
		}
	}
	var figs []*Figure
	for _, name := range order {
		s := by[name]
		f := &Figure{Name: "workload-" + name, TimeX: true, XLabel: "time (UTC)", XMin: r.start, XMax: r.end}
		if s.kind == "batch" {
			f.Title, f.YLabel = name+": batch work saved and lost", "VM-hours of work"
			// Work grows while VMs run, between the rows that record it:
			// straight segments, not steps that look stalled.
			x, y := stepTo(s.x, s.done, r.end)
			xl, yl := stepTo(s.x, s.lost, r.end)
			f.Layers = []Layer{{Kind: Ramp, Name: "work done", Color: cGreen, X: x, Y: y},
				{Kind: Step, Name: "work lost to evictions", Color: cVermillion, X: xl, Y: yl}}
			if dl, ok := deadlines(r.dir, r.start)[name]; ok {
				f.Layers = append(f.Layers, Layer{Kind: VLine, Name: "deadline", Color: cBlack, X: []float64{dl}})
			}
		} else {
			f.Title, f.YLabel = name+": service availability", "VMs running of wanted (%)"
			x, y := stepTo(s.x, s.avail, r.end)
			f.Layers = []Layer{{Kind: Step, Name: "running / wanted", Color: cBlue, X: x, Y: y}}
		}
		figs = append(figs, f)
	}
	return figs, nil
}

func (r *run) priceFigure(p *pool) (*Figure, error) {
	f := &Figure{
		Name:   "price-" + p.region + "-" + p.sku,
		Title:  fmt.Sprintf("%s %s: spot price, max prices and notices", p.region, p.sku),
		XLabel: "time (UTC)",
		YLabel: "USD per hour",
		TimeX:  true, XMin: r.start, XMax: r.end,
	}
	if len(p.spotX) > 0 {
		x, y := stepTo(p.spotX, p.spotY, r.end)
		f.Layers = append(f.Layers, Layer{Kind: Step, Name: "spot price", Color: cBlue, X: x, Y: y})
	}
	var uncapped []string
	for i, name := range p.maxFleets {
		x, y := p.maxX[name], p.maxY[name]
		if slices.Contains(y, -1) {
			// -1 caps at pay-as-you-go: the dashed line is that cap.
			uncapped = append(uncapped, name)
			if !slices.ContainsFunc(y, func(v float64) bool { return v >= 0 }) {
				continue
			}
			var kx, ky []float64
			for j := range x {
				v := y[j]
				if v < 0 {
					v = p.payg
				}
				kx, ky = append(kx, x[j]), append(ky, v)
			}
			x, y = kx, ky
		}
		x, y = stepTo(x, y, r.end)
		f.Layers = append(f.Layers, Layer{Kind: Step, Name: "max price " + name, Color: maxPriceColours[i%len(maxPriceColours)], X: x, Y: y})
	}
	payg := "pay-as-you-go"
	if len(uncapped) > 0 {
		payg += " = max -1 (" + strings.Join(uncapped, ", ") + ")"
	}
	f.Layers = append(f.Layers, Layer{Kind: Dashed, Name: payg, Color: cBlack, X: []float64{r.start, r.end}, Y: []float64{p.payg, p.payg}})
	if r.events != nil {
		ls, err := r.noticeLayers(p)
		if err != nil {
			return nil, err
		}
		f.Layers = append(f.Layers, ls...)
	}
	return f, nil
}

// noticeLayers marks a pool's notices on its price chart, price and
// capacity notices apart: a marker per notice instant at the spot price of
// that instant, or, past maxEvictionMarks instants of a reason, one
// labelled marker per bucket in a row above the prices (209 capacity
// notices in a week drew a solid band over the spot price line).
func (r *run) noticeLayers(p *pool) ([]Layer, error) {
	type reason struct {
		name   string
		colour int
		glyph  int
		at, y  []float64 // per instant
		count  []int     // notices per instant
	}
	reasons := []*reason{{name: "price", colour: cVermillion, glyph: gTriangle}, {name: "capacity", colour: cSky, glyph: gBox}}
	last := map[string]string{}
	for i := range r.events.rows {
		if r.events.str(i, "event") != "notice" || r.fleetPool[r.events.str(i, "fleet")] != p {
			continue
		}
		rs := reasons[0]
		if r.events.str(i, "reason") == "capacity" {
			rs = reasons[1]
		}
		// Many VMs are noticed at once: one marker per instant.
		s := r.events.str(i, "time")
		if s == last[rs.name] {
			rs.count[len(rs.count)-1]++
			continue
		}
		last[rs.name] = s
		at, err := r.events.time(i, "time")
		if err != nil {
			return nil, err
		}
		v, err := r.events.float(i, "spot_price_usd")
		if err != nil {
			return nil, err
		}
		rs.at, rs.y, rs.count = append(rs.at, at), append(rs.y, v), append(rs.count, 1)
	}
	var layers []Layer
	row := 0
	for _, rs := range reasons {
		if len(rs.at) == 0 {
			continue
		}
		if len(rs.at) <= maxEvictionMarks {
			layers = append(layers, Layer{Kind: Points, Name: rs.name + " notice", Color: rs.colour, Glyph: rs.glyph, X: rs.at, Y: rs.y})
			continue
		}
		// A row per reason above the highest price drawn.
		top := p.payg
		for _, v := range p.spotY {
			top = max(top, v)
		}
		for _, ys := range p.maxY {
			for _, v := range ys {
				top = max(top, v)
			}
		}
		y := top * (1.06 + 0.08*float64(row))
		row++
		layers = append(layers, r.bucketLayers(rs.at, rs.count, y, rs.name+" notices", rs.colour, rs.glyph)...)
	}
	return layers, nil
}

// bucket is the span that one marker stands for when a chart has too many
// instants to mark one by one: an hour for runs up to 2 days, a day up to
// 60 days, else a week.
func (r *run) bucket() (seconds float64, unit string) {
	switch span := r.end - r.start; {
	case span > 60*86400:
		return 7 * 86400, "week"
	case span > 2*86400:
		return 86400, "day"
	}
	return 3600, "hour"
}

func (r *run) fleetFigures() ([]*Figure, error) {
	t := r.timeline
	type fleet struct {
		times  []float64
		counts map[string][]float64 // per state, one per time, forward filled
	}
	var order []string
	fleets := map[string]*fleet{}
	for i := range t.rows {
		name, state := t.str(i, "fleet"), t.str(i, "state")
		at, err := t.time(i, "time")
		if err != nil {
			return nil, err
		}
		n, err := strconv.Atoi(t.str(i, "vms"))
		if err != nil || n < 0 {
			return nil, t.bad(i, "vms", t.str(i, "vms"), "a count of VMs")
		}
		if _, ok := stateColours[state]; !ok {
			return nil, t.bad(i, "state", state, "a VM state other than deleted ("+strings.Join(stateOrder, ", ")+")")
		}
		fl := fleets[name]
		if fl == nil {
			fl = &fleet{counts: map[string][]float64{}}
			fleets[name] = fl
			order = append(order, name)
		}
		if k := len(fl.times); k == 0 || fl.times[k-1] != at {
			if k > 0 && at < fl.times[k-1] {
				return nil, t.bad(i, "time", t.str(i, "time"), "in time order")
			}
			fl.times = append(fl.times, at)
			for s, c := range fl.counts {
				fl.counts[s] = append(c, c[len(c)-1])
			}
		}
		c, ok := fl.counts[state]
		if !ok {
			c = make([]float64, len(fl.times))
			fl.counts[state] = c
		}
		c[len(c)-1] = float64(n)
	}

	var figs []*Figure
	for _, name := range order {
		fl := fleets[name]
		f := &Figure{
			Name:   "fleet-" + name,
			Title:  "fleet " + name + ": VMs by state",
			XLabel: "time (UTC)",
			YLabel: "VMs",
			TimeX:  true, XMin: r.start, XMax: r.end, IntY: true,
		}
		total := make([]float64, len(fl.times))
		var layers []Layer
		for _, s := range stateOrder {
			c, ok := fl.counts[s]
			if !ok {
				continue
			}
			for i := range total {
				total[i] += c[i]
			}
			x, y := stepTo(fl.times, slices.Clone(total), r.end)
			layers = append(layers, Layer{Kind: Area, Name: s, Color: stateColours[s], X: x, Y: y})
		}
		// Top of the stack first: each area is filled down to zero and the
		// ones below paint over it.
		slices.Reverse(layers)
		f.Layers = layers
		if r.events != nil {
			ls, err := r.evictionLayers(name, fl.times, total)
			if err != nil {
				return nil, err
			}
			f.Layers = append(f.Layers, ls...)
		}
		figs = append(figs, f)
	}
	return figs, nil
}

// maxEvictionMarks is how many eviction instants a fleet chart marks one
// by one; beyond it a marker per hour, day or week carries the count.
const maxEvictionMarks = 40

// evictionLayers marks a fleet's evictions on its VMs-by-state chart: at
// the top of the stack at each eviction instant, or, for a fleet evicted
// often, one labelled marker per bucket at the top of the chart.
func (r *run) evictionLayers(name string, times, total []float64) ([]Layer, error) {
	var at []float64
	var count []int // evictions per instant
	last := ""
	for i := range r.events.rows {
		if r.events.str(i, "event") != "evict" || r.events.str(i, "fleet") != name {
			continue
		}
		s := r.events.str(i, "time")
		if s == last {
			count[len(count)-1]++ // the same instant: counted, not marked again
			continue
		}
		last = s
		t, err := r.events.time(i, "time")
		if err != nil {
			return nil, err
		}
		at, count = append(at, t), append(count, 1)
	}
	if len(at) == 0 {
		return nil, nil
	}
	if len(at) <= maxEvictionMarks {
		ev := Layer{Kind: Points, Name: "eviction", Color: cVermillion, Glyph: gCircle}
		for _, t := range at {
			j, _ := slices.BinarySearch(times, t)
			y := 0.0
			if j < len(total) && times[j] == t {
				y = total[j]
			} else if j > 0 {
				y = total[j-1]
			}
			ev.X, ev.Y = append(ev.X, t), append(ev.Y, y)
		}
		return []Layer{ev}, nil
	}
	return r.bucketLayers(at, count, slices.Max(total)*1.04, "evictions", cVermillion, gCircle), nil
}

// bucketLayers marks instants too many to mark one by one: their counts
// summed per hour, day or week (bucket), one marker a bucket at height y
// labelled with its count.
func (r *run) bucketLayers(at []float64, count []int, y float64, what string, colour, glyph int) []Layer {
	bucket, unit := r.bucket()
	counts := map[float64]int{}
	var keys []float64
	n := 0
	for i, t := range at {
		b := r.start + math.Floor((t-r.start)/bucket)*bucket + bucket/2
		if counts[b] == 0 {
			keys = append(keys, b)
		}
		counts[b] += count[i]
		n += count[i]
	}
	l := Layer{Kind: Points, Name: fmt.Sprintf("%s per %s (%d in all)", what, unit, n), Color: colour, Glyph: glyph}
	lb := Layer{Kind: Labels}
	for _, b := range keys {
		l.X, l.Y = append(l.X, b), append(l.Y, y)
		lb.X, lb.Y, lb.Text = append(lb.X, b), append(lb.Y, y), append(lb.Text, strconv.Itoa(counts[b]))
	}
	return []Layer{l, lb}
}

func (r *run) costFigure() (*Figure, error) {
	t := r.fleetTable
	f := &Figure{
		Name:   "cost",
		Title:  "cost per fleet: compute + disks, spot against pay-as-you-go",
		YLabel: "USD over the run",
	}
	paid := Layer{Kind: Bars, Name: "compute paid", Color: cBlue, Offset: -0.5}
	disk := Layer{Kind: Bars, Name: "disks (paid on both)", Color: cOrange, Offset: -0.5}
	payg := Layer{Kind: Bars, Name: "compute at pay-as-you-go", Color: cSky, Offset: 0.5}
	disk2 := Layer{Kind: Bars, Color: cOrange, Offset: 0.5}
	save := Layer{Kind: Labels}
	for i := range t.rows {
		var v [4]float64
		for j, c := range []string{"compute_cost_usd", "disk_cost_usd", "payg_compute_cost_usd", "savings_pct"} {
			x, err := t.float(i, c)
			if err != nil {
				return nil, err
			}
			v[j] = x
		}
		x := float64(i)
		f.Categories = append(f.Categories, t.str(i, "fleet"))
		paid.X, paid.Y = append(paid.X, x), append(paid.Y, v[0])
		disk.X, disk.Y, disk.Lo = append(disk.X, x), append(disk.Y, v[1]), append(disk.Lo, v[0])
		payg.X, payg.Y = append(payg.X, x), append(payg.Y, v[2])
		disk2.X, disk2.Y, disk2.Lo = append(disk2.X, x), append(disk2.Y, v[1]), append(disk2.Lo, v[2])
		label := "savings n/a"
		if !math.IsNaN(v[3]) {
			label = fmt.Sprintf("compute saves %.1f%%", v[3])
		}
		save.X, save.Y, save.Text = append(save.X, x), append(save.Y, max(v[0], v[2])+v[1]), append(save.Text, label)
	}
	f.Layers = []Layer{paid, disk, payg, disk2, save}
	return f, nil
}
