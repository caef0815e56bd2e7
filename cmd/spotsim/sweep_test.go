package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	examples "github.com/spotsim/spotsim/scenarios"
)

func writeSweep(t *testing.T, sweep string) string {
	t.Helper()
	dir := t.TempDir()
	if err := examples.CopyExample(dir); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "sweep.yaml")
	os.WriteFile(path, []byte(sweep), 0o644)
	return path
}

func TestSweepAndMergeCommands(t *testing.T) {
	path := writeSweep(t, "base: example.yaml\nreplications: 3\ngrid:\n  fleets[name=batch].max_price: [0.03, 0.05]\n")
	whole := filepath.Join(t.TempDir(), "whole")
	if code, out, errs := spotsim(t, "sweep", path, "--out", whole, "--workers", "2"); code != exitOK || !strings.Contains(out, "runs          6 (6 run now") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if code, out, _ := spotsim(t, "sweep", path, "--out", whole, "--resume"); code != exitOK || !strings.Contains(out, "0 run now, 6 finished before") {
		t.Fatalf("rerun: exit %d\n%s", code, out)
	}
	bad := writeSweep(t, "base: example.yaml\ngrid:\n  fleets[name=batch].max_price: [0.123456]\n")
	if code, _, errs := spotsim(t, "sweep", bad, "--out", filepath.Join(t.TempDir(), "x")); code != exitBadInput || !strings.Contains(errs, "MaxPriceValueInvalid") {
		t.Fatalf("bad sweep: exit %d, %s", code, errs)
	}
	var shards []string
	for i := range 2 {
		d := filepath.Join(t.TempDir(), "s")
		t.Setenv("JOB_COMPLETION_INDEX", string(rune('0'+i)))
		if code, _, errs := spotsim(t, "sweep", path, "--out", d, "--shards", "2"); code != exitOK {
			t.Fatalf("shard %d: %s", i, errs)
		}
		shards = append(shards, d)
	}
	merged := filepath.Join(t.TempDir(), "m")
	if code, _, errs := spotsim(t, "merge", "--out", merged, shards[0], shards[1]); code != exitOK {
		t.Fatalf("merge: %s", errs)
	}
	a, _ := os.ReadFile(filepath.Join(whole, "summary.csv"))
	b, _ := os.ReadFile(filepath.Join(merged, "summary.csv"))
	if len(a) == 0 || string(a) != string(b) {
		t.Fatal("merged summary.csv differs from the unsharded one")
	}
}

// A merge refused for unfinished runs (none failed) writes nothing: not
// even an empty --out folder.
func TestRefusedMergeLeavesNoFolder(t *testing.T) {
	path := writeSweep(t, "base: example.yaml\ngrid:\n  fleets[name=batch].max_price: [0.03, 0.04, 0.05]\n")
	shard := filepath.Join(t.TempDir(), "s0")
	if code, _, errs := spotsim(t, "sweep", path, "--out", shard, "--shard", "0/2"); code != exitOK {
		t.Fatalf("shard: exit %d: %s", code, errs)
	}
	out := filepath.Join(t.TempDir(), "merged")
	code, _, errs := spotsim(t, "merge", "--out", out, shard)
	if code != exitBadInput || !strings.Contains(errs, "not finished") {
		t.Fatalf("merge: exit %d, %s; want exit 2 naming the unfinished runs", code, errs)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a refused merge made %s", out)
	}
}

