package results

import (
	"encoding/csv"
	"errors"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spotsim/spotsim/sim"
)

// listing maps every file in dir to its content.
func listing(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = string(b)
	}
	return files
}

func names(files map[string]string) []string {
	var n []string
	for k := range files {
		n = append(n, k)
	}
	slices.Sort(n)
	return n
}

func noTemps(t *testing.T, dir string) {
	t.Helper()
	for _, n := range names(listing(t, dir)) {
		if strings.HasPrefix(n, tmpPrefix) {
			t.Errorf("temporary file %s left in %s", n, dir)
		}
	}
}

func TestWriteCreatesFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "results", "golden")
	if err := Write(dir, sample(t), []byte(resolved), sampleOutputs, false); err != nil {
		t.Fatal(err)
	}
	want := []string{"events.csv", "fleet_pools.csv", "fleets.csv", "notices.jsonl", "prices.csv", "scenario.resolved.yaml", "summary.csv", "timeline.csv", "vms.csv"}
	if got := names(listing(t, dir)); !slices.Equal(got, want) {
		t.Errorf("folder holds %v, want %v", got, want)
	}
	noTemps(t, dir)
}

func TestWriteRefusesExisting(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, sample(t), []byte(resolved), sampleOutputs, false); err != nil {
		t.Fatal(err)
	}
	before := listing(t, dir)
	other := sample(t)
	other.Config.Seed = 8
	for _, outs := range []Outputs{sampleOutputs, 1 << Fleets} {
		err := Write(dir, other, nil, outs, false)
		if !errors.Is(err, ErrExists) {
			t.Fatalf("Write into a results folder: %v, want ErrExists", err)
		}
		for _, s := range []string{dir, "--force", "summary.csv"} {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("error %q does not mention %q", err, s)
			}
		}
		if after := listing(t, dir); !mapsEqual(before, after) {
			t.Errorf("refused Write changed the folder: %v -> %v", names(before), names(after))
		}
	}
}

// One result file of any kind, even one this package does not write yet,
// marks a folder as holding results.
func TestWriteRefusesAnyResultFile(t *testing.T) {
	for _, name := range resultFiles {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, name), []byte("old"), 0o666); err != nil {
			t.Fatal(err)
		}
		if err := Write(dir, sample(t), nil, 1<<Summary, false); !errors.Is(err, ErrExists) {
			t.Errorf("folder with %s: %v, want ErrExists", name, err)
		}
		if got := names(listing(t, dir)); !slices.Equal(got, []string{name}) {
			t.Errorf("folder with %s now holds %v", name, got)
		}
	}
}

func TestWriteForceReplaces(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, sample(t), []byte(resolved), sampleOutputs, false); err != nil {
		t.Fatal(err)
	}
	// A user's own file, a later billing output, and a killed run's debris.
	for name, body := range map[string]string{
		"notes.txt":       "mine",
		"usage_daily.csv": "old",
		tmpPrefix + "vms.csv-0badf00d" + tmpSuffix: "half",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	other := sample(t)
	other.Config.Seed = 8
	outs, err := ParseOutputs("summary,fleets")
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, other, []byte(resolved), outs, true); err != nil {
		t.Fatal(err)
	}
	files := listing(t, dir)
	if got, want := names(files), []string{"fleets.csv", "notes.txt", "summary.csv"}; !slices.Equal(got, want) {
		t.Errorf("after --force the folder holds %v, want %v", got, want)
	}
	if files["notes.txt"] != "mine" {
		t.Errorf("--force changed a file that is not a result")
	}
	if !strings.Contains(files["summary.csv"], "\ngolden,8,") {
		t.Errorf("summary.csv is not the new run's:\n%s", files["summary.csv"])
	}
}

// A run whose rendering fails leaves neither temporary files nor any new
// result, and keeps the old results it was told to replace.
func TestWriteFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, sample(t), []byte(resolved), 1<<Summary, false); err != nil {
		t.Fatal(err)
	}
	before := listing(t, dir)
	bad := sample(t)
	changeVM(bad, 1, func(v *sim.VMResult) { v.Fleet = 99 })
	if err := Write(dir, bad, []byte(resolved), AllOutputs, true); err == nil {
		t.Fatal("Write of a result with a bad fleet index succeeded")
	}
	if after := listing(t, dir); !mapsEqual(before, after) {
		t.Errorf("failed Write changed the folder: %v -> %v", names(before), names(after))
	}
}

