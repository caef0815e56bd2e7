// Package plot draws a finished results folder's charts: the spot price
// per pool, VMs by state per fleet and cost against pay-as-you-go for a run,
// and savings and cost trade-offs for a sweep. It reads only the CSV files a
// run or sweep wrote, so any finished folder can be drawn again later.
//
// Building a chart's data (Figure) is kept apart from drawing it (Render):
// the data is what tests pin as golden text, the pixels are only checked
// for size and for not being blank.
package plot

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spotsim/spotsim/cmd/internal/timefmt"
)

// Kind is how a layer is drawn.
type Kind uint8

const (
	Step    Kind = iota // step line: each Y holds until the next X
	Dashed              // step line, dashed
	Area                // filled step area from 0 up to Y (stacked by the builder)
	Points              // markers only
	Line                // straight segments
	Bars                // bars at category positions X
	ErrBars             // vertical error bars from Lo to Hi at X
	Labels              // text Text[i] at (X[i], Y[i])
	Note                // a legend line only
	Ramp                // straight segments without markers (a quantity growing between rows)
	VLine               // dashed vertical line at X[0], from the bottom to the top of the plot
)

var kindNames = [...]string{"step", "dashed", "area", "points", "line", "bars", "errbars", "labels", "note", "ramp", "vline"}

func (k Kind) String() string { return kindNames[k] }

// Layer is one series of a figure.
type Layer struct {
	Kind   Kind
	Name   string // legend entry; empty for none
	Color  int    // index into Palette
	Glyph  int    // marker shape for Points, index into glyphs
	X, Y   []float64
	Lo, Hi []float64 // ErrBars; Bars stack from Lo when it is set
	Text   []string  // Labels
	Offset float64   // Bars: shift in bar widths, to set bars side by side
	Place  Place     // Labels: where each text goes from its point
}

// Place is where a Labels layer's texts go from their points.
type Place uint8

const (
	Above     Place = iota // centred above the point
	UpRight                // right of a marker and above the point's height
	DownRight              // right of a marker and below the point's height
)

// Figure is one chart's data: what it shows, not how many pixels.
type Figure struct {
	Name   string // file name without extension
	Title  string
	XLabel string
	YLabel string
	// TimeX: X values are Unix seconds, drawn as UTC dates.
	TimeX bool
	// XMin, XMax fix the X range when XMax > XMin.
	XMin, XMax float64
	// FreeY: the Y axis spans the data (padded) instead of starting at 0,
	// for charts that compare close figures.
	FreeY bool
	// IntY: Y is a count (VMs), labelled at whole numbers only.
	IntY bool
	// Categories names X positions 0, 1, ... for bar and categorical charts.
	Categories []string
	Layers     []Layer
}

// Dump writes the figure's data as text, one line per point, for golden
// tests: the numbers behind a chart, not its pixels.
func (f *Figure) Dump() string {
	var b strings.Builder
	fmt.Fprintf(&b, "figure %s\ntitle %s\nx %s\ny %s\n", f.Name, f.Title, f.XLabel, f.YLabel)
	if f.TimeX {
		b.WriteString("x is utc time\n")
	}
	if f.XMax > f.XMin && f.TimeX {
		fmt.Fprintf(&b, "x range %s %s\n", timefmt.UTC(int64(f.XMin)), timefmt.UTC(int64(f.XMax)))
	} else if f.XMax > f.XMin {
		fmt.Fprintf(&b, "x range %s %s\n", num(f.XMin), num(f.XMax))
	}
	if len(f.Categories) > 0 {
		fmt.Fprintf(&b, "categories %s\n", strings.Join(f.Categories, " | "))
	}
	for _, l := range f.Layers {
		fmt.Fprintf(&b, "layer %s %q colour %d\n", l.Kind, l.Name, l.Color)
		for i := range l.X {
			x := num(l.X[i])
			if f.TimeX {
				x = timefmt.UTC(int64(l.X[i]))
			}
			fmt.Fprintf(&b, "  %s", x)
			if i < len(l.Y) {
				fmt.Fprintf(&b, " %s", num(l.Y[i]))
			}
			if i < len(l.Lo) {
				fmt.Fprintf(&b, " lo %s", num(l.Lo[i]))
			}
			if i < len(l.Hi) {
				fmt.Fprintf(&b, " hi %s", num(l.Hi[i]))
			}
			if i < len(l.Text) {
				fmt.Fprintf(&b, " %q", l.Text[i])
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', 10, 64) }
