package plot

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spotsim/spotsim/cmd/internal/scenario"
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// TestLayoutFits: in every chart of every folder, each legend entry fits
// the legend strip, the title fits the plot's width, a time axis has at
// most 8 labels that do not overlap, and category labels do not overlap.
func TestLayoutFits(t *testing.T) {
	for name, dir := range folders(t) {
		figs, err := Figures(dir)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, f := range figs {
			checkLayout(t, name+"/"+f.Name, f)
		}
	}
}

// TestLegendOfManyLines: a sweep chart with a line per combination of many
// parameters (40 here) has more lines than the legend has rows; the
// entries that fit are shown and the last row says how many more there are,
// instead of the entries running off the bottom of the image.
func TestLegendOfManyLines(t *testing.T) {
	f := &Figure{Name: "many", Title: "many lines", XLabel: "x", YLabel: "y", FreeY: true}
	for i := range 40 {
		f.Layers = append(f.Layers, Layer{Kind: Line, Name: fmt.Sprintf("count=%d, notice=10s", i), X: []float64{0, 1}, Y: []float64{float64(i), float64(i)}, Color: cBlue})
	}
	checkLayout(t, "many", f)
	_, lg, err := build(f)
	if err != nil {
		t.Fatal(err)
	}
	n := len(lg.names)
	if n >= 40 || n < 20 || lg.names[n-1] != fmt.Sprintf("… and %d more not shown", 40-(n-1)) || lg.names[0] != "count=0, notice=10s" {
		t.Fatalf("legend %q", lg.names)
	}
	if _, err := Render(f, "png"); err != nil {
		t.Fatal(err)
	}
}

// TestLongCategoriesAndFollowers: a sweep of fleet-sweep's shape, whose
// sizes (two lists, the same one for three allocations) are zipped with
// its allocation. The sizes' chart had one point per line, its labels
// hundreds of points wide, and the data squeezed out of sight; the
// allocation chart split its line by sizes. Sizes follow from the
// allocation, so they get no chart and no lines of their own; a long
// category is shortened to its slot.
func TestLongCategoriesAndFollowers(t *testing.T) {
	long := `"[Standard_D4s_v5, Standard_D4as_v5, Standard_D4ds_v5, Standard_E4s_v5]"`
	ranked := `"[{sku: Standard_E4s_v5, rank: 0}, {sku: Standard_D4s_v5, rank: 1}, {sku: Standard_D4ds_v5, rank: 2}, {sku: Standard_D4as_v5, rank: 3}]"`
	var b strings.Builder
	b.WriteString("run_id,replication,seed,fleets[name=web].allocation,fleets[name=web].sizes,scenario,fleet,total_cost_usd,savings_pct,availability_pct,evictions,workload\n")
	for i, a := range []string{"lowest_price", "capacity_optimized", "price_capacity_optimized", "prioritized"} {
		sizes := long
		if a == "prioritized" {
			sizes = ranked
		}
		for r := range 2 {
			fmt.Fprintf(&b, "r%d%d,%d,%d,%s,%s,s,web,%d,%d,99,1,service\n", i, r, r, r+1, a, sizes, 100+i+r, 80+i)
		}
	}
	dir := oneFleetSweep(t, b.String())
	figs, err := Figures(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range figs {
		names = append(names, f.Name)
		checkLayout(t, f.Name, f)
		if f.Name == "sweep-savings-web-allocation" && (len(f.Layers) == 0 || f.Layers[0].Name != "mean of replications") {
			t.Errorf("allocation chart's lines: %q, want one, the mean", f.Layers[0].Name)
		}
	}
	if want := []string{"sweep-savings-web-allocation", "sweep-tradeoff-web"}; !slices.Equal(names, want) {
		t.Errorf("charts %q, want %q", names, want)
	}
	// Sizes swept on their own (a grid with the strategy): their chart,
	// with the lists shortened to their slots.
	f := &Figure{Name: "long", Title: "long", XLabel: "sizes", YLabel: "%", Categories: []string{strings.Trim(long, `"`), strings.Trim(ranked, `"`)}, FreeY: true,
		Layers: []Layer{{Kind: Line, Name: "mean of replications", X: []float64{0, 1}, Y: []float64{80, 81}, Color: cBlue}}}
	checkLayout(t, "long", f)
}

func checkLayout(t *testing.T, name string, f *Figure) {
	t.Helper()
	p, lg, err := build(f)
	if err != nil {
		t.Fatal(err)
	}
	lw := legendWidth(lg)
	for _, n := range lg.names {
		if w := lg.TextStyle.Width(n) + lg.ThumbnailWidth + 6; lw > 0 && w > lw {
			t.Errorf("%s: legend entry %q is %.0f pt wide, the strip %.0f pt", name, n, w, lw)
		}
		if Width-lw+6+lg.TextStyle.Width(n)+lg.ThumbnailWidth > Width {
			t.Errorf("%s: legend entry %q runs off the image", name, n)
		}
	}
	// Entries go down from below the title, one step each: the last must
	// end above the image's bottom.
	if n := len(lg.names); n > 0 && legendTop(p)+vg.Length(n)*lg.legendStep()-lg.Padding+lg.TextStyle.FontExtents().Descent > Height {
		t.Errorf("%s: %d legend entries run off the bottom of the image", name, n)
	}
	if w := p.Title.TextStyle.Width(f.Title); w > Width-lw-8 {
		t.Errorf("%s: title %q is %.0f pt wide, room %.0f pt", name, f.Title, w, Width-lw-8)
	}
	// The data area is the image less the legend strip, the Y axis and its
	// label (generously 70 pt).
	area := Width - lw - 70
	style := p.X.Tick.Label
	if f.TimeX && f.XMax > f.XMin {
		checkTicks(t, name, timeTicks{}.Ticks(f.XMin, f.XMax), f.XMin, f.XMax, area, style.Width)
	}
	if n := len(f.Categories); n > 0 {
		// The labels as drawn (shortened to their slots).
		slot := area / vg.Length(n)
		for _, k := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
			if w := style.Width(k.Label); w > slot {
				t.Errorf("%s: category %q is %.0f pt wide, its slot %.0f pt", name, k.Label, w, slot)
			}
		}
		// gonum pads the Y axis by half the first label: a long one
		// pushed the data out of sight.
		if p.Y.Padding > slot/2 {
			t.Errorf("%s: Y axis padded %.0f pt by its first category", name, p.Y.Padding)
		}
	}
}