func TestWriteNeedsRecordedLogs(t *testing.T) {
	res := sample(t)
	res.Config.Record = sim.Record{}
	dir := filepath.Join(t.TempDir(), "out")
	if err := Write(dir, res, nil, AllOutputs, false); err == nil {
		t.Fatal("Write of events the run did not record succeeded")
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("refused Write created %s", dir)
	}
	res.Config.Record = AllOutputs.Record()
	if err := Write(dir, res, nil, AllOutputs, false); err != nil {
		t.Fatal(err)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// readTable reads a CSV file back the way a notebook would.
func readTable(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]string
	for _, r := range recs[1:] {
		row := map[string]string{}
		for i, h := range recs[0] {
			row[h] = r[i]
		}
		rows = append(rows, row)
	}
	return rows
}

// micros parses a six-place USD field exactly.
func micros(t *testing.T, s string) int64 {
	t.Helper()
	whole, frac, ok := strings.Cut(s, ".")
	if !ok || len(frac) != 6 {
		t.Fatalf("%q is not a USD amount with six places", s)
	}
	v, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return v
}

func TestSummaryReadBack(t *testing.T) {
	one := sample(t)
	// Acceptance case a01 alone: one spot VM, evicted for price at 10:00:30.
	one.VMs = sim.NewVMs([]sim.VMResult{one.VMs.At(0)})
	one.Fleets = []sim.FleetResult{{}, {}, {}, {}}
	for name, res := range map[string]*sim.Result{"sample": sample(t), "a01": one} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := Write(dir, res, nil, 1<<Summary|1<<Fleets, false); err != nil {
				t.Fatal(err)
			}
			rows := readTable(t, filepath.Join(dir, "summary.csv"))
			rows = append(rows, readTable(t, filepath.Join(dir, "fleets.csv"))...)
			for _, r := range rows {
				compute, disk := micros(t, r["compute_cost_usd"]), micros(t, r["disk_cost_usd"])
				payg, savings := micros(t, r["payg_compute_cost_usd"]), micros(t, r["savings_usd"])
				if savings != payg-compute {
					t.Errorf("%s: savings %d != payg %d - compute %d", r["fleet"], savings, payg, compute)
				}
				if total := micros(t, r["total_cost_usd"]); total != compute+disk {
					t.Errorf("%s: total %d != compute %d + disk %d", r["fleet"], total, compute, disk)
				}
				if payg == 0 {
					if r["savings_pct"] != "" {
						t.Errorf("%s: savings_pct %q with no pay-as-you-go cost, want empty", r["fleet"], r["savings_pct"])
					}
					continue
				}
				got, ok := new(big.Rat).SetString(r["savings_pct"])
				if !ok {
					t.Fatalf("savings_pct %q", r["savings_pct"])
				}
				// savings_pct is exact, the amounts rounded: allow for savings
				// off by a micro-dollar and payg by half of one.
				want := big.NewRat(100*savings, payg)
				diff, _ := new(big.Rat).Sub(got, want).Float64()
				s, p := float64(savings), float64(payg)
				if bound := 0.5e-6 + 100/p + 100*math.Abs(s)*0.5/(p*p); math.Abs(diff) > bound {
					t.Errorf("%s: savings_pct %s, want 100*%d/%d within %g", r["fleet"], r["savings_pct"], savings, payg, bound)
				}
			}
			if name != "a01" {
				return
			}
			// The hand-worked figures of ../shared/acceptance/cases/a01.
			for col, want := range map[string]string{
				"vms": "1", "notices": "1", "evictions": "1", "price_evictions": "1",
				"running_vm_hours": "10.008333", "deallocated_vm_hours": "13.991667",
				"compute_cost_usd": "0.200333", "disk_cost_usd": "0.240000",
				"total_cost_usd": "0.440333", "payg_compute_cost_usd": "0.960800",
				"savings_usd": "0.760467", "savings_pct": "79.149320",
			} {
				if got := rows[0][col]; got != want {
					t.Errorf("a01 %s = %s, want %s", col, got, want)
				}
			}
		})
	}
}

var snake = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

func TestColumnsSnakeCase(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, sample(t), nil, sampleOutputs, false); err != nil {
		t.Fatal(err)
	}
	for _, o := range []Output{Summary, Fleets, VMs, Events} {
		f, err := os.Open(filepath.Join(dir, o.File()))
		if err != nil {
			t.Fatal(err)
		}
		header, err := csv.NewReader(f).Read()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, h := range header {
			if !snake.MatchString(h) {
				t.Errorf("%s: column %q is not snake_case", o.File(), h)
			}
			if seen[h] {
				t.Errorf("%s: column %q twice", o.File(), h)
			}
			seen[h] = true
		}
	}
}

