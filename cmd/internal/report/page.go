// Package report writes report.html (the `spotsim report` command): one self-contained page for a
// finished run or sweep folder, with the headline numbers, every chart as
// inline SVG, the top fleets and links to the CSV files. It fetches
// nothing: no scripts, fonts or styles from the network.
package report

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spotsim/spotsim/cmd/internal/atomicfile"
	"github.com/spotsim/spotsim/cmd/internal/csvfile"
	"github.com/spotsim/spotsim/cmd/internal/plot"
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
	Head  []string
	Rows  [][]string
	Marks []string // a CSS class per row, or "": pareto, best
	Note  string   // a line above the table
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
	Files []string
	// Replicated: a replicated run's page; Replication0 are the data
	// files in its replications/0/.
	Replicated   bool
	Replication0 []string
	Resolved     string
}

// Build renders the page for dir. Every error is about the folder's
// content: it has no results, or a file does not parse.
func Build(dir string) ([]byte, error) { return BuildFor(dir, nil) }

// BuildFor is Build with a sweep's recommendation made for target (nil: the
// default for the swept fleet's workload, see plot.Decide).
func BuildFor(dir string, target *plot.Target) ([]byte, error) {
	sum, rows, err := readSummary(filepath.Join(dir, "summary.csv"))
	if err != nil {
		return nil, err
	}
	if rows == 0 {
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
		d.Brief = []kv{{"runs", strconv.Itoa(rows)}}
		if i := slices.Index(sum.Head, "scenario"); i > 3 {
			d.Brief = append(d.Brief, kv{"swept parameters", strings.Join(sum.Head[3:i], ", ")})
		}
		ds, err := plot.Decide(dir, target)
		if err != nil {
			return nil, err
		}
		d.sweepDecisions(ds)
	} else if slices.Contains(sum.Head, "replication") {
		d.Replicated = true
		if err := d.replicated(dir, sum); err != nil {
			return nil, err
		}
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
			d.Headline = append(d.Headline, workloadAnswers(fl)...)
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

	if d.Files, err = dataFiles(dir); err != nil {
		return nil, err
	}
	if d.Replicated {
		// Replication 0's own files, which the brief names: the page
		// linked none of them. A folder without them links none.
		d.Replication0, err = dataFiles(filepath.Join(dir, "replications", "0"))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}

	var b bytes.Buffer
	if err := page.Execute(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// dataFiles are the CSV, JSON, JSONL and YAML files in dir, by name (JSON:
// focus_metadata.json, which describes focus.csv).
func dataFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && !strings.HasPrefix(n, ".") && slices.ContainsFunc([]string{".csv", ".json", ".jsonl", ".yaml"}, func(ext string) bool { return strings.HasSuffix(n, ext) }) {
			files = append(files, n)
		}
	}
	return files, nil
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
	d.addTable(title, out)
}

// addTable puts t on the page under title, less its columns that are empty
// in every row: a service's fleets have no makespan_hours or
// work_lost_hours, and their columns headed nothing but blanks.
func (d *data) addTable(title string, t table) {
	d.Tables = append(d.Tables, struct {
		Title string
		table
	}{title, t.filledColumns()})
}

// filledColumns is t without the columns that are empty in every row. The
// first column names the row and stays.
func (t table) filledColumns() table {
	if len(t.Rows) == 0 {
		return t
	}
	keep := []int{0}
	for j := 1; j < len(t.Head); j++ {
		if slices.ContainsFunc(t.Rows, func(r []string) bool { return j < len(r) && r[j] != "" }) {
			keep = append(keep, j)
		}
	}
	if len(keep) == len(t.Head) {
		return t
	}
	out := t
	out.Head, out.Rows = nil, nil
	for _, j := range keep {
		out.Head = append(out.Head, t.Head[j])
	}
	for _, r := range t.Rows {
		var row []string
		for _, j := range keep {
			if j < len(r) {
				row = append(row, r[j])
			} else {
				row = append(row, "")
			}
		}
		out.Rows = append(out.Rows, row)
	}
	return out
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
		marks := make([]string, len(rows))
		for i, c := range dc.Configs {
			switch {
			case c == dc.Best:
				marks[i] = "best"
			case c.Pareto:
				marks[i] = "pareto"
			}
		}
		note := "Each configuration's figures are the fleet's own (fleets.csv), the mean over its replications ± the 95 % confidence interval of the mean. Pareto: no other configuration is cheaper and at least as good on " + dc.Label + ", or as cheap and better (shaded); the recommendation is in bold."
		if dc.Target != nil {
			note += " Target: " + dc.Target.Sentence() + "."
		}
		d.addTable(fmt.Sprintf("Configurations of fleet %s, cheapest first (%d replications each)", dc.Fleet, dc.Replications), table{Head: head, Rows: rows, Marks: marks, Note: note})
	}
}

// readSummary reads a summary.csv and counts its rows; of a sweep's (a
// run_id column), which has a row a run, it keeps the first row only: the
// page reads no other.
func readSummary(path string) (t *table, rows int, err error) {
	t = &table{}
	sweep := false
	err = csvfile.Each(path, func(head []string) error {
		t.Head, sweep = head, slices.Contains(head, "run_id")
		return nil
	}, func(_ int, row []string) error {
		if rows++; !sweep || rows == 1 {
			t.Rows = append(t.Rows, slices.Clone(row))
		}
		return nil
	})
	return t, rows, err
}

func readCSV(path string) (*table, error) {
	head, rows, err := csvfile.Read(path)
	if err != nil {
		return nil, err
	}
	return &table{Head: head, Rows: rows}, nil
}