func checkTicks(t *testing.T, name string, ticks []gplot.Tick, lo, hi float64, area vg.Length, width func(string) vg.Length) {
	t.Helper()
	var labels []gplot.Tick
	for _, k := range ticks {
		if k.Label != "" {
			labels = append(labels, k)
		}
	}
	if len(labels) > maxTimeLabels || len(labels) < 2 {
		t.Errorf("%s: %d time labels, want 2 to %d", name, len(labels), maxTimeLabels)
	}
	for i := 1; i < len(labels); i++ {
		gap := vg.Length((labels[i].Value-labels[i-1].Value)/(hi-lo)) * area
		need := (width(labels[i].Label)+width(labels[i-1].Label))/2 + 4
		if gap < need {
			t.Errorf("%s: labels %q and %q are %.0f pt apart, need %.0f", name, labels[i-1].Label, labels[i].Label, gap, need)
		}
	}
}

// TestTimeTicks: from an hour to 900 days, at most 8 labels that fit a
// chart, and a year on the first label.
func TestTimeTicks(t *testing.T) {
	start := float64(time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC).Unix())
	style := gplot.New().X.Tick.Label
	for _, days := range []float64{1.0 / 24, 1, 3, 7, 30, 90, 365, 900, 3650} {
		hi := start + days*86400
		ticks := timeTicks{}.Ticks(start, hi)
		checkTicks(t, time.Duration(days*24*float64(time.Hour)).String(), ticks, start, hi, Width*3/5-70, style.Width)
		for _, k := range ticks {
			if k.Label != "" {
				if y := time.Unix(int64(k.Value), 0).UTC().Format("2006"); len(k.Label) < 4 || k.Label[len(k.Label)-4:] != y {
					t.Errorf("%v days: first label %q names no year", days, k.Label)
				}
				break
			}
		}
	}
}

