package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestPlotAndReport: run the example, then plot it in both formats and
// write its report; every path printed exists.
func TestPlotAndReport(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ex")
	if code, _, errs := spotsim(t, "run", "--out", dir); code != 0 {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	for _, args := range [][]string{{"plot", dir}, {"plot", dir, "--format", "svg", "--out", filepath.Join(dir, "svg")}, {"report", dir}} {
		code, out, errs := spotsim(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		lines := strings.Fields(out)
		if len(lines) == 0 {
			t.Fatalf("%v: printed no path", args)
		}
		for _, p := range lines {
			if _, err := os.Stat(p); err != nil {
				t.Errorf("%v: %v", args, err)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "plots", "cost.png")); err != nil {
		t.Error(err)
	}
	// The page says what summary.csv says (issue 13: the single-run report
	// was never checked for content).
	rows := readCSV(t, filepath.Join(dir, "summary.csv"))
	if len(rows) != 2 {
		t.Fatalf("summary.csv: %d rows", len(rows))
	}
	sum := map[string]string{}
	for i, k := range rows[0] {
		sum[k] = rows[1][i]
	}
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"<h1>spotsim report: example</h1>",
		"<dt>VMs created</dt><dd>" + sum["vms"] + " (" + sum["spot_vms"] + " spot, " + sum["regular_vms"] + " regular)</dd>",
		"<dt>total cost</dt><dd>$" + sum["total_cost_usd"] + " (compute $" + sum["compute_cost_usd"] + " &#43; disks $" + sum["disk_cost_usd"] + ")</dd>",
		"<dt>compute at pay-as-you-go</dt><dd>$" + sum["payg_compute_cost_usd"] + "</dd>",
		"<dt>savings</dt><dd>$" + sum["savings_usd"] + " = " + sum["savings_pct"] + " % of pay-as-you-go compute</dd>",
		"<dt>evictions</dt><dd>" + sum["evictions"] + " (" + sum["price_evictions"] + " price, " + sum["capacity_evictions"] + " capacity) after " + sum["notices"] + " notices</dd>",
		"<dt>failed creates / starts</dt><dd>" + sum["failed_creates"] + " / " + sum["failed_starts"] + "</dd>",
		"availability " + sum["availability_pct"] + " %, " + sum["hours_below_target"] + " h below target",
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
}

func TestPlotBadInput(t *testing.T) {
	empty := t.TempDir()
	for _, args := range [][]string{{"plot"}, {"plot", empty}, {"plot", empty, "--format", "gif"}, {"report", empty}, {"report"}} {
		code, _, errs := spotsim(t, args...)
		if code != exitBadInput || errs == "" {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and a message", args, code, errs)
		}
	}
}

// An --out in the way (a file where plot wants a folder, a folder where
// report wants a file) is bad input: exit 2 before anything is drawn or
// printed, not exit 1 from mkdir or rename after the work.
func TestPlotAndReportOutInTheWay(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ex")
	if code, _, errs := spotsim(t, "run", "--out", dir, "--outputs", "summary,fleets,prices"); code != 0 {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	folder := t.TempDir()
	for _, args := range [][]string{{"plot", dir, "--out", file}, {"report", dir, "--out", folder}} {
		code, out, errs := spotsim(t, args...)
		if code != exitBadInput || !strings.Contains(errs, "--out") || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 naming --out", args, code, out, errs)
		}
	}
}

// TestPlotAndReportReplicated: a replicated run (scenarios/service.yaml,
// 5 replications) plots and reports: the spread charts and replication 0's
// charts, and a headline of means with their intervals.
func TestPlotAndReportReplicated(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "svc")
	if code, _, errs := spotsim(t, "run", filepath.Join("..", "..", "scenarios", "service.yaml"), "--out", dir); code != 0 {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	code, out, errs := spotsim(t, "plot", dir)
	if code != 0 {
		t.Fatalf("plot: exit %d: %s", code, errs)
	}
	for _, want := range []string{"replications-availability_pct.png", "replications-total_cost_usd.png", "replication-0-fleet-web.png"} {
		if !strings.Contains(out, want) {
			t.Errorf("plot wrote no %s:\n%s", want, out)
		}
	}
	if code, _, errs := spotsim(t, "report", dir); code != 0 {
		t.Fatalf("report: exit %d: %s", code, errs)
	}
	page, _ := os.ReadFile(filepath.Join(dir, "report.html"))
	for _, want := range []string{"service (5 replications)", "availability (%)</dt><dd>97.", "(95 % CI of the mean)"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// Every headline figure to two decimals (a p95 read 39.2975 beside
	// p5s of six).
	if m := regexp.MustCompile(`\d+\.(\d|\d{3,})\b|replications from \d+ to`).FindString(string(page[:strings.Index(string(page), "<h2>Charts")])); m != "" {
		t.Errorf("report has %q, want two decimals", m)
	}
	// Replication 0's files, which the brief names, are linked.
	for _, f := range []string{"events.csv", "fleets.csv", "summary.csv", "notices.jsonl"} {
		if _, err := os.Stat(filepath.Join(dir, "replications", "0", f)); err != nil {
			t.Fatal(err)
		}
		if want := `<a href="replications/0/` + f + `">`; !strings.Contains(string(page), want) {
			t.Errorf("report lacks %s", want)
		}
	}
	// Service fleets have no makespan: no column of blanks for it.
	for _, blank := range []string{"<th>makespan_hours</th>", "<th>work_lost_hours</th>"} {
		if strings.Contains(string(page), blank) {
			t.Errorf("report has a column %s, empty for every service fleet", blank)
		}
	}
}

// TestPlotSummaryOnly: a run written with --outputs summary has nothing to
// draw; plot says so and exits 2 instead of leaving an empty plots/.
func TestPlotSummaryOnly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ex")
	if code, _, errs := spotsim(t, "run", "--out", dir, "--outputs", "summary"); code != 0 {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	code, _, errs := spotsim(t, "plot", dir)
	if code != exitBadInput || !strings.Contains(errs, "nothing to draw") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
}

// TestSweepReportCommand: the example sweep warns about nothing (its
// replications differ), and report prints the configuration table with a
// recommendation; a sweep of a deterministic scenario warns.
func TestSweepReportCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sw")
	code, _, errs := spotsim(t, "sweep", filepath.Join("..", "..", "scenarios", "example-sweep.yaml"), "--out", dir)
	if code != 0 || strings.Contains(errs, "identical") {
		t.Fatalf("sweep: exit %d: %s", code, errs)
	}
	code, out, errs := spotsim(t, "report", dir, "--target", "deadline_met>=95")
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "fleet batch: #2 max_price=0.05 count=12 eviction_policy=delete") || !strings.Contains(out, "yes, recommended") {
		t.Fatalf("report printed:\n%s", out)
	}
	if code, _, errs := spotsim(t, "report", dir, "--target", "availability>=99"); code != exitBadInput || !strings.Contains(errs, "--target") {
		t.Fatalf("bad target: exit %d, %s", code, errs)
	}
	// The built-in example has nothing random that changes a figure.
	exDir := t.TempDir()
	if code, _, errs := spotsim(t, "run", "--out", filepath.Join(exDir, "r"), "--replications", "2"); code != 0 || !strings.Contains(errs, "identical results") {
		t.Fatalf("replicated deterministic run: exit %d, stderr %q; want a warning", code, errs)
	}
}

// TestValidateShippedScenarios: `spotsim validate scenarios/*.yaml` passes,
// the sweep file checked as a sweep; a sweep with a bad value fails at the
// sweep file's line.
func TestValidateShippedScenarios(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "scenarios", "*.yaml"))
	code, out, errs := spotsim(t, append([]string{"validate"}, files...)...)
	if code != 0 || !strings.Contains(out, "example-sweep.yaml: ok (sweep of sweep-batch.yaml: 4 parameters, 60 runs)") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	dir := t.TempDir()
	for _, f := range []string{"sweep-batch.yaml", "example_prices.csv"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "scenarios", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, f), data, 0o666)
	}
	bad := filepath.Join(dir, "bad-sweep.yaml")
	os.WriteFile(bad, []byte("# a sweep\nbase: sweep-batch.yaml\ngrid:\n  fleets[name=batch].max_price: [0.03, 0.123456]\n"), 0o666)
	code, _, errs = spotsim(t, "validate", bad)
	if code != exitBadInput || !strings.Contains(errs, "bad-sweep.yaml:4:40: fleets[0].max_price: 0.123456") || strings.Contains(errs, "unknown key") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
}