// SPEC section 4's required columns come first, in its order.
func TestRequiredColumnsFirst(t *testing.T) {
	for _, tc := range []struct {
		got  []string
		spec string
	}{
		{summaryColumns, "scenario,seed,vms,notices,evictions,price_evictions,capacity_evictions,failed_creates,failed_starts,running_vm_hours,deallocated_vm_hours,compute_cost_usd,disk_cost_usd,total_cost_usd,payg_compute_cost_usd,savings_usd,savings_pct"},
		{fleetColumns, "scenario,seed,fleet,vms,notices,evictions,price_evictions,capacity_evictions,failed_creates,failed_starts,running_vm_hours,deallocated_vm_hours,compute_cost_usd,disk_cost_usd,total_cost_usd,payg_compute_cost_usd,savings_usd,savings_pct"},
		{vmColumns, "vm,fleet,region,sku,priority,max_price,eviction_policy,created_at,final_state,evictions,billed_seconds,compute_cost_usd,disk_cost_usd"},
		{eventColumns, "time,vm,fleet,event,from_state,to_state,spot_price_usd,reason"},
	} {
		want := strings.Split(tc.spec, ",")
		if len(tc.got) < len(want) || !slices.Equal(tc.got[:len(want)], want) {
			t.Errorf("columns %v do not start with %v", tc.got, want)
		}
	}
}

func TestParseOutputs(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Outputs
		err  string
	}{
		{"all", AllOutputs, ""},
		{"summary", 1 << Summary, ""},
		{"summary,fleets", 1<<Summary | 1<<Fleets, ""},
		{" vms , events ", 1<<VMs | 1<<Events, ""},
		{"notices,resolved,summary", 1<<Notices | 1<<Resolved | 1<<Summary, ""},
		{"summary,all", AllOutputs, ""},
		{"sumary", 0, `unknown output "sumary"; want a comma-separated list of summary, fleets, vms, events, notices, resolved, timeline, prices, usage_hourly, usage_daily, focus, workload, fleet_pools, azure_ea, azure_mca, or all`},
		{"", 0, "empty name"},
		{"summary,,vms", 0, "empty name"},
		{"Summary", 0, `unknown output "Summary"`},
	} {
		got, err := ParseOutputs(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseOutputs(%q) error %v, want one containing %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseOutputs(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
		if back, err := ParseOutputs(got.String()); err != nil || back != got {
			t.Errorf("ParseOutputs(%q) does not round-trip: %v, %v", got.String(), back, err)
		}
	}
}

func TestRecord(t *testing.T) {
	if r := Outputs(1 << Summary).Record(); r.Events || r.Notices {
		t.Errorf("a summary-only run records %+v", r)
	}
	if r := AllOutputs.Record(); !r.Events || !r.Notices {
		t.Errorf("a full run records %+v", r)
	}
}

func TestCheckFree(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if err := CheckFree(dir, false); err != nil {
		t.Fatalf("missing folder: %v", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("CheckFree created %s", dir)
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), nil, 0o666); err != nil {
		t.Fatal(err)
	}
	if err := CheckFree(dir, false); err != nil {
		t.Fatalf("folder without results: %v", err)
	}
	if err := Write(dir, sample(t), nil, 1<<Summary, false); err != nil {
		t.Fatal(err)
	}
	if err := CheckFree(dir, false); !errors.Is(err, ErrExists) {
		t.Errorf("folder with results: %v, want ErrExists", err)
	}
	if err := CheckFree(dir, true); err != nil {
		t.Errorf("folder with results and force: %v", err)
	}
}

// --force also clears an earlier run's charts, report and replications.
func TestForceClearsDerivedResults(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "plots"), 0o755)
	os.WriteFile(filepath.Join(dir, "plots", "cost.png"), []byte("png"), 0o644)
	os.WriteFile(filepath.Join(dir, "report.html"), []byte("<html>"), 0o644)
	os.MkdirAll(filepath.Join(dir, "replications", "0"), 0o755)
	if err := Write(dir, sample(t), nil, 1<<Summary, false); !errors.Is(err, ErrExists) {
		t.Fatalf("a folder with report.html: %v, want ErrExists", err)
	}
	if err := Write(dir, sample(t), nil, 1<<Summary, true); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"plots", "report.html", "replications"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err == nil {
			t.Errorf("%s survived --force", p)
		}
	}
}