// TestNoticesOfABusyPool: a pool with hundreds of notice instants (the
// service example: ~200 capacity notices in a week) drew a marker per
// instant at the spot price, a solid band that hid the spot price line it
// sat on. Past maxEvictionMarks instants the notices are counted per
// bucket in a row above the prices, and the counts add up to every notice.
func TestNoticesOfABusyPool(t *testing.T) {
	sc, err := scenario.Load(filepath.Join("..", "..", "..", "scenarios", "service.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := writeRun(t, sc)
	summary, err := os.ReadFile(filepath.Join(dir, "summary.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(summary)), "\n")
	notices, err := strconv.Atoi(strings.Split(lines[1], ",")[slices.Index(strings.Split(lines[0], ","), "notices")])
	if err != nil || notices <= maxEvictionMarks {
		t.Fatalf("the service example's notices %d (%v): want more than %d to test this", notices, err, maxEvictionMarks)
	}
	figs, err := Figures(dir)
	if err != nil {
		t.Fatal(err)
	}
	var f *Figure
	for _, g := range figs {
		if strings.HasPrefix(g.Name, "price-") {
			f = g
		}
	}
	if f == nil {
		t.Fatal("no price chart")
	}
	counted := 0
	for _, l := range f.Layers {
		if l.Kind == Points && len(l.X) > maxEvictionMarks {
			t.Errorf("layer %q: %d markers, want at most %d", l.Name, len(l.X), maxEvictionMarks)
		}
		if l.Kind == Points && l.Name != fmt.Sprintf("capacity notices per day (%d in all)", notices) {
			t.Errorf("layer %q, want capacity notices per day (%d in all)", l.Name, notices)
		}
		if l.Kind == Labels {
			for _, s := range l.Text {
				n, err := strconv.Atoi(s)
				if err != nil {
					t.Fatal(err)
				}
				counted += n
			}
		}
	}
	if counted != notices {
		t.Errorf("labels count %d notices, summary.csv %d", counted, notices)
	}
	checkLayout(t, f.Name, f)
}

// TestWholeVMs: a fleet's VMs-by-state axis is labelled at whole numbers;
// the batch example's one-VM fleet was labelled 0.0, 0.5 and 1.0.
func TestWholeVMs(t *testing.T) {
	sc, err := scenario.Load(filepath.Join("..", "..", "..", "scenarios", "batch.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	figs, err := Figures(writeRun(t, sc))
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, f := range figs {
		if !strings.HasPrefix(f.Name, "fleet-") {
			continue
		}
		seen++
		p, _, err := build(f)
		if err != nil {
			t.Fatal(err)
		}
		var labels []string
		for _, tk := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
			if tk.Label == "" {
				continue
			}
			labels = append(labels, tk.Label)
			if _, err := strconv.Atoi(tk.Label); err != nil {
				t.Errorf("%s: Y label %q is not a whole number of VMs", f.Name, tk.Label)
			}
		}
		if len(labels) < 2 {
			t.Errorf("%s: Y labels %q, want at least two", f.Name, labels)
		}
	}
	if seen == 0 {
		t.Fatal("no fleet chart")
	}
	for _, c := range []struct {
		lo, hi float64
		want   string
	}{{0, 1.1, "0 1"}, {0, 2.2, "0 1 2"}, {0, 11, "0 5 10"}, {0, 230, "0 100 200"}} {
		checkTickLabels(t, "wholeTicks", wholeTicks{}, c.lo, c.hi, c.want)
	}
}

// checkTickLabels checks the labels m puts on an axis from lo to hi.
func checkTickLabels(t *testing.T, name string, m gplot.Ticker, lo, hi float64, want string) {
	t.Helper()
	var got []string
	for _, tk := range m.Ticks(lo, hi) {
		if tk.Label != "" {
			got = append(got, tk.Label)
		}
	}
	if strings.Join(got, " ") != want {
		t.Errorf("%s(%g, %g) labels %q, want %s", name, lo, hi, got, want)
	}
}

// TestTradeoffLabelsClear: a trade-off chart's configuration numbers sit
// beside their markers. Above them, as they were, the vertical error bars
// ran through some (the example sweep's #7 and #8, seen rendering its
// report in headless Chromium) and the Pareto frontier through others. In
// the example sweep (a batch: the frontier falls to the right) and in a
// service sweep (it rises), no number is crossed by an error bar, a
// marker, the frontier, the deadline or another number, and each is
// inside the plot.
func TestTradeoffLabelsClear(t *testing.T) {
	var b strings.Builder
	b.WriteString("run_id,replication,seed,fleets[name=web].count,scenario,fleet,total_cost_usd,savings_pct,availability_pct,evictions,workload\n")
	for i, c := range []struct{ cost, avail float64 }{{10, 95}, {12, 97}, {14, 98.5}, {16, 99.9}, {15, 96}} {
		for r := range 3 {
			fmt.Fprintf(&b, "r%d%d,%d,%d,%d,s,web,%g,80,%g,1,service\n", i, r, r, r+1, 2*i+2, c.cost+float64(r-1)*0.6, c.avail+float64(r-1)*0.1)
		}
	}
	dir := oneFleetSweep(t, b.String())
	for name, dir := range map[string]string{"example sweep": filepath.Join("testdata", "sweep"), "service sweep": dir} {
		figs, err := Figures(dir)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range figs {
			if strings.HasPrefix(f.Name, "sweep-tradeoff-") {
				n++
				checkPointLabels(t, name+"/"+f.Name, f)
			}
		}
		if n == 0 {
			t.Fatalf("%s: no trade-off chart", name)
		}
	}
}

// checkPointLabels draws f as Render does and checks each text of its
// Labels layers against the other things drawn at data points.
func checkPointLabels(t *testing.T, name string, f *Figure) {
	t.Helper()
	p, lg, err := build(f)
	if err != nil {
		t.Fatal(err)
	}
	dc := draw.New(vgimg.New(Width, Height))
	plotArea := draw.Crop(dc, 4, -legendWidth(lg), 4, -8)
	data := p.DataCanvas(plotArea)
	trX, trY := p.Transforms(&data)
	at := func(x, y float64) vg.Point { return vg.Point{X: trX(x), Y: trY(y)} }
	type thing struct {
		what string
		box  vg.Rectangle
	}
	var things []thing
	// A segment as boxes a quarter point long, as wide as its line.
	segment := func(what string, a, b vg.Point, width vg.Length) {
		d := b.Sub(a)
		n := int(math.Hypot(float64(d.X), float64(d.Y))*4) + 1
		for i := 0; i <= n; i++ {
			c := a.Add(d.Scale(vg.Length(i) / vg.Length(n)))
			things = append(things, thing{what, vg.Rectangle{Min: c.Sub(vg.Point{X: width / 2, Y: width / 2}), Max: c.Add(vg.Point{X: width / 2, Y: width / 2})}})
		}
	}
	var texts []thing
	for _, l := range f.Layers {
		switch l.Kind {
		case Points:
			for i := range l.X {
				c := at(l.X[i], l.Y[i])
				r := vg.Point{X: markerRadius, Y: markerRadius}
				things = append(things, thing{fmt.Sprintf("marker %q %d", l.Name, i), vg.Rectangle{Min: c.Sub(r), Max: c.Add(r)}})
			}
		case ErrBars:
			for i := range l.X {
				lo, hi := at(l.X[i], l.Lo[i]), at(l.X[i], l.Hi[i])
				what := fmt.Sprintf("error bar at %g", l.X[i])
				segment(what, lo, hi, 1.2)
				half := vg.Point{X: plotter.DefaultCapWidth / 2}
				segment(what, lo.Sub(half), lo.Add(half), 1.2)
				segment(what, hi.Sub(half), hi.Add(half), 1.2)
			}
		case Line:
			for i := 1; i < len(l.X); i++ {
				segment(fmt.Sprintf("line %q", l.Name), at(l.X[i-1], l.Y[i-1]), at(l.X[i], l.Y[i]), 1.6)
			}
		case VLine:
			segment(l.Name, vg.Point{X: trX(l.X[0]), Y: data.Min.Y}, vg.Point{X: trX(l.X[0]), Y: data.Max.Y}, 1.6)
		case Labels:
			xy := make(plotter.XYs, len(l.X))
			for i := range l.X {
				xy[i].X, xy[i].Y = l.X[i], l.Y[i]
			}
			lb, err := newLabels(l, xy)
			if err != nil {
				t.Fatal(err)
			}
			if l.Place == Above {
				t.Errorf("%s: numbers above their points", name)
			}
			for i, s := range l.Text {
				box := lb.TextStyle[i].Rectangle(s).Add(at(l.X[i], l.Y[i]).Add(lb.Offset))
				texts = append(texts, thing{fmt.Sprintf("label %q", s), box})
			}
		}
	}
	if len(texts) == 0 {
		t.Fatalf("%s: no labels", name)
	}
	overlap := func(a, b vg.Rectangle) bool {
		return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
	}
	for i, tx := range texts {
		if tx.box.Min.X < data.Min.X || tx.box.Max.X > data.Max.X || tx.box.Min.Y < data.Min.Y || tx.box.Max.Y > data.Max.Y {
			t.Errorf("%s: %s at %v is outside the plot %v", name, tx.what, tx.box, data.Rectangle)
		}
		for _, o := range texts[i+1:] {
			if overlap(tx.box, o.box) {
				t.Errorf("%s: %s overlaps %s", name, tx.what, o.what)
			}
		}
		seen := map[string]bool{}
		for _, o := range things {
			if !seen[o.what] && overlap(tx.box, o.box) {
				seen[o.what] = true
				t.Errorf("%s: %s is crossed by %s", name, tx.what, o.what)
			}
		}
	}
}

// TestDistinctTicks: gonum labelled a narrow availability axis "98", "98",
// "98" (ticks 97.65 to 97.75) and "1e+02" three times (99.9 to 100); labels are
// told apart with the fewest decimals, and the default's are kept when
// they are fine.
func TestDistinctTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		want   string
	}{
		{97.65, 97.75, "97.65 97.70 97.75"},
		{97.68, 97.72, "97.685 97.700 97.715"},
		{99.9, 100.01, "99.90 99.95 100.00"},
		{0, 250, "0 100 200"},
		{0.0001, 0.0009, "0.0002 0.0004 0.0006 0.0008"},
	} {
		checkTickLabels(t, "distinctTicks", distinctTicks{}, c.lo, c.hi, c.want)
	}
}

// TestSharedPointOneLabel: configurations with the same results share a
// point on the trade-off chart and one label, "2, 5"; their numbers were
// printed over each other.
func TestSharedPointOneLabel(t *testing.T) {
	var b strings.Builder
	b.WriteString("run_id,replication,seed,fleets[name=web].count,scenario,fleet,total_cost_usd,savings_pct,availability_pct,evictions,workload\n")
	for i, c := range []struct{ cost, avail float64 }{{10, 95}, {12, 97}, {14, 98.5}, {12, 97}} {
		fmt.Fprintf(&b, "r%d,0,1,%d,s,web,%g,80,%g,1,service\n", i, 2*i+2, c.cost, c.avail)
	}
	figs, err := Figures(oneFleetSweep(t, b.String()))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range figs {
		if !strings.HasPrefix(f.Name, "sweep-tradeoff-") {
			continue
		}
		for _, l := range f.Layers {
			if l.Kind != Labels {
				continue
			}
			shared := 0
			for _, s := range l.Text {
				if strings.Contains(s, ", ") {
					shared++
				}
			}
			if len(l.Text) != 3 || shared != 1 {
				t.Fatalf("labels %q; want 3, one of them two numbers", l.Text)
			}
			checkPointLabels(t, f.Name, f)
			return
		}
	}
	t.Fatal("no trade-off chart with labels")
}

// oneFleetSweep is a sweep folder of one fleet from its rows (a header and
// lines of fleets.csv): the summary's rows are the fleet's.
func oneFleetSweep(t *testing.T, rows string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"fleets.csv", "summary.csv"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(rows), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
