package plot

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"
	"time"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Palette is Okabe and Ito's colour-blind-safe set of eight colours
// ("Color Universal Design", Okabe & Ito, 2008; jfly.uni-koeln.de/color):
// black, orange, sky blue, bluish green, yellow, blue, vermillion, reddish
// purple. Markers also differ in shape, so no chart leans on hue alone.
var Palette = []color.RGBA{
	{0x00, 0x00, 0x00, 0xff},
	{0xe6, 0x9f, 0x00, 0xff},
	{0x56, 0xb4, 0xe9, 0xff},
	{0x00, 0x9e, 0x73, 0xff},
	{0xf0, 0xe4, 0x42, 0xff},
	{0x00, 0x72, 0xb2, 0xff},
	{0xd5, 0x5e, 0x00, 0xff},
	{0xcc, 0x79, 0xa7, 0xff},
}

// glyphs are the marker shapes, by the g* constants: filled where they can
// be, so a marker reads at README size.
var glyphs = []draw.GlyphDrawer{draw.PyramidGlyph{}, draw.BoxGlyph{}, draw.CrossGlyph{}, draw.CircleGlyph{}, draw.SquareGlyph{}}

func init() {
	// Sans serif reads better than gonum's default serif at small sizes.
	// Every plot.New and NewLegend copies this, and only this package
	// draws charts.
	gplot.DefaultFont = font.Font{Typeface: "Liberation", Variant: "Sans"}
	plotter.DefaultFont = gplot.DefaultFont
}

// Size of every chart: 720×360 pt, which is 960×480 px in a PNG at 96 dpi
// and in a browser showing the SVG: wide enough for a week of hourly steps,
// small enough for a README column.
const (
	Width  = 720 * vg.Length(1)
	Height = 360 * vg.Length(1)
	DPI    = 96
)

// PixelSize is a PNG's size in pixels.
func PixelSize() (w, h int) {
	return int(math.Round(Width.Dots(DPI))), int(math.Round(Height.Dots(DPI)))
}

