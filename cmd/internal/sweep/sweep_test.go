package sweep

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spotsim/spotsim/cmd/internal/results"
	"github.com/spotsim/spotsim/cmd/internal/scenario"
	examples "github.com/spotsim/spotsim/scenarios"
)

const testSweep = `base: example.yaml
seed: 3
replications: 2
grid:
  fleets[name=batch].max_price: [0.03, 0.04, -1]
  notice: [30s, 10s]
zip:
  - fleets[name=web].count: [2, 4]
    pools[1].capacity: [unlimited, 3]
`

func load(t *testing.T) *scenario.Sweep {
	t.Helper()
	dir := t.TempDir()
	if err := examples.CopyExample(dir); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "sweep.yaml"), []byte(testSweep), 0o644)
	sw, err := scenario.LoadSweep(filepath.Join(dir, "sweep.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return sw
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func run(t *testing.T, sw *scenario.Sweep, o Options) *Report {
	t.Helper()
	if o.Version == "" {
		o.Version = "test"
	}
	rep, err := Run(sw, o)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// The sweep's files are the same bytes with 1 worker and with 4, and
// carry each run's parameters beside its measures, sorted by run id.
func TestWorkersGiveTheSameBytes(t *testing.T) {
	sw := load(t)
	one, four := filepath.Join(t.TempDir(), "one"), filepath.Join(t.TempDir(), "four")
	run(t, sw, Options{Out: one, Workers: 1})
	rep := run(t, sw, Options{Out: four, Workers: 4})
	if rep.Runs != 24 || rep.Ran != 24 || rep.Resumed != 0 {
		t.Fatalf("report %+v", rep)
	}
	for _, f := range []string{"summary.csv", "fleets.csv", "runs.csv", "sweep.resolved.yaml"} {
		if a, b := read(t, filepath.Join(one, f)), read(t, filepath.Join(four, f)); a != b {
			t.Errorf("%s differs between 1 and 4 workers", f)
		}
	}
	lines := strings.Split(strings.TrimSpace(read(t, filepath.Join(one, "summary.csv"))), "\n")
	if len(lines) != 25 || !strings.HasPrefix(lines[0], "run_id,replication,seed,fleets[name=batch].max_price,notice,fleets[name=web].count,pools[1].capacity,scenario,vms,") {
		t.Fatalf("summary.csv: %d lines, header %s", len(lines), lines[0])
	}
	for i := 2; i < len(lines); i++ {
		if lines[i-1] >= lines[i] {
			t.Fatalf("rows not sorted by run id at %d", i)
		}
	}
	// A row's measures are the run's own summary.csv row, less its seed
	// (the sweep's seed column, third, holds it: every name is unique).
	first := strings.SplitN(lines[1], ",", 8)
	own := strings.SplitN(strings.Split(strings.TrimSpace(read(t, filepath.Join(one, "runs", first[0], "summary.csv"))), "\n")[1], ",", 3)
	if first[7] != own[0]+","+own[2] || first[2] != own[1] {
		t.Fatalf("sweep row %q, run's own row %q", lines[1], own)
	}
	if strings.Count(lines[0], ",seed,") != 1 {
		t.Fatalf("header has seed more than once: %s", lines[0])
	}
	if n := strings.Count(read(t, filepath.Join(one, "fleets.csv")), "\n"); n != 1+24*3 {
		t.Fatalf("fleets.csv has %d lines, want 73", n)
	}
	// Per-run files beyond summary, fleets and resolved are opt-in.
	if _, err := os.Stat(filepath.Join(one, "runs", first[0], "events.csv")); err == nil {
		t.Fatal("events.csv written without --outputs")
	}
}

// A sweep interrupted at any point and run again gives the same files as
// one that ran through: finished runs are kept, unfinished ones redone.
func TestResumeAfterAKill(t *testing.T) {
	sw := load(t)
	whole, cut := filepath.Join(t.TempDir(), "whole"), filepath.Join(t.TempDir(), "cut")
	run(t, sw, Options{Out: whole, Workers: 2})
	run(t, sw, Options{Out: cut, Workers: 2})
	// What a kill leaves: runs without their marker (one with a temp file
	// half written, one with no files at all) and no sweep summary.
	ids := []string{sw.Runs[0].ID, sw.Runs[5].ID, sw.Runs[17].ID}
	os.Remove(filepath.Join(cut, "runs", ids[0], doneMarker))
	os.WriteFile(filepath.Join(cut, "runs", ids[0], ".spotsim-summary.csv-0000.tmp"), []byte("scen"), 0o644)
	os.Remove(filepath.Join(cut, "runs", ids[1], doneMarker))
	os.Remove(filepath.Join(cut, "runs", ids[1], "summary.csv"))
	os.RemoveAll(filepath.Join(cut, "runs", ids[2]))
	os.Remove(filepath.Join(cut, "summary.csv"))
	os.Remove(filepath.Join(cut, "fleets.csv"))
	rep := run(t, sw, Options{Out: cut, Workers: 3})
	if rep.Ran != 3 || rep.Resumed != 21 {
		t.Fatalf("resumed sweep ran %d and kept %d; want 3 and 21", rep.Ran, rep.Resumed)
	}
	for _, f := range []string{"summary.csv", "fleets.csv"} {
		if read(t, filepath.Join(whole, f)) != read(t, filepath.Join(cut, f)) {
			t.Errorf("%s differs after resuming", f)
		}
	}
	if _, err := os.Stat(filepath.Join(cut, "runs", ids[0], ".spotsim-summary.csv-0000.tmp")); err == nil {
		t.Error("a killed run's temporary file survived its redo")
	}
}

// Shards split the runs; merging their folders gives the unsharded files.
func TestShardsMerge(t *testing.T) {
	sw := load(t)
	whole := filepath.Join(t.TempDir(), "whole")
	run(t, sw, Options{Out: whole, Workers: 2})
	var dirs []string
	total := 0
	for i := range 3 {
		d := filepath.Join(t.TempDir(), "shard")
		rep := run(t, sw, Options{Out: d, Workers: 1, Shard: i, Shards: 3})
		total += rep.Runs
		dirs = append(dirs, d)
	}
	if total != len(sw.Runs) {
		t.Fatalf("shards hold %d runs, want %d", total, len(sw.Runs))
	}
	if _, err := Merge(dirs[:2], filepath.Join(t.TempDir(), "m")); err == nil || !strings.Contains(err.Error(), "not finished") {
		t.Fatalf("merging 2 of 3 shards: %v, want a missing-runs error", err)
	}
	out := filepath.Join(t.TempDir(), "merged")
	n, err := Merge(dirs, out)
	if err != nil || n != len(sw.Runs) {
		t.Fatalf("merge: %d runs, %v", n, err)
	}
	for _, f := range []string{"summary.csv", "fleets.csv"} {
		if read(t, filepath.Join(whole, f)) != read(t, filepath.Join(out, f)) {
			t.Errorf("merged %s differs from the unsharded one", f)
		}
	}
}

func TestFolderOfAnotherSweep(t *testing.T) {
	sw := load(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "sweep.resolved.yaml"), []byte("other"), 0o644)
	if _, err := Run(sw, Options{Out: dir, Version: "test"}); err == nil || !bytes.Contains([]byte(err.Error()), []byte("another sweep")) {
		t.Fatalf("got %v", err)
	}
	busy := t.TempDir()
	os.WriteFile(filepath.Join(busy, "notes.txt"), []byte("mine"), 0o644)
	if _, err := Run(sw, Options{Out: busy, Version: "test"}); err == nil {
		t.Fatal("ran into a folder that holds other files")
	}
}

// Per-run outputs are opt-in and then written for every run.
func TestPerRunOutputs(t *testing.T) {
	sw := load(t)
	dir := filepath.Join(t.TempDir(), "out")
	outs, _ := results.ParseOutputs("events,notices")
	run(t, sw, Options{Out: dir, Workers: 2, Outputs: outs})
	for _, r := range sw.Runs {
		for _, f := range []string{"events.csv", "notices.jsonl", "scenario.resolved.yaml", "summary.csv", "fleets.csv", doneMarker} {
			if _, err := os.Stat(filepath.Join(dir, "runs", r.ID, f)); err != nil {
				t.Fatalf("run %s: %v", r.ID, err)
			}
		}
	}
}

// Shards started together on one shared folder do not trip over each other.
func TestShardsShareAFolder(t *testing.T) {
	sw := load(t)
	whole, shared := filepath.Join(t.TempDir(), "whole"), filepath.Join(t.TempDir(), "shared")
	run(t, sw, Options{Out: whole, Workers: 2})
	errs := make(chan error, 4)
	for i := range 4 {
		go func() {
			_, err := Run(sw, Options{Out: shared, Workers: 1, Shard: i, Shards: 4, Version: "test"})
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Merge([]string{shared}, shared); err != nil {
		t.Fatal(err)
	}
	if read(t, filepath.Join(whole, "summary.csv")) != read(t, filepath.Join(shared, "summary.csv")) {
		t.Fatal("summary.csv of shards sharing a folder differs from the unsharded one")
	}
}

// A shard run again clears what a kill left in its own folder (a
// summary.csv half written) and nothing in another shard's, which may be
// writing there now.
func TestShardClearsItsOwnDebris(t *testing.T) {
	sw := load(t)
	shared := filepath.Join(t.TempDir(), "shared")
	run(t, sw, Options{Out: shared, Workers: 1, Shard: 0, Shards: 2})
	own := filepath.Join(shared, "shards", "0-of-2", ".spotsim-summary.csv-0000.tmp")
	other := filepath.Join(shared, "shards", "1-of-2", ".spotsim-summary.csv-0000.tmp")
	os.MkdirAll(filepath.Dir(other), 0o777)
	for _, p := range []string{own, other} {
		if err := os.WriteFile(p, []byte("scen"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run(t, sw, Options{Out: shared, Workers: 1, Shard: 0, Shards: 2})
	if _, err := os.Stat(own); err == nil {
		t.Error("a killed shard's temporary file survived the shard's next run")
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("shard 0 touched shard 1's folder: %v", err)
	}
}

// A merge run again clears what a killed merge left in its own --out, and
// never a temporary file in a folder it merges from, where a shard may be
// writing.
func TestMergeClearsItsOwnDebris(t *testing.T) {
	sw := load(t)
	var dirs []string
	for i := range 2 {
		d := filepath.Join(t.TempDir(), "shard")
		run(t, sw, Options{Out: d, Workers: 1, Shard: i, Shards: 2})
		dirs = append(dirs, d)
	}
	out := filepath.Join(t.TempDir(), "merged")
	if _, err := Merge(dirs, out); err != nil {
		t.Fatal(err)
	}
	own := filepath.Join(out, ".spotsim-summary.csv-0000.tmp")
	shard := filepath.Join(dirs[1], ".spotsim-runs.csv-0000.tmp")
	for _, p := range []string{own, shard} {
		if err := os.WriteFile(p, []byte("scen"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Merge(dirs, out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(own); err == nil {
		t.Error("a killed merge's temporary file survived the next merge")
	}
	if _, err := Merge(dirs, dirs[1]+"/"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(shard); err != nil {
		t.Errorf("a merge into a shard's folder removed a temporary file a shard may be writing: %v", err)
	}
}

// A failed run does not stop the sweep: it is listed with its error, the
// sweep reports failure, and the next run of the sweep retries it.
func TestFailedRunsAreRetried(t *testing.T) {
	sw := load(t)
	whole, dir := filepath.Join(t.TempDir(), "whole"), filepath.Join(t.TempDir(), "out")
	run(t, sw, Options{Out: whole, Workers: 2})
	bad := sw.Runs[4].ID
	rep, err := Run(sw, Options{Out: dir, Workers: 2, Version: "test", fail: func(r scenario.Run) error {
		if r.ID == bad {
			return errors.New("disk on fire")
		}
		return nil
	}})
	if err == nil || !strings.Contains(err.Error(), "1 of 24 runs failed") || !strings.Contains(err.Error(), "disk on fire") || rep.Failed != 1 || rep.Ran != 24 {
		t.Fatalf("report %+v, error %v", rep, err)
	}
	f := read(t, filepath.Join(dir, "failures.csv"))
	if !strings.Contains(f, bad) || !strings.Contains(f, "disk on fire") || strings.Count(f, "\n") != 2 {
		t.Fatalf("failures.csv:\n%s", f)
	}
	if n := strings.Count(read(t, filepath.Join(dir, "summary.csv")), "\n"); n != 24 {
		t.Fatalf("summary.csv has %d lines, want the header and 23 finished runs", n)
	}
	if !strings.Contains(read(t, filepath.Join(dir, "runs", bad, "error.txt")), "disk on fire") {
		t.Fatal("the failed run's folder has no error.txt")
	}
	rep = run(t, sw, Options{Out: dir, Workers: 2})
	if rep.Ran != 1 || rep.Resumed != 23 || rep.Failed != 0 {
		t.Fatalf("retry: %+v", rep)
	}
	if read(t, filepath.Join(whole, "summary.csv")) != read(t, filepath.Join(dir, "summary.csv")) {
		t.Fatal("summary after the retry differs from an uninterrupted sweep")
	}
	if _, err := os.Stat(filepath.Join(dir, "failures.csv")); err == nil {
		t.Fatal("failures.csv left after every run succeeded")
	}
}

func TestProgress(t *testing.T) {
	sw := load(t)
	var b bytes.Buffer
	tick := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	run(t, sw, Options{Out: filepath.Join(t.TempDir(), "p"), Workers: 1, Progress: &b, Now: func() time.Time {
		tick = tick.Add(time.Second)
		return tick
	}})
	if !strings.Contains(b.String(), "\r24/24 runs, ") || !strings.HasSuffix(b.String(), "\n") || !strings.Contains(b.String(), "0 failed") {
		t.Fatalf("progress: %q", b.String())
	}
}

// The runs' scenario warnings (here the CSP offer's, R10) reach the
// report once each, with the first run that gave it in the sweep's order
// and how many did, whatever the number of workers; a resumed run, not
// run again, gives none.
func TestSweepReportsWarningsOnce(t *testing.T) {
	dir := t.TempDir()
	if err := examples.CopyExample(dir); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(dir, "example.yaml")
	data, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(base, bytes.Replace(data, []byte("\nname: example\n"), []byte("\nname: example\noffer: csp\n"), 1), 0o644)
	os.WriteFile(filepath.Join(dir, "sweep.yaml"), []byte("base: example.yaml\nreplications: 2\ngrid:\n  notice: [30s, 10s]\n"), 0o644)
	sw, err := scenario.LoadSweep(filepath.Join(dir, "sweep.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{1, 3} {
		out := filepath.Join(t.TempDir(), "out")
		rep := run(t, sw, Options{Out: out, Workers: workers})
		if len(rep.Warnings) != 1 || rep.Warnings[0].Text != scenario.CSPWarning || rep.Warnings[0].Runs != 4 || rep.Warnings[0].Run != sw.Runs[0].ID {
			t.Fatalf("%d workers: warnings %+v; want the CSP warning once, from run %s and 4 runs", workers, rep.Warnings, sw.Runs[0].ID)
		}
		if again := run(t, sw, Options{Out: out, Workers: workers}); len(again.Warnings) != 0 {
			t.Fatalf("a resumed sweep that ran nothing warned %+v", again.Warnings)
		}
	}
}

// A fleet whose creates all failed ran no VM and costs 0: a sweep says so
// once, as spotsim run does for one run, instead of letting its runs
// stand as the cheapest configurations unremarked.
func TestSweepWarnsOfHollowFleets(t *testing.T) {
	dir := t.TempDir()
	if err := examples.CopyExample(dir); err != nil {
		t.Fatal(err)
	}
	// Below every spot price of the trace: each create fails.
	os.WriteFile(filepath.Join(dir, "sweep.yaml"), []byte("base: example.yaml\nreplications: 2\ngrid:\n  fleets[name=batch].max_price: [0.001, 0.04]\n"), 0o644)
	sw, err := scenario.LoadSweep(filepath.Join(dir, "sweep.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	rep := run(t, sw, Options{Out: filepath.Join(t.TempDir(), "out"), Workers: 2})
	var hollow []Warning
	for _, w := range rep.Warnings {
		if strings.Contains(w.Text, "creates failed") {
			hollow = append(hollow, w)
		}
	}
	if len(hollow) != 1 || !strings.HasPrefix(hollow[0].Text, "fleet batch: all its creates failed") || hollow[0].Runs != 2 {
		t.Fatalf("warnings %+v; want fleet batch's hollow runs once, for its 2 runs at 0.001", rep.Warnings)
	}
}

// A sweep resumed with more --outputs than it was started with ran nothing
// and exited 0 without the files asked for; the runs that lack them are run
// again, once.
func TestResumeWithMoreOutputs(t *testing.T) {
	sw := load(t)
	dir := filepath.Join(t.TempDir(), "out")
	run(t, sw, Options{Out: dir, Workers: 2})
	summary := read(t, filepath.Join(dir, "summary.csv"))
	events := Options{Out: dir, Workers: 2, Outputs: 1 << results.Events}
	if rep := run(t, sw, events); rep.Ran != len(sw.Runs) || rep.Resumed != 0 {
		t.Fatalf("resumed with events: %+v; want every run run again", rep)
	}
	for _, r := range sw.Runs {
		if _, err := os.Stat(filepath.Join(dir, "runs", r.ID, "events.csv")); err != nil {
			t.Fatal(err)
		}
	}
	if read(t, filepath.Join(dir, "summary.csv")) != summary {
		t.Fatal("summary.csv changed")
	}
	if rep := run(t, sw, events); rep.Ran != 0 || rep.Resumed != len(sw.Runs) {
		t.Fatalf("again: %+v; want every run skipped", rep)
	}
	if rep := run(t, sw, Options{Out: dir, Workers: 2}); rep.Ran != 0 {
		t.Fatalf("with fewer outputs: %+v; want every run skipped", rep)
	}
}
