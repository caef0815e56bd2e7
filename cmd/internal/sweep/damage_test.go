package sweep

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A run's summary.csv cut short by a byte or two after it finished keeps
// its header, its one row and the row's field count (the last value loses
// its digit): merge took it, exit 0, and wrote a merged summary.csv that
// differs from the sweep's. It must refuse, naming the run and the file.
func TestTruncatedRunIsRefused(t *testing.T) {
	sw := load(t)
	src := filepath.Join(t.TempDir(), "sweep")
	run(t, sw, Options{Out: src, Workers: 2})
	id := sw.Runs[3].ID
	for _, name := range []string{"summary.csv", "fleets.csv"} {
		path := filepath.Join(src, "runs", id, name)
		good := read(t, path)
		// The last value of the last row without its last character.
		os.WriteFile(path, []byte(good[:len(good)-2]+"\n"), 0o644)
		out := filepath.Join(t.TempDir(), "merged")
		_, err := Merge([]string{src}, out)
		if err == nil || !strings.Contains(err.Error(), "run "+id) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s cut short: merge said %v; want an error naming run %s and %s", name, err, id, path)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s cut short: a refused merge created %s", name, out)
		}
		os.WriteFile(path, []byte(good), 0o644)
	}
	// A run whose resolved scenario is gone can no longer be re-run: merge
	// took it, and a rerun into the folder redoes it.
	resolvedPath := filepath.Join(src, "runs", id, "scenario.resolved.yaml")
	if err := os.Remove(resolvedPath); err != nil {
		t.Fatal(err)
	}
	if _, err := Merge([]string{src}, filepath.Join(t.TempDir(), "m")); err == nil || !strings.Contains(err.Error(), "run "+id) || !strings.Contains(err.Error(), "scenario.resolved.yaml") {
		t.Errorf("resolved scenario removed: merge said %v; want an error naming run %s and the file", err, id)
	}
	if rep := run(t, sw, Options{Out: src, Workers: 2}); rep.Ran != 1 {
		t.Errorf("rerun after the resolved scenario was removed: %+v; want that run redone", rep)
	}
	if _, err := os.Stat(resolvedPath); err != nil {
		t.Errorf("rerun did not restore the resolved scenario: %v", err)
	}
}

// A finished run damaged afterwards (its summary.csv truncated, a row of
// its fleets.csv deleted) is redone by the next run of its shard, which then
// succeeds; the merge of the repaired shards gives the unsharded bytes.
// Before, the shard skipped the damaged run (its done marker was there) and
// refused at the end, on every rerun: nothing but deleting the run's folder
// by hand repaired it.
func TestRerunRepairsADamagedRun(t *testing.T) {
	sw := load(t)
	whole, dir := filepath.Join(t.TempDir(), "whole"), filepath.Join(t.TempDir(), "shared")
	run(t, sw, Options{Out: whole, Workers: 2})
	for i := range 2 {
		run(t, sw, Options{Out: dir, Workers: 2, Shard: i, Shards: 2})
	}
	a, b := sw.Runs[0].ID, sw.Runs[2].ID // both in shard 0
	summary := filepath.Join(dir, "runs", a, "summary.csv")
	os.WriteFile(summary, []byte(read(t, summary)[:100]), 0o644)
	fleets := filepath.Join(dir, "runs", b, "fleets.csv")
	lines := strings.SplitAfter(read(t, fleets), "\n")
	os.WriteFile(fleets, []byte(strings.Join(append(lines[:1], lines[2:]...), "")), 0o644)
	if _, err := Merge([]string{dir}, filepath.Join(t.TempDir(), "m")); err == nil {
		t.Fatal("merge took a damaged run")
	}
	rep := run(t, sw, Options{Out: dir, Workers: 2, Shard: 0, Shards: 2})
	if rep.Ran != 2 || rep.Resumed != rep.Runs-2 {
		t.Fatalf("rerun of the shard: %+v; want the 2 damaged runs redone", rep)
	}
	out := filepath.Join(t.TempDir(), "merged")
	if _, err := Merge([]string{dir}, out); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"summary.csv", "fleets.csv"} {
		if read(t, filepath.Join(whole, f)) != read(t, filepath.Join(out, f)) {
			t.Errorf("merged %s differs from the unsharded one", f)
		}
	}
}