// Render draws f as "png" or "svg".
func Render(f *Figure, format string) ([]byte, error) {
	var c vg.CanvasWriterTo
	switch format {
	case "png":
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(Width, Height), vgimg.UseDPI(DPI), vgimg.UseBackgroundColor(color.White))}
	case "svg":
		c = vgsvg.New(Width, Height)
	default:
		return nil, fmt.Errorf("format %q: want png or svg", format)
	}
	dc := draw.New(c)
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())

	p, lg, err := build(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	// The legend gets a strip right of the plot, so it never covers data.
	lw := legendWidth(lg)
	p.Draw(draw.Crop(dc, 4, -lw, 4, -8))
	if lw > 0 {
		lg.Draw(draw.Crop(dc, Width-lw+6, 0, 0, -legendTop(p)))
	}
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// legendTop is the room above the legend strip: the title's.
func legendTop(p *gplot.Plot) vg.Length {
	return p.Title.TextStyle.Height(p.Title.Text) + p.Title.Padding + 8
}

// legend is gonum's legend and the names in it, which it does not tell.
// Entries are held until done, which adds as many as the strip's height
// takes.
type legend struct {
	*gplot.Legend
	names   []string
	pending []legendEntry
}

type legendEntry struct {
	name  string
	thumb gplot.Thumbnailer // nil: text alone
}

func (l *legend) add(name string, t gplot.Thumbnailer) {
	l.pending = append(l.pending, legendEntry{l.fit(name), t})
}

// legendStep is the height of one legend entry and the gap below it.
func (l *legend) legendStep() vg.Length {
	return l.TextStyle.Rectangle("Xg").Max.Y + l.Padding
}

// legendRows is how many legend entries fit below top in the image.
func (l *legend) legendRows(top vg.Length) int {
	room := Height - top - l.TextStyle.FontExtents().Descent - 4 + l.Padding
	return max(int(room/l.legendStep()), 1)
}

// done puts the entries into the legend: all of them when they fit the
// strip's height below top, else as many as fit less one and a last line
// saying how many more there are (a sweep chart with a line per
// combination of many parameters has more lines than rows: they ran off
// the bottom of the image).
func (l *legend) done(top vg.Length) {
	entries := l.pending
	l.pending = nil
	more := 0
	if n := l.legendRows(top); len(entries) > n {
		more = len(entries) - (n - 1)
		entries = entries[:n-1]
	}
	for _, e := range entries {
		if e.thumb == nil {
			l.Add(e.name)
		} else {
			l.Add(e.name, e.thumb)
		}
		l.names = append(l.names, e.name)
	}
	if more > 0 {
		name := l.fit(fmt.Sprintf("… and %d more not shown", more))
		l.Add(name)
		l.names = append(l.names, name)
	}
}

// maxLegend is the widest the legend strip gets.
const maxLegend = Width * 2 / 5

// fit shortens a legend entry that would not fit the strip, with "…", so
// no entry runs off the image; the full names are in the tables.
func (l *legend) fit(name string) string {
	return shorten(l.TextStyle, name, maxLegend-l.ThumbnailWidth-24)
}

// shorten cuts text to room in style, ending it with "…" when cut.
func shorten(style draw.TextStyle, text string, room vg.Length) string {
	if style.Width(text) <= room {
		return text
	}
	r := []rune(text)
	for len(r) > 1 && style.Width(string(r)+"…") > room {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

func legendWidth(l *legend) vg.Length {
	var w vg.Length
	for _, name := range l.names {
		w = max(w, l.TextStyle.Width(name))
	}
	if w == 0 {
		return 0
	}
	return min(w+l.ThumbnailWidth+24, maxLegend)
}

func build(f *Figure) (*gplot.Plot, *legend, error) {
	p := gplot.New()
	p.Title.Text = f.Title
	p.Title.TextStyle.Font.Size = 13
	p.X.Label.Text = f.XLabel
	p.Y.Label.Text = f.YLabel
	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Gray{0xdd}
	grid.Horizontal.Color = color.Gray{0xdd}
	p.Add(grid)
	lg := newLegend()

	barWidth := vg.Length(0)
	if n := len(f.Categories); n > 0 {
		barWidth = min(vg.Length(40), (Width*3/5)/vg.Length(2*n+1))
	}
	bars := map[float64]*plotter.BarChart{}
	for _, l := range f.Layers {
		col := Palette[l.Color%len(Palette)]
		xy := make(plotter.XYs, len(l.Y))
		for i := range l.Y {
			xy[i].X, xy[i].Y = l.X[i], l.Y[i]
		}
		var thumb gplot.Thumbnailer
		switch l.Kind {
		case Step, Dashed, Area, Line, Ramp:
			ln, err := plotter.NewLine(xy)
			if err != nil {
				return nil, nil, err
			}
			ln.Color = col
			ln.Width = 1.6
			if l.Kind != Line && l.Kind != Ramp {
				ln.StepStyle = plotter.PostStep
			}
			if l.Kind == Dashed {
				ln.Dashes = []vg.Length{5, 3}
			}
			if l.Kind == Area {
				ln.FillColor = col
				ln.Width = 0.6
				ln.Color = color.White
			}
			p.Add(ln)
			thumb = ln
			if l.Kind == Line {
				sc, err := plotter.NewScatter(xy)
				if err != nil {
					return nil, nil, err
				}
				sc.Color, sc.Radius, sc.Shape = col, 3, glyphs[l.Glyph%len(glyphs)]
				p.Add(sc)
				thumb = thumbs{ln, sc}
			}
		case Points:
			sc, err := plotter.NewScatter(xy)
			if err != nil {
				return nil, nil, err
			}
			sc.Color, sc.Radius, sc.Shape = col, markerRadius, glyphs[l.Glyph%len(glyphs)]
			p.Add(sc)
			thumb = sc
		case Bars:
			b, err := plotter.NewBarChart(plotter.Values(l.Y), barWidth)
			if err != nil {
				return nil, nil, err
			}
			b.Color = col
			b.LineStyle.Width = 0
			b.Offset = vg.Length(l.Offset) * barWidth
			if under := bars[l.Offset]; under != nil && l.Lo != nil {
				b.StackOn(under)
			}
			bars[l.Offset] = b
			p.Add(b)
			thumb = b
		case ErrBars:
			e, err := plotter.NewYErrorBars(errs{l})
			if err != nil {
				return nil, nil, err
			}
			e.Color = col
			e.Width = 1.2
			p.Add(e)
		case VLine:
			vl := vline{x: l.X[0], col: col}
			p.Add(vl)
			thumb = vl
		case Labels:
			lb, err := newLabels(l, xy)
			if err != nil {
				return nil, nil, err
			}
			p.Add(lb)
		}
		if l.Kind == Note {
			lg.add(l.Name, nil)
			continue
		}
		if l.Name != "" && thumb != nil {
			lg.add(l.Name, thumb)
		}
	}

	lg.done(legendTop(p))
	if n := len(f.Categories); n > 0 {
		// Each label shortened to its slot of the data area (the image
		// less the legend strip and the Y axis, generously 70 pt): a
		// long one overlapped its neighbours, and gonum pads the Y axis
		// by half the first label's width, which squeezed the data out
		// of sight (fleet-sweep's lists of sizes).
		slot := (Width-legendWidth(lg)-70)/vg.Length(n) - 4
		cats := make([]string, n)
		for i, c := range f.Categories {
			cats[i] = shorten(p.X.Tick.Label, c, slot)
		}
		p.NominalX(cats...)
		p.X.Min, p.X.Max = -0.6, float64(n)-0.4
	}
	switch {
	case f.TimeX:
		p.X.Tick.Marker = timeTicks{}
	case len(f.Categories) == 0:
		p.X.Tick.Marker = distinctTicks{}
	}
	if f.IntY {
		p.Y.Tick.Marker = wholeTicks{}
	} else {
		p.Y.Tick.Marker = distinctTicks{}
	}
	if f.XMax > f.XMin {
		p.X.Min, p.X.Max = f.XMin, f.XMax
	}
	// Amounts start at zero unless the chart compares close figures; room
	// above the highest point for labels.
	if f.FreeY && p.Y.Max > p.Y.Min {
		p.Y.Min -= (p.Y.Max - p.Y.Min) * 0.1
	} else {
		p.Y.Min = min(p.Y.Min, 0)
	}
	if p.Y.Max > p.Y.Min {
		p.Y.Max += (p.Y.Max - p.Y.Min) * 0.1
	} else {
		p.Y.Max = p.Y.Min + 1
	}
	return p, lg, nil
}

// markerRadius is the radius of a Points layer's markers.
const markerRadius = vg.Length(5)

// newLabels draws a Labels layer: each text centred above its point, or
// (UpRight, DownRight) beside it: left-aligned past a marker and an error
// bar's cap, its text clear of the point's height, so neither a vertical
// error bar through the point nor a line leaving it level crosses the text.
func newLabels(l Layer, xy plotter.XYs) (*plotter.Labels, error) {
	lb, err := plotter.NewLabels(plotter.XYLabels{XYs: xy, Labels: l.Text})
	if err != nil {
		return nil, err
	}
	for i := range lb.TextStyle {
		st := &lb.TextStyle[i]
		st.XAlign = draw.XCenter
		st.Font.Size = 10
		switch l.Place {
		case UpRight:
			st.XAlign, st.YAlign = draw.XLeft, draw.YBottom
		case DownRight:
			st.XAlign, st.YAlign = draw.XLeft, draw.YTop
		}
	}
	// The text's box reaches its descent (and line gap) below the
	// baseline, and its top is at the font's height: the box is set a
	// point off the point's height, past half a line's width.
	var desc vg.Length
	if len(lb.TextStyle) > 0 {
		e := lb.TextStyle[0].FontExtents()
		desc = vg.Length(e.Height - e.Ascent)
	}
	switch l.Place {
	case Above:
		lb.Offset = vg.Point{Y: 4}
	case UpRight:
		lb.Offset = vg.Point{X: markerRadius + 1, Y: desc + 1}
	case DownRight:
		lb.Offset = vg.Point{X: markerRadius + 1, Y: desc - 1}
	}
	return lb, nil
}

func newLegend() *legend {
	l := gplot.NewLegend()
	l.Top, l.Left = true, true
	l.ThumbnailWidth = 18
	l.TextStyle.Font.Size = 10
	l.Padding = 4
	return &legend{Legend: &l}
}

// vline is a dashed vertical line across the whole plot area: a deadline.
type vline struct {
	x   float64
	col color.Color
}

func (v vline) Plot(c draw.Canvas, p *gplot.Plot) {
	x := p.X.Norm(v.x)
	if x < 0 || x > 1 {
		return
	}
	px := c.Min.X + vg.Length(x)*(c.Max.X-c.Min.X)
	c.StrokeLine2(draw.LineStyle{Color: v.col, Width: 1.6, Dashes: []vg.Length{6, 3}}, px, c.Min.Y, px, c.Max.Y)
}

func (v vline) Thumbnail(c *draw.Canvas) {
	x := (c.Min.X + c.Max.X) / 2
	c.StrokeLine2(draw.LineStyle{Color: v.col, Width: 1.6, Dashes: []vg.Length{3, 2}}, x, c.Min.Y, x, c.Max.Y)
}

// thumbs draws a line and its marker as one legend entry.
type thumbs []gplot.Thumbnailer

func (t thumbs) Thumbnail(c *draw.Canvas) {
	for _, x := range t {
		x.Thumbnail(c)
	}
}

// errs adapts an ErrBars layer to plotter's error bar interfaces.
type errs struct{ l Layer }

func (e errs) Len() int                        { return len(e.l.X) }
func (e errs) XY(i int) (float64, float64)     { return e.l.X[i], e.l.Y[i] }
func (e errs) YError(i int) (float64, float64) { return e.l.Y[i] - e.l.Lo[i], e.l.Hi[i] - e.l.Y[i] }

// wholeTicks marks a count axis at whole numbers only: gonum's default
// ticks labelled a one-VM fleet's axis 0.0, 0.5 and 1.0, half a VM.
type wholeTicks struct{}

func (wholeTicks) Ticks(lo, hi float64) []gplot.Tick {
	var ts []gplot.Tick
	labels := 0
	for _, t := range (gplot.DefaultTicks{}).Ticks(lo, hi) {
		if t.Value != math.Trunc(t.Value) {
			continue
		}
		if t.Label != "" {
			t.Label = strconv.FormatFloat(t.Value, 'f', 0, 64)
			labels++
		}
		ts = append(ts, t)
	}
	if labels >= 2 || hi-lo > 20 {
		return ts
	}
	// Too few whole numbers among the defaults: label each one in range.
	ts = ts[:0]
	for v := math.Ceil(lo); v <= hi; v++ {
		ts = append(ts, gplot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', 0, 64)})
	}
	return ts
}

// distinctTicks are gonum's default ticks, relabelled when their labels
// repeat or take an exponent: on a narrow axis gonum wrote availability's
// 97.6, 97.7 and 97.8 as "98", "98", "98", and 99.9 to 100 as "1e+02"
// three times. The new labels have the fewest decimals that tell them
// apart and stay within a hundredth of the step of their values.
type distinctTicks struct{}

func (distinctTicks) Ticks(lo, hi float64) []gplot.Tick {
	ts := (gplot.DefaultTicks{}).Ticks(lo, hi)
	var values []float64
	fine := true
	seen := map[string]bool{}
	for _, t := range ts {
		if t.Label == "" {
			continue
		}
		values = append(values, t.Value)
		fine = fine && !seen[t.Label] && !strings.ContainsAny(t.Label, "eE")
		seen[t.Label] = true
	}
	if fine || len(values) < 2 {
		return ts
	}
	step := math.Inf(1)
	for i := 1; i < len(values); i++ {
		step = min(step, math.Abs(values[i]-values[i-1]))
	}
	for d := 0; d <= 15; d++ {
		labels := make(map[float64]string, len(values))
		ok := true
		seen := map[string]bool{}
		for _, v := range values {
			l := strconv.FormatFloat(v, 'f', d, 64)
			back, _ := strconv.ParseFloat(l, 64)
			if seen[l] || math.Abs(back-v) > step/100 {
				ok = false
				break
			}
			seen[l], labels[v] = true, l
		}
		if !ok {
			continue
		}
		for i := range ts {
			if ts[i].Label != "" {
				ts[i].Label = labels[ts[i].Value]
			}
		}
		return ts
	}
	return ts
}

// timeTicks labels Unix seconds as UTC dates at a round step: the shortest
// of 1h, 2h, 3h, 6h, 12h, 1d, 2d, 7d, 14d, or 1, 2, 3, 6, 12, 24 calendar
// months that gives at most 8 labels, aligned to UTC midnight (the first of
// the month for months). The first label, and any label in a new year,
// names the year.
type timeTicks struct{}

var tickSteps = []int64{3600, 7200, 10800, 21600, 43200, 86400, 2 * 86400, 7 * 86400, 14 * 86400}

var monthSteps = []int{1, 2, 3, 6, 12, 24}

const maxTimeLabels = 8

func (timeTicks) Ticks(lo, hi float64) []gplot.Tick {
	span := hi - lo
	for _, s := range tickSteps {
		if int64(span)/s+1 <= maxTimeLabels {
			return secondTicks(lo, hi, s)
		}
	}
	for _, m := range monthSteps {
		if t := monthTicks(lo, hi, m); labelCount(t) <= maxTimeLabels || m == monthSteps[len(monthSteps)-1] {
			return t
		}
	}
	return nil
}

func labelCount(ts []gplot.Tick) int {
	n := 0
	for _, t := range ts {
		if t.Label != "" {
			n++
		}
	}
	return n
}

// dateLabel formats t, with the year when it is the first label or the
// year changed since the previous one.
func dateLabel(t time.Time, layout string, prev *int) string {
	s := t.Format(layout)
	if t.Year() != *prev {
		s += " " + strconv.Itoa(t.Year())
		*prev = t.Year()
	}
	return s
}

func secondTicks(lo, hi float64, step int64) []gplot.Tick {
	daily := step >= 86400
	// Minor ticks between labels, at the next smaller step that divides.
	minor := step / 2
	switch step {
	case 86400:
		minor = step / 4
	case 7 * 86400, 14 * 86400:
		minor = 86400
	}
	var ticks []gplot.Tick
	year := 0
	first := int64(math.Ceil(lo/float64(minor))) * minor
	for t := first; float64(t) <= hi; t += minor {
		label := ""
		if t%step == 0 {
			// Within a day, the hour alone; the date at midnight and
			// on the first label.
			at := time.Unix(t, 0).UTC()
			switch {
			case daily || t%86400 == 0:
				label = dateLabel(at, "Jan 02", &year)
			case year == 0:
				label = dateLabel(at, "Jan 02 15:04", &year)
			default:
				label = at.Format("15:04")
			}
		}
		ticks = append(ticks, gplot.Tick{Value: float64(t), Label: label})
	}
	return ticks
}

// monthTicks labels the first of every m-th month (counted from January
// of year 0, so quarters fall on Jan, Apr, Jul, Oct) and marks every month.
func monthTicks(lo, hi float64, m int) []gplot.Tick {
	t := time.Unix(int64(math.Ceil(lo)), 0).UTC()
	t = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	if float64(t.Unix()) < lo {
		t = t.AddDate(0, 1, 0)
	}
	var ticks []gplot.Tick
	year := 0
	for ; float64(t.Unix()) <= hi; t = t.AddDate(0, 1, 0) {
		label := ""
		if (t.Year()*12+int(t.Month())-1)%m == 0 {
			label = dateLabel(t, "Jan", &year)
		}
		ticks = append(ticks, gplot.Tick{Value: float64(t.Unix()), Label: label})
	}
	return ticks
}