// validate checks a sweep without grid or zip (the base's replications)
// as the sweep that spotsim sweep runs, not as a broken scenario.
func TestValidateSweepWithoutAxes(t *testing.T) {
	path := writeSweep(t, "base: example.yaml\nreplications: 2\n")
	code, out, errs := spotsim(t, "validate", path)
	if code != exitOK || !strings.Contains(out, "sweep of example.yaml") {
		t.Fatalf("validate: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if code, _, errs := spotsim(t, "sweep", path, "--dry-run"); code != exitOK {
		t.Fatalf("sweep --dry-run: exit %d, %s", code, errs)
	}
}

// run and serve name a sweep file for what it is, instead of its keys as
// a scenario's unknown ones and a scenario's keys as missing.
func TestRunAndServeSayASweepIsOne(t *testing.T) {
	path := writeSweep(t, "base: example.yaml\ngrid:\n  notice: [10s, 20s]\n")
	for _, cmd := range []string{"run", "serve"} {
		code, _, errs := spotsim(t, cmd, path, "--out", filepath.Join(t.TempDir(), "x"))
		if cmd == "serve" {
			code, _, errs = spotsim(t, cmd, path)
		}
		if code != exitBadInput || !strings.Contains(errs, "is a sweep file") || !strings.Contains(errs, "spotsim sweep") || strings.Contains(errs, "unknown key") {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 saying it is a sweep", cmd, code, errs)
		}
	}
}

// --force (give up every result) and --resume (keep the finished runs)
// contradict each other: refused with exit 2 before anything is touched,
// not --force silently winning and discarding the finished runs.
func TestSweepForceAndResumeConflict(t *testing.T) {
	path := writeSweep(t, "base: example.yaml\ngrid:\n  fleets[name=batch].max_price: [0.03, 0.05]\n")
	dir := filepath.Join(t.TempDir(), "sw")
	if code, _, errs := spotsim(t, "sweep", path, "--out", dir, "--workers", "1"); code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "summary.csv"))
	code, out, errs := spotsim(t, "sweep", path, "--out", dir, "--force", "--resume")
	if code != exitBadInput || !strings.Contains(errs, "--force") || !strings.Contains(errs, "--resume") || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want exit 2 naming both flags", code, out, errs)
	}
	after, err := os.ReadFile(filepath.Join(dir, "summary.csv"))
	if err != nil || len(before) == 0 || string(after) != string(before) {
		t.Fatalf("the finished sweep was touched: %v", err)
	}
	// --resume=false on the folder of a sweep: not resuming is starting
	// afresh, which only --force does; it resumed silently and exited 0.
	code, out, errs = spotsim(t, "sweep", path, "--out", dir, "--resume=false")
	if code != exitBadInput || !strings.Contains(errs, "--resume=false") || !strings.Contains(errs, "--force") || out != "" {
		t.Fatalf("--resume=false: exit %d, stdout %q, stderr %q; want exit 2 pointing to --force", code, out, errs)
	}
	if code, _, errs := spotsim(t, "sweep", path, "--out", filepath.Join(t.TempDir(), "new"), "--resume=false"); code != exitOK {
		t.Fatalf("--resume=false into a new folder: exit %d: %s", code, errs)
	}
}

// A sweep killed with SIGKILL and run again gives the summary of one that
// was never interrupted.
func TestSweepSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "spotsim")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	path := writeSweep(t, "base: example.yaml\nreplications: 60\ngrid:\n  fleets[name=batch].max_price: [0.03, 0.05]\n")
	whole := filepath.Join(t.TempDir(), "whole")
	if code, _, errs := spotsim(t, "sweep", path, "--out", whole); code != exitOK {
		t.Fatal(errs)
	}
	cut := filepath.Join(t.TempDir(), "cut")
	cmd := exec.Command(bin, "sweep", path, "--out", cut, "--workers", "1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		done, _ := filepath.Glob(filepath.Join(cut, "runs", "*", "done"))
		if len(done) >= 10 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	done, _ := filepath.Glob(filepath.Join(cut, "runs", "*", "done"))
	if len(done) == 0 || len(done) == 120 {
		t.Skipf("the kill came with %d of 120 runs done; nothing to resume", len(done))
	}
	code, out, errs := spotsim(t, "sweep", path, "--out", cut)
	if code != exitOK {
		t.Fatal(errs)
	}
	a, _ := os.ReadFile(filepath.Join(whole, "summary.csv"))
	b, _ := os.ReadFile(filepath.Join(cut, "summary.csv"))
	if string(a) != string(b) {
		t.Fatalf("summary after SIGKILL and resume differs (%s)", out)
	}
}

func TestSweepDryRun(t *testing.T) {
	path := writeSweep(t, "base: example.yaml\nreplications: 2\ngrid:\n  fleets[name=batch].max_price: [0.03, 0.05]\n")
	code, out, errs := spotsim(t, "sweep", path, "--dry-run", "--out", filepath.Join(t.TempDir(), "never"))
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != exitOK || len(lines) != 5 || lines[0] != "run_id,replication,seed,fleets[name=batch].max_price" {
		t.Fatalf("exit %d, %q, %s", code, out, errs)
	}
	code, out, _ = spotsim(t, "sweep", path, "--dry-run", "--shard", "1/2")
	if code != exitOK || strings.Count(out, "\n") != 3 {
		t.Fatalf("shard 1/2 lists %q", out)
	}
}

// The collector's target follows one run's estimated size, whatever the
// number of workers: B3's runs (33 MiB) collect rarely, B1's (165 MiB)
// often, with one worker as with two.
func TestSweepGCPercentIsByOneRunsSize(t *testing.T) {
	for _, c := range []struct {
		run  uint64
		want int
	}{
		{33 << 20, 200},
		{64<<20 - 1, 200},
		{64 << 20, 15},
		{165 << 20, 15},
		{4 << 30, 15},
	} {
		if got := sweepGCPercent(c.run); got != c.want {
			t.Errorf("sweepGCPercent(%d MiB) = %d, want %d", c.run>>20, got, c.want)
		}
	}
}
