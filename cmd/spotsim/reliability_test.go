package main

import (
	"errors"
	"io/fs"
	"maps"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spotsim/spotsim/cmd/internal/results"
	"github.com/spotsim/spotsim/cmd/internal/runner"
)

// tree maps every file under dir to its content, leaving out the hidden
// temporary files a killed run leaves (the next run sweeps them).
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".spotsim-") {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func temps(t *testing.T, dir string) []string {
	t.Helper()
	var found []string
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), ".spotsim-") {
			found = append(found, path)
		}
		return nil
	})
	return found
}

func keys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }

// sumColumn adds up a money column exactly, in micro-dollars.
func sumColumn(t *testing.T, path, col string) *big.Int {
	t.Helper()
	rows := readCSV(t, path)
	k := slices.Index(rows[0], col)
	if k < 0 {
		t.Fatalf("%s has no %s column", path, col)
	}
	sum := new(big.Int)
	for _, r := range rows[1:] {
		n, ok := new(big.Int).SetString(strings.Replace(r[k], ".", "", 1), 10)
		if !ok {
			t.Fatalf("%s: %s = %q", path, col, r[k])
		}
		sum.Add(sum, n)
	}
	return sum
}

// The defect of issue #21: a regular VM at 100 USD/h for 2,140 days costs
// 5,136,000 USD, past what an int64 of nano-dollar-seconds per hour holds;
// summary.csv said 11,902.76 USD while usage_daily.csv and focus.csv, in
// the same folder, summed to the true figure.
func TestMoneyPastInt64(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "big.yaml")
	os.WriteFile(path, []byte("name: big\nstart: 2026-01-05T00:00:00Z\nhorizon: 2140d\n"+
		"timings: {create: 0s, start: 0s, stop: 0s, deallocate: 0s, delete: 0s}\n"+
		"pools:\n  - {region: eastus, sku: Standard_D2s_v5, vcpus: 2, payg_price: 100}\n"+
		"fleets:\n  - {name: w, region: eastus, sku: Standard_D2s_v5, count: 1, priority: regular}\n"), 0o644)
	out := filepath.Join(dir, "out")
	if code, _, errs := spotsim(t, "run", path, "--out", out, "--outputs", "summary,usage_daily,focus"); code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want := big.NewInt(5_136_000_000_000)
	for _, c := range []struct{ file, col string }{
		{"summary.csv", "total_cost_usd"}, {"usage_daily.csv", "cost_usd"}, {"focus.csv", "BilledCost"},
	} {
		if got := sumColumn(t, filepath.Join(out, c.file), c.col); got.Cmp(want) != 0 {
			t.Errorf("%s %s sums to %s µ$, want %s", c.file, c.col, got, want)
		}
	}
}

const repsYAML = "name: reps\nstart: 2026-01-05T00:00:00Z\nhorizon: 1d\nseed: 5\npools:\n" +
	"  - {region: eastus, sku: Standard_D2s_v5, vcpus: 2, payg_price: 0.096, spot_price: 0.02, eviction_rate: 10-15}\n" +
	"fleets:\n  - {name: w, region: eastus, sku: Standard_D2s_v5, count: 5, after_eviction: {restart: 30m}}\n"

