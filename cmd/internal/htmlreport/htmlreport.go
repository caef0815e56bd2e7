// Package htmlreport writes report.html: one self-contained page for a
// finished run or sweep folder, with the headline numbers, every chart as
// inline SVG, the top fleets and links to the CSV files. It fetches
// nothing: no scripts, fonts or styles from the network.
package htmlreport

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"spotsim/cmd/internal/plot"
)

//go:embed report.html.tmpl
var pageText string

var page = template.Must(template.New("report").Parse(pageText))

type chart struct {
	Title string
	SVG   template.HTML
}

type kv struct{ Key, Value string }

type table struct {
	Head []string
	Rows [][]string
}

type data struct {
	Name     string
	Sweep    bool
	Brief    []kv
	Headline []kv
	Warnings []string
	Charts   []chart
	Tables   []struct {
		Title string
		table
	}
	Files    []string
	Resolved string
}

// Build renders the page for dir. Every error is about the folder's
// content: it has no results, or a file does not parse.
func Build(dir string) ([]byte, error) { return BuildFor(dir, nil) }

// BuildFor is Build with a sweep's recommendation made for target (nil: the
// default for the swept fleet's workload, see plot.Decide).
func BuildFor(dir string, target *plot.Target) ([]byte, error) {
	sum, err := readCSV(filepath.Join(dir, "summary.csv"))
	if err != nil {
		return nil, err
	}
	if len(sum.Rows) == 0 {
		return nil, fmt.Errorf("%s: no rows", filepath.Join(dir, "summary.csv"))
	}
	d := data{Sweep: slices.Contains(sum.Head, "run_id")}
	col := func(t *table, row int, name string) string {
		if i := slices.Index(t.Head, name); i >= 0 && row < len(t.Rows) && i < len(t.Rows[row]) {
			return t.Rows[row][i]
		}
		return ""
	}
	if d.Sweep {
		d.Name = col(sum, 0, "scenario") + " (sweep)"
		d.Brief = []kv{{"runs", strconv.Itoa(len(sum.Rows))}}
		if i := slices.Index(sum.Head, "scenario"); i > 3 {
			d.Brief = append(d.Brief, kv{"swept parameters", strings.Join(sum.Head[3:i], ", ")})
		}
		ds, err := plot.Decide(dir, target)
		if err != nil {
			return nil, err
		}
		d.sweepDecisions(ds)
	} else {
		d.Name = col(sum, 0, "scenario")
		d.Brief = []kv{
			{"scenario", col(sum, 0, "scenario")},
			{"seed", col(sum, 0, "seed")},
			{"horizon", strings.TrimSuffix(strings.TrimRight(col(sum, 0, "horizon_hours"), "0"), ".") + " h"},
			{"VMs created", col(sum, 0, "vms") + " (" + col(sum, 0, "spot_vms") + " spot, " + col(sum, 0, "regular_vms") + " regular)"},
		}
		d.Headline = []kv{
			{"total cost", "$" + col(sum, 0, "total_cost_usd") + " (compute $" + col(sum, 0, "compute_cost_usd") + " + disks $" + col(sum, 0, "disk_cost_usd") + ")"},
			{"compute at pay-as-you-go", "$" + col(sum, 0, "payg_compute_cost_usd")},
			{"savings", "$" + col(sum, 0, "savings_usd") + " = " + pct(col(sum, 0, "savings_pct")) + " of pay-as-you-go compute"},
			{"evictions", col(sum, 0, "evictions") + " (" + col(sum, 0, "price_evictions") + " price, " + col(sum, 0, "capacity_evictions") + " capacity) after " + col(sum, 0, "notices") + " notices"},
			{"failed creates / starts", col(sum, 0, "failed_creates") + " / " + col(sum, 0, "failed_starts")},
			{"running VM hours", col(sum, 0, "running_vm_hours")},
		}
		if fl, err := readCSV(filepath.Join(dir, "fleets.csv")); err == nil {
			cols := []string{"fleet", "vms", "total_cost_usd", "savings_pct", "evictions", "price_evictions", "capacity_evictions"}
			d.addTop("Top fleets by cost", fl, cols, "total_cost_usd")
			d.addTop("Top fleets by evictions", fl, cols, "evictions")
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		if b, err := os.ReadFile(filepath.Join(dir, "scenario.resolved.yaml")); err == nil {
			d.Resolved = string(b)
		}
	}

	figs, err := plot.FiguresFor(dir, target)
	if err != nil {
		return nil, err
	}
	for _, f := range figs {
		svg, err := plot.Render(f, "svg")
		if err != nil {
			return nil, err
		}
		// Inline SVG takes no XML declaration.
		s := string(svg)
		if i := strings.Index(s, "<svg"); i > 0 {
			s = s[i:]
		}
		// The SVG is gonum's output from our own data, its text escaped
		// by gonum: trusted markup.
		d.Charts = append(d.Charts, chart{f.Title, template.HTML(s)})
	}

	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && !strings.HasPrefix(n, ".") && (strings.HasSuffix(n, ".csv") || strings.HasSuffix(n, ".jsonl") || strings.HasSuffix(n, ".yaml")) {
			d.Files = append(d.Files, n)
		}
	}

	var b bytes.Buffer
	if err := page.Execute(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func pct(s string) string {
	if s == "" {
		return "n/a"
	}
	return s + " %"
}

// addTop adds a table of the five largest rows of t by col.
func (d *data) addTop(title string, t *table, cols []string, by string) {
	k := slices.Index(t.Head, by)
	if k < 0 {
		return
	}
	rows := slices.Clone(t.Rows)
	num := func(r []string) float64 { v, _ := strconv.ParseFloat(r[k], 64); return v }
	slices.SortStableFunc(rows, func(a, b []string) int {
		x, y := num(a), num(b)
		switch {
		case x > y:
			return -1
		case x < y:
			return 1
		}
		return 0
	})
	out := table{Head: cols}
	for _, r := range rows[:min(5, len(rows))] {
		var cells []string
		for _, c := range cols {
			v := ""
			if i := slices.Index(t.Head, c); i >= 0 && i < len(r) {
				v = r[i]
			}
			cells = append(cells, v)
		}
		out.Rows = append(out.Rows, cells)
	}
	d.Tables = append(d.Tables, struct {
		Title string
		table
	}{title, out})
}

// sweepDecisions puts each swept fleet's recommendation in the headline
// and its configuration table (cheapest first, Pareto set and
// recommendation marked) on the page.
func (d *data) sweepDecisions(ds []*plot.Decision) {
	for _, dc := range ds {
		d.Headline = append(d.Headline, kv{"recommended for fleet " + dc.Fleet, dc.Recommendation()})
		if w := dc.Warning(); w != "" {
			d.Warnings = append(d.Warnings, w)
		}
		head, rows := dc.Table()
		d.Tables = append(d.Tables, struct {
			Title string
			table
		}{"Configurations of fleet " + dc.Fleet + ", cheapest first (mean ± 95 % CI over replications)", table{Head: head, Rows: rows}})
	}
}

func readCSV(path string) (*table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: empty file, want a header row", path)
	}
	return &table{Head: rows[0], Rows: rows[1:]}, nil
}

// WriteFile writes the page under a temporary name and renames it, so an
// interrupted report leaves no half page.
func WriteFile(path string, page []byte) error {
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	if err := os.WriteFile(tmp, page, 0o666); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