// TestSweepFileTarget: a target: in the sweep file is the report's target
// unless --target overrides it.
func TestSweepFileTarget(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"sweep-batch.yaml", "example_prices.csv"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "scenarios", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, f), data, 0o666)
	}
	sw := filepath.Join(dir, "sw.yaml")
	os.WriteFile(sw, []byte("base: sweep-batch.yaml\nreplications: 2\ntarget: makespan_hours<=70\ngrid:\n  fleets[name=batch].count: [8, 12]\n"), 0o666)
	out := filepath.Join(dir, "out")
	if code, _, errs := spotsim(t, "sweep", sw, "--out", out); code != 0 {
		t.Fatalf("sweep: exit %d: %s", code, errs)
	}
	_, stdout, _ := spotsim(t, "report", out)
	if !strings.Contains(stdout, "the cheapest with makespan_hours ≤ 70") {
		t.Fatalf("report did not take the sweep file's target:\n%s", stdout)
	}
	_, stdout, _ = spotsim(t, "report", out, "--target", "deadline_met>=50")
	if !strings.Contains(stdout, "the deadline met in ≥ 50 %") {
		t.Fatalf("--target did not override:\n%s", stdout)
	}
}

// A sweep that picks its fleet by another field than its name
// (fleets[eviction_policy=delete] is web) is decided for that fleet: report
// printed no table and plot said there was nothing to draw, as if no fleet
// had been swept.
func TestSweepByAFleetFieldIsDecided(t *testing.T) {
	path := writeSweep(t, "base: example.yaml\nreplications: 2\ngrid:\n  fleets[eviction_policy=delete].count: [4, 6]\n")
	dir := filepath.Join(t.TempDir(), "sw")
	if code, _, errs := spotsim(t, "sweep", path, "--out", dir); code != exitOK {
		t.Fatalf("sweep: exit %d: %s", code, errs)
	}
	code, out, errs := spotsim(t, "report", dir)
	if code != exitOK || !strings.HasPrefix(out, "fleet web: ") || strings.Contains(out, "fleet batch") || strings.Contains(out, "fleet db") {
		t.Fatalf("report: exit %d, stdout:\n%s\nstderr %s", code, out, errs)
	}
	if code, out, errs := spotsim(t, "plot", dir); code != exitOK || !strings.Contains(out, "sweep-tradeoff-web.png") {
		t.Fatalf("plot: exit %d, stdout %q, stderr %q", code, out, errs)
	}
}
