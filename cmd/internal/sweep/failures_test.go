package sweep

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spotsim/spotsim/cmd/internal/scenario"
)

// Shards sharing a folder each keep their own failures.csv: a shard with
// no failures, finishing after one with some, does not delete that list.
// merge gathers the failed runs into one list and refuses; once the failed
// shard is rerun, merge gives the unsharded bytes and drops the list.
func TestShardFailuresAreKeptAndGathered(t *testing.T) {
	sw := load(t)
	whole, shared := filepath.Join(t.TempDir(), "whole"), filepath.Join(t.TempDir(), "shared")
	run(t, sw, Options{Out: whole, Workers: 2})
	bad := sw.Runs[2].ID // position 2: shard 0 of 2
	failing := func(r scenario.Run) error {
		if r.ID == bad {
			return errors.New("disk on fire")
		}
		return nil
	}
	rep, err := Run(sw, Options{Out: shared, Workers: 2, Shard: 0, Shards: 2, Version: "test", fail: failing})
	mine := filepath.Join(shared, "shards", "0-of-2", "failures.csv")
	if err == nil || rep.Failed != 1 || !strings.Contains(err.Error(), mine) {
		t.Fatalf("shard 0: %+v, %v; want one failure listed in %s", rep, err, mine)
	}
	run(t, sw, Options{Out: shared, Workers: 2, Shard: 1, Shards: 2})
	f := read(t, mine) // shard 1, with no failures, must not have removed it
	if !strings.Contains(f, bad) || !strings.Contains(f, "disk on fire") {
		t.Fatalf("shard 0's failures.csv:\n%s", f)
	}
	if _, err := os.Stat(filepath.Join(shared, "failures.csv")); err == nil {
		t.Fatal("a shard wrote the sweep-level failures.csv")
	}

	out := filepath.Join(t.TempDir(), "merged")
	_, err = Merge([]string{shared}, out)
	if err == nil || !strings.Contains(err.Error(), "1 of 24 runs are not finished") || !strings.Contains(err.Error(), "1 failed") ||
		!strings.Contains(err.Error(), bad+": ") || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("merge with a failed run: %v", err)
	}
	gathered := strings.Split(strings.TrimSpace(read(t, filepath.Join(out, "failures.csv"))), "\n")
	if len(gathered) != 2 || gathered[0] != "run_id,replication,seed,fleets[name=batch].max_price,notice,fleets[name=web].count,pools[1].capacity,error" ||
		!strings.HasPrefix(gathered[1], bad+",") || !strings.HasSuffix(gathered[1], "disk on fire") {
		t.Fatalf("merged failures.csv:\n%s", strings.Join(gathered, "\n"))
	}
	if _, err := os.Stat(filepath.Join(out, "summary.csv")); err == nil {
		t.Fatal("merge wrote a summary with a run missing")
	}

	rep = run(t, sw, Options{Out: shared, Workers: 2, Shard: 0, Shards: 2})
	if rep.Ran != 1 || rep.Failed != 0 {
		t.Fatalf("shard 0 again: %+v", rep)
	}
	if _, err := os.Stat(mine); err == nil {
		t.Fatal("shard 0's failures.csv left after its runs all finished")
	}
	if _, err := Merge([]string{shared}, out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "failures.csv")); err == nil {
		t.Fatal("merged failures.csv left after every run finished")
	}
	for _, name := range []string{"summary.csv", "fleets.csv"} {
		if read(t, filepath.Join(whole, name)) != read(t, filepath.Join(out, name)) {
			t.Errorf("merged %s differs from the unsharded one", name)
		}
	}
}

// Runs with no done marker and no error (a task that never ran, or was
// killed) are told apart from failed ones.
func TestMergeNamesRunsThatNeverRan(t *testing.T) {
	sw := load(t)
	dir := filepath.Join(t.TempDir(), "s")
	run(t, sw, Options{Out: dir, Workers: 2, Shard: 1, Shards: 3})
	_, err := Merge([]string{dir}, dir)
	if err == nil || !strings.Contains(err.Error(), "16 of 24 runs are not finished") || !strings.Contains(err.Error(), "16 never ran or were cut short (the first: "+sw.Runs[0].ID+")") ||
		strings.Contains(err.Error(), "failed") {
		t.Fatalf("got %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "failures.csv")); err == nil {
		t.Fatal("failures.csv written with no failed run")
	}
}
