package sweep

import (
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/spotsim/spotsim/sim"
)

// A run that panics is a failed run like any other: recorded with the bug
// in failures.csv, and the other runs finish (it used to kill the sweep).
func TestPanickingRunIsAFailure(t *testing.T) {
	sw := load(t)
	var calls atomic.Int32
	simRun = func(cfg *sim.Config) (*sim.Result, error) {
		if calls.Add(1) == 5 {
			var vms []int
			_ = vms[len(vms)]
		}
		return sim.Run(cfg)
	}
	t.Cleanup(func() { simRun = sim.Run })
	dir := filepath.Join(t.TempDir(), "out")
	rep, err := Run(sw, Options{Out: dir, Workers: 2, Version: "test"})
	if err == nil || rep == nil || rep.Failed != 1 || rep.Ran != 24 {
		t.Fatalf("report %+v, error %v; want 24 run, 1 failed", rep, err)
	}
	f := read(t, filepath.Join(dir, "failures.csv"))
	if strings.Count(f, "\n") != 2 || !strings.Contains(f, "internal error, a bug in spotsim") || !strings.Contains(f, "index out of range") {
		t.Fatalf("failures.csv:\n%s", f)
	}
	if n := strings.Count(read(t, filepath.Join(dir, "summary.csv")), "\n"); n != 24 {
		t.Fatalf("summary.csv has %d lines, want the header and 23 finished runs", n)
	}
	id, _, _ := strings.Cut(strings.Split(f, "\n")[1], ",")
	if _, err := os.Stat(filepath.Join(dir, "runs", id, doneMarker)); err == nil {
		t.Fatal("the panicked run is marked done")
	}
}