// `run --force --replications` over an earlier single run, failing at each
// replacement step in turn: the folder has no summary.csv, or is wholly the
// old run or wholly the new one. Before the fix the old events.csv, vms.csv
// and usage files stayed beside the new summary even when nothing failed,
// and a failure left the old summary.csv beside a half-replaced
// replications/ folder.
func TestForceReplicationsFailsAtEveryStep(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "reps.yaml")
	os.WriteFile(path, []byte(repsYAML), 0o644)
	fresh := filepath.Join(dir, "fresh")
	newRun := []string{"run", path, "--replications", "3", "--outputs", "summary,fleets", "--force"}
	if code, _, errs := spotsim(t, append(newRun, "--out", fresh)...); code != exitOK {
		t.Fatal(errs)
	}
	want := tree(t, fresh)
	for n := 0; ; n++ {
		out := filepath.Join(t.TempDir(), "out")
		if code, _, errs := spotsim(t, "run", path, "--out", out, "--outputs", "all"); code != exitOK {
			t.Fatal(errs)
		}
		os.MkdirAll(filepath.Join(out, "plots"), 0o777)
		os.WriteFile(filepath.Join(out, "plots", "cost.png"), []byte("old"), 0o666)
		old := tree(t, out)
		calls, reached := 0, false
		results.FailHook = func(step, path string) error {
			calls++
			if calls-1 == n {
				reached = true
				return errors.New("injected failure")
			}
			return nil
		}
		code, _, errs := spotsim(t, append(newRun, "--out", out)...)
		results.FailHook = nil
		got := tree(t, out)
		if !reached {
			if code != exitOK || !maps.Equal(got, want) {
				t.Fatalf("unhindered: exit %d %s; folder %v, want %v", code, errs, keys(got), keys(want))
			}
			return
		}
		if code == exitOK {
			t.Fatalf("step %d: the injected failure gave exit 0", n)
		}
		if _, complete := got["summary.csv"]; complete && !maps.Equal(got, old) && !maps.Equal(got, want) {
			t.Fatalf("step %d: summary.csv beside a mixed folder: %v", n, keys(got))
		}
		if code, _, errs := spotsim(t, append(newRun, "--out", out)...); code != exitOK || !maps.Equal(tree(t, out), want) {
			t.Fatalf("step %d: the next --force: exit %d %s, folder %v", n, code, errs, keys(tree(t, out)))
		}
		if left := temps(t, out); len(left) > 0 {
			t.Fatalf("step %d: temporary files left: %v", n, left)
		}
	}
}

// SIGKILL at several moments of a `run --force --replications` over an
// earlier run: each time the folder has no summary.csv or is wholly one
// run, and the next run leaves exactly the new results and no temporary
// file.
func TestForceSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "spotsim")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "reps.yaml")
	os.WriteFile(path, []byte(repsYAML), 0o644)
	newRun := []string{"run", path, "--replications", "40", "--outputs", "summary,vms,events", "--force"}
	fresh := filepath.Join(dir, "fresh")
	if code, _, errs := spotsim(t, append(newRun, "--out", fresh)...); code != exitOK {
		t.Fatal(errs)
	}
	want := tree(t, fresh)
	for _, after := range []int{0, 5, 20, 39} { // replications written before the kill
		out := filepath.Join(t.TempDir(), "out")
		if code, _, errs := spotsim(t, "run", path, "--out", out, "--outputs", "all"); code != exitOK {
			t.Fatal(errs)
		}
		old := tree(t, out)
		cmd := exec.Command(bin, append(newRun, "--out", out)...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(60 * time.Second)
		for time.Now().Before(deadline) {
			reps, _ := filepath.Glob(filepath.Join(out, "replications", "*", "summary.csv"))
			if len(reps) >= after {
				break
			}
			time.Sleep(time.Millisecond)
		}
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		got := tree(t, out)
		if _, complete := got["summary.csv"]; complete && !maps.Equal(got, old) && !maps.Equal(got, want) {
			t.Fatalf("killed after %d replications: summary.csv beside a mixed folder: %v", after, keys(got))
		}
		if code, _, errs := spotsim(t, append(newRun, "--out", out)...); code != exitOK || !maps.Equal(tree(t, out), want) {
			t.Fatalf("killed after %d: the next run: exit %d %s", after, code, errs)
		}
		if left := temps(t, out); len(left) > 0 {
			t.Fatalf("killed after %d: temporary files left: %v", after, left)
		}
	}
}