// WriteFile writes the page under a temporary name and renames it, so an
// interrupted report leaves no half page.
func WriteFile(path string, page []byte) error {
	return atomicfile.Write(path, func(w io.Writer) error { _, err := w.Write(page); return err })
}

// workloadAnswers are the headline lines a workload fleet answers: a
// service's availability and hours below target, a batch's makespan,
// deadline, work lost and cost per work hour.
func workloadAnswers(fl *table) []kv {
	var out []kv
	for i := range fl.Rows {
		c := func(name string) string {
			if k := slices.Index(fl.Head, name); k >= 0 && k < len(fl.Rows[i]) {
				return fl.Rows[i][k]
			}
			return ""
		}
		switch c("workload") {
		case "service":
			out = append(out, kv{"fleet " + c("fleet") + " (service)", "availability " + pct(c("availability_pct")) + ", " + c("hours_below_target") + " h below target; net savings " + pct(c("net_savings_pct")) + " against regular VMs"})
		case "batch":
			met := "no deadline"
			switch c("deadline_met") {
			case "true":
				met = "deadline met"
			case "false":
				met = "deadline MISSED"
			}
			done := "done at " + c("completed_at")
			if c("completed_at") == "" {
				done = "not done by the horizon"
			}
			out = append(out, kv{"fleet " + c("fleet") + " (batch)", "makespan " + c("makespan_hours") + " h (" + done + "), " + met + "; work lost " + c("work_lost_hours") + " VM-h; $" + c("cost_per_work_hour_usd") + " per work hour"})
		}
	}
	return out
}

// replicated fills the page of a replicated run (`replications: N`): the
// headline is each measure's mean ± its 95 % interval from
// summary_stats.csv, with the 5th to 95th percentile of the replications.
func (d *data) replicated(dir string, sum *table) error {
	col := func(name string) string {
		if k := slices.Index(sum.Head, name); k >= 0 && len(sum.Rows) > 0 {
			return sum.Rows[0][k]
		}
		return ""
	}
	n := len(sum.Rows)
	d.Name = col("scenario") + " (" + strconv.Itoa(n) + " replications)"
	d.Brief = []kv{
		{"scenario", col("scenario")},
		{"replications", strconv.Itoa(n) + " (seeds in summary.csv; replication 0's files in replications/0/)"},
		{"horizon", strings.TrimSuffix(strings.TrimRight(col("horizon_hours"), "0"), ".") + " h"},
	}
	st, err := readCSV(filepath.Join(dir, "summary_stats.csv"))
	if err != nil {
		return err
	}
	get := func(row []string, name string) string {
		if k := slices.Index(st.Head, name); k >= 0 && k < len(row) {
			return row[k]
		}
		return ""
	}
	labels := []struct{ measure, label string }{
		{"total_cost_usd", "total cost (USD)"},
		{"compute_cost_usd", "compute cost (USD)"},
		{"savings_pct", "savings (% of pay-as-you-go compute)"},
		{"evictions", "evictions"},
		{"availability_pct", "availability (%)"},
		{"hours_below_target", "hours below target"},
		{"makespan_hours", "makespan (hours)"},
		{"work_lost_hours", "work lost (VM-hours)"},
		{"cost_per_work_hour_usd", "cost per work hour (USD)"},
		{"net_savings_pct", "net savings against regular VMs (%)"},
	}
	for _, l := range labels {
		for _, row := range st.Rows {
			if get(row, "measure") != l.measure || get(row, "n") == "0" {
				continue
			}
			f := func(name string) float64 { v, _ := strconv.ParseFloat(get(row, name), 64); return v }
			mean := f("mean")
			// Every figure of the line to two decimals, as the mean:
			// the percentiles were summary_stats.csv's six with
			// trailing zeros cut, so one read 39.2975 beside
			// 34.160278 and the evictions' 201 beside 211.00.
			d.Headline = append(d.Headline, kv{l.label, fmt.Sprintf("%.2f ± %.2f (95 %% CI of the mean); replications from %.2f to %.2f (p5–p95)", mean, f("ci95_high")-mean, f("p5"), f("p95"))})
		}
	}
	if fl, err := readCSV(filepath.Join(dir, "fleets.csv")); err == nil {
		d.addFleetMeans(fl)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if b, err := os.ReadFile(filepath.Join(dir, "scenario.resolved.yaml")); err == nil {
		d.Resolved = string(b)
	}
	return nil
}

// addFleetMeans adds a table of each fleet's mean measures over the
// replications.
func (d *data) addFleetMeans(fl *table) {
	cols := []string{"total_cost_usd", "savings_pct", "evictions", "availability_pct", "makespan_hours", "work_lost_hours"}
	var keep []string
	for _, c := range cols {
		if slices.Contains(fl.Head, c) {
			keep = append(keep, c)
		}
	}
	fi := slices.Index(fl.Head, "fleet")
	if fi < 0 {
		return
	}
	var order []string
	sums := map[string][]float64{}
	counts := map[string][]int{}
	for _, r := range fl.Rows {
		f := r[fi]
		if sums[f] == nil {
			order = append(order, f)
			sums[f], counts[f] = make([]float64, len(keep)), make([]int, len(keep))
		}
		for j, c := range keep {
			if v, err := strconv.ParseFloat(r[slices.Index(fl.Head, c)], 64); err == nil {
				sums[f][j] += v
				counts[f][j]++
			}
		}
	}
	out := table{Head: append([]string{"fleet"}, keep...)}
	for _, f := range order {
		row := []string{f}
		for j := range keep {
			v := ""
			if counts[f][j] > 0 {
				v = strconv.FormatFloat(sums[f][j]/float64(counts[f][j]), 'f', 2, 64)
			}
			row = append(row, v)
		}
		out.Rows = append(out.Rows, row)
	}
	d.addTable("Fleets: mean over replications", out)
}
