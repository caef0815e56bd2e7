package sweep

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spotsim/spotsim/cmd/internal/results"
	"github.com/spotsim/spotsim/cmd/internal/scenario"
)

// The sweep's files are renamed into place one after the other, fleets.csv
// first. A sweep folder that already holds an earlier attempt's summary.csv
// (one run had failed) and is stopped between the two renames must not be
// left with the old summary.csv beside the new fleets.csv: summary.csv is
// given up first, as a run's is.
func TestStoppedBetweenRenamesLeavesNoMixedFolder(t *testing.T) {
	sw := load(t)
	dir := filepath.Join(t.TempDir(), "out")
	bad := sw.Runs[4].ID
	if _, err := Run(sw, Options{Out: dir, Workers: 2, Version: "test", fail: func(r scenario.Run) error {
		if r.ID == bad {
			return errors.New("disk on fire")
		}
		return nil
	}}); err == nil {
		t.Fatal("the failing run did not fail the sweep")
	}
	old := read(t, filepath.Join(dir, "summary.csv"))
	stop := errors.New("killed")
	results.FailHook = func(step, path string) error {
		if step == "rename" && path == filepath.Join(dir, "summary.csv") {
			return stop
		}
		return nil
	}
	t.Cleanup(func() { results.FailHook = nil })
	if _, err := Run(sw, Options{Out: dir, Workers: 2, Version: "test"}); !errors.Is(err, stop) {
		t.Fatalf("sweep said %v; want it stopped at summary.csv's rename", err)
	}
	results.FailHook = nil
	s, serr := os.ReadFile(filepath.Join(dir, "summary.csv"))
	f := read(t, filepath.Join(dir, "fleets.csv"))
	if serr == nil && strings.Count(string(s), "\n")*3-2 != strings.Count(f, "\n") {
		t.Fatalf("summary.csv has %d lines (the old one: %v) beside a fleets.csv of %d: a mixed folder",
			strings.Count(string(s), "\n"), string(s) == old, strings.Count(f, "\n"))
	}
}
