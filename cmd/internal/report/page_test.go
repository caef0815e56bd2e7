package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSweepPage: the example sweep's folder (a copy in plot's testdata)
// gives a page with the recommendation, the configuration table with its
// Pareto rows marked, its charts inline and nothing fetched from elsewhere.
func TestSweepPage(t *testing.T) {
	page, err := Build(filepath.Join("..", "plot", "testdata", "sweep"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	checkPage(t, s, 4)
	for _, want := range []string{
		"recommended for fleet batch",
		"#2 max_price=0.05 count=12 eviction_policy=delete",
		"the deadline met in ≥ 95 % of replications",
		`<tr class="pareto"><td>1</td><td>0.03</td><td>12</td>`,
		`<tr class="best"><td>2</td><td>0.05</td><td>12</td>`,
		`<tr class="pareto"><td>5</td>`,
		"<th>max_price (USD/h)</th>",
		"60.47 ± 0.81",
		"20 (1 of 5)",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Count(s, `class="best"`) != 1 {
		t.Errorf("%d recommended rows, want 1", strings.Count(s, `class="best"`))
	}
}

func checkPage(t *testing.T, s string, charts int) {
	t.Helper()
	if n := strings.Count(s, "<svg"); n != charts {
		t.Errorf("%d inline SVGs, want %d", n, charts)
	}
	for _, bad := range []string{"<script", "http://", "https://", "<?xml", "<link"} {
		if strings.Contains(s, bad) && !(bad == "http://" && strings.Count(s, "http://") == strings.Count(s, "xmlns")) {
			t.Errorf("page holds %q: it must be self-contained", bad)
		}
	}
}

func TestMissingFolder(t *testing.T) {
	if _, err := Build(filepath.Join(t.TempDir(), "none")); err == nil {
		t.Fatal("no error for a folder without results")
	}
}

func TestWriteFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.html")
	if err := WriteFile(path, []byte("x")); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Fatalf("%d files, want report.html only", len(entries))
	}
}

// writeFolder writes files (path relative to the folder: content) into a
// new folder.
func writeFolder(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// replicatedFolder is a replicated run's folder of the service example's
// shape: two service fleets (no makespan_hours or work_lost_hours) and
// replication 0's files in replications/0/.
func replicatedFolder(t *testing.T) string {
	return writeFolder(t, map[string]string{
		"summary.csv": "replication,scenario,seed,horizon_hours\n0,service,1,168.000000\n1,service,2,168.000000\n",
		"summary_stats.csv": "measure,n,mean,sd,p5,p50,p95,ci95_low,ci95_high\n" +
			"total_cost_usd,2,155.983545,0.074481,155.874976,155.992139,156.082108,155.891065,156.076026\n" +
			"evictions,2,211.000000,7.582875,201.000000,210.000000,222.000000,201.584617,220.415383\n" +
			"hours_below_target,2,36.408056,1.850805,34.160278,36.060556,39.297500,34.109977,38.706134\n" +
			"makespan_hours,0,,,,,,,\n",
		"fleets.csv": "replication,scenario,seed,fleet,total_cost_usd,savings_pct,evictions,availability_pct,makespan_hours,work_lost_hours,workload\n" +
			"0,service,1,web,86.600000,80.000000,210,97.500000,,,service\n0,service,1,floor,69.340000,0.000000,0,99.990000,,,service\n" +
			"1,service,2,web,86.680000,80.000000,212,97.660000,,,service\n1,service,2,floor,69.340000,0.000000,0,99.990000,,,service\n",
		"scenario.resolved.yaml":             "name: service\n",
		"replications/0/summary.csv":         "scenario,seed,horizon_hours\nservice,1,168.000000\n",
		"replications/0/vms.csv":             "vm\n",
		"replications/0/notices.jsonl":       "",
		"replications/0/focus_metadata.json": "{}\n",
		"replications/0/notes.txt":           "not a data file\n",
	})
}

// tableOf is the HTML of the table under the heading title.
func tableOf(t *testing.T, page, title string) string {
	t.Helper()
	i := strings.Index(page, "<h2>"+title+"</h2>")
	if i < 0 {
		t.Fatalf("page has no table %q", title)
	}
	s := page[i:]
	return s[:strings.Index(s, "</table>")]
}

// TestEmptyColumnsLeftOut: a column empty in every row of a table is not
// shown. The service example's replicated report had makespan_hours and
// work_lost_hours columns of blanks for its two service fleets (seen
// rendering its report in headless Chromium); a single run's table is
// treated alike (savings_pct is blank for a fleet billed nothing).
func TestEmptyColumnsLeftOut(t *testing.T) {
	page, err := Build(replicatedFolder(t))
	if err != nil {
		t.Fatal(err)
	}
	tb := tableOf(t, string(page), "Fleets: mean over replications")
	if want := "<tr><th>fleet</th><th>total_cost_usd</th><th>savings_pct</th><th>evictions</th><th>availability_pct</th></tr>"; !strings.Contains(tb, want) {
		t.Errorf("table head, want %s:\n%s", want, tb)
	}
	if !strings.Contains(tb, "<tr><td>web</td><td>86.64</td><td>80.00</td><td>211.00</td><td>97.58</td></tr>") {
		t.Errorf("web's row:\n%s", tb)
	}

	run := writeFolder(t, map[string]string{
		"summary.csv": "scenario,seed,horizon_hours\nnone,1,24.000000\n",
		"fleets.csv": "scenario,seed,fleet,vms,total_cost_usd,compute_cost_usd,disk_cost_usd,payg_compute_cost_usd,savings_pct,evictions,price_evictions,capacity_evictions\n" +
			"none,1,a,0,0.000000,0.000000,0.000000,0.000000,,0,0,0\nnone,1,b,0,0.000000,0.000000,0.000000,0.000000,,0,0,0\n",
	})
	page, err = Build(run)
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"Top fleets by cost", "Top fleets by evictions"} {
		tb := tableOf(t, string(page), title)
		if strings.Contains(tb, "savings_pct") || strings.Contains(tb, "<td></td>") {
			t.Errorf("%s: a column of blanks:\n%s", title, tb)
		}
		if !strings.Contains(tb, "<th>capacity_evictions</th>") {
			t.Errorf("%s: lacks a filled column:\n%s", title, tb)
		}
	}
}

// TestReplicationZeroLinked: the replicated page's brief names
// replications/0/, and its data files are linked, those that exist only;
// a folder without replications/0/ links none.
func TestReplicationZeroLinked(t *testing.T) {
	dir := replicatedFolder(t)
	page, err := Build(dir)
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	for _, f := range []string{"focus_metadata.json", "notices.jsonl", "summary.csv", "vms.csv"} {
		if want := `<a href="replications/0/` + f + `">replications/0/` + f + `</a>`; !strings.Contains(s, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if n := strings.Count(s, `href="replications/0/`); n != 4 {
		t.Errorf("%d links into replications/0/, want 4 (its data files)", n)
	}
	if strings.Contains(s, "notes.txt") || strings.Contains(s, "replications/0/events.csv") {
		t.Error("page links a file that is no data file or does not exist")
	}
	if err := os.RemoveAll(filepath.Join(dir, "replications")); err != nil {
		t.Fatal(err)
	}
	page, err = Build(dir)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(page), `href="replications/`) {
		t.Error("links into replications/0/ of a folder without it")
	}
}

// TestPercentilesToTwoDecimals: each headline figure of a replicated page
// has two decimals, as its mean: the p5–p95 were summary_stats.csv's
// values with trailing zeros cut, so hours below target read "from
// 34.160278 to 39.2975" and evictions "from 201 to 222" beside a mean of
// 211.00 (seen rendering the service example's report).
func TestPercentilesToTwoDecimals(t *testing.T) {
	page, err := Build(replicatedFolder(t))
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	for _, want := range []string{
		"<dt>total cost (USD)</dt><dd>155.98 ± 0.09 (95 % CI of the mean); replications from 155.87 to 156.08 (p5–p95)</dd>",
		"<dt>evictions</dt><dd>211.00 ± 9.42 (95 % CI of the mean); replications from 201.00 to 222.00 (p5–p95)</dd>",
		"<dt>hours below target</dt><dd>36.41 ± 2.30 (95 % CI of the mean); replications from 34.16 to 39.30 (p5–p95)</dd>",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(s, "makespan") {
		t.Error("a headline or column for a measure no replication has")
	}
}