// --force on a sweep folder: `sweep --force` reruns every run and leaves no
// chart of the earlier sweep; `run --force` into a sweep's folder leaves
// none of the sweep's runs beside its own results. Before, `run --force`
// left runs/ and runs.csv beside the new summary, and sweep had no --force.
func TestForceOnSweepFolder(t *testing.T) {
	path := writeSweep(t, "base: example.yaml\nreplications: 2\ngrid:\n  fleets[name=batch].max_price: [0.03, 0.05]\n")
	out := filepath.Join(t.TempDir(), "sw")
	if code, _, errs := spotsim(t, "sweep", path, "--out", out); code != exitOK {
		t.Fatal(errs)
	}
	want := tree(t, out)
	os.MkdirAll(filepath.Join(out, "plots"), 0o777)
	os.WriteFile(filepath.Join(out, "plots", "cost.png"), []byte("old"), 0o666)
	if code, stdout, errs := spotsim(t, "sweep", path, "--out", out, "--force"); code != exitOK || !strings.Contains(stdout, "4 run now, 0 finished before") {
		t.Fatalf("sweep --force: exit %d %s %s", code, stdout, errs)
	}
	if got := tree(t, out); !maps.Equal(got, want) {
		t.Fatalf("sweep --force left %v, want %v", keys(got), keys(want))
	}
	if code, _, errs := spotsim(t, "sweep", path, "--out", out, "--force", "--shard", "0/2"); code != exitBadInput || !strings.Contains(errs, "--force") {
		t.Fatalf("sweep --force --shard: exit %d %s", code, errs)
	}
	if code, _, errs := spotsim(t, "run", "--out", out, "--outputs", "summary"); code != exitBadInput || !strings.Contains(errs, "--force") {
		t.Fatalf("run into a sweep folder: exit %d %s", code, errs)
	}
	if code, _, errs := spotsim(t, "run", "--out", out, "--outputs", "summary", "--force"); code != exitOK {
		t.Fatal(errs)
	}
	if got := keys(tree(t, out)); !slices.Equal(got, []string{"summary.csv"}) {
		t.Fatalf("run --force into a sweep folder left %v", got)
	}
}

// A run whose memory estimate exceeds the machine's is refused before it
// starts, with the estimate, unless --skip-memory-check; nothing is written.
func TestMemoryCheck(t *testing.T) {
	real := runner.MachineMemory
	runner.MachineMemory = func() (uint64, bool) { return 16 << 20, true }
	defer func() { runner.MachineMemory = real }()
	out := filepath.Join(t.TempDir(), "out")
	code, _, errs := spotsim(t, "run", "--out", out)
	if code != exitBadInput || !strings.Contains(errs, "estimated to need") || !strings.Contains(errs, "16 MiB") || !strings.Contains(errs, "--skip-memory-check") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("a refused run created its folder")
	}
	if code, _, errs := spotsim(t, "run", "--out", out, "--skip-memory-check"); code != exitOK {
		t.Fatalf("--skip-memory-check: exit %d: %s", code, errs)
	}
}

// The estimate grows with what a run holds: VMs, price points, and the
// events the outputs keep.
func TestEstimateMemoryGrows(t *testing.T) {
	sc, err := loadExample()
	if err != nil {
		t.Fatal(err)
	}
	cfg := sc.Config
	small := runner.EstimateMemory(&cfg)
	cfg.Record.Events = true
	logs := runner.EstimateMemory(&cfg)
	cfg.Fleets = slices.Clone(cfg.Fleets)
	cfg.Fleets[0].Count *= 1000
	more := runner.EstimateMemory(&cfg)
	if !(small < logs && logs < more) || small < runner.MemBase {
		t.Fatalf("estimates %d, %d, %d", small, logs, more)
	}
}

// A sweep checks its memory estimate too: one run's, once per worker.
func TestSweepMemoryCheck(t *testing.T) {
	real := runner.MachineMemory
	runner.MachineMemory = func() (uint64, bool) { return 16 << 20, true }
	defer func() { runner.MachineMemory = real }()
	path := writeSweep(t, "base: example.yaml\ngrid:\n  fleets[name=batch].max_price: [0.03, 0.05]\n")
	out := filepath.Join(t.TempDir(), "sw")
	if code, _, errs := spotsim(t, "sweep", path, "--out", out); code != exitBadInput || !strings.Contains(errs, "estimated to need") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if code, _, errs := spotsim(t, "sweep", path, "--out", out, "--skip-memory-check"); code != exitOK {
		t.Fatalf("--skip-memory-check: exit %d: %s", code, errs)
	}
}
