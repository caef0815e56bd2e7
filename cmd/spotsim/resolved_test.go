package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestResolvedReruns: scenario.resolved.yaml runs where it was written
// and gives byte-identical results, for the built-in example (its traces
// are copied in as traces/*.csv) and for scenarios on disk (their trace
// files copied in, a folder of snapshots named relative to the results
// folder, an eviction-rate export copied in too), run from another
// working directory.
func TestResolvedReruns(t *testing.T) {
	runs := map[string][]string{"example": nil}
	for _, name := range []string{"batch", "foreign-traces", "resource-graph"} {
		path, err := filepath.Abs(filepath.Join("..", "..", "scenarios", name+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		runs[name] = []string{path}
	}
	for name, args := range runs {
		t.Run(name, func(t *testing.T) {
			tmp := t.TempDir()
			first := filepath.Join(tmp, "deep", "first")
			if code, _, errs := spotsim(t, append(append([]string{"run"}, args...), "--out", first)...); code != 0 {
				t.Fatalf("run: exit %d: %s", code, errs)
			}
			again := filepath.Join(tmp, "again")
			if code, _, errs := spotsim(t, "run", filepath.Join(first, "scenario.resolved.yaml"), "--out", again); code != 0 {
				t.Fatalf("re-run of the resolved file: exit %d: %s", code, errs)
			}
			// Every file, a replicated run's replications/ and the copied
			// traces/ included.
			n := 0
			err := filepath.WalkDir(first, func(path string, e fs.DirEntry, err error) error {
				if err != nil || e.IsDir() || e.Name() == "scenario.resolved.yaml" {
					return err
				}
				rel, _ := filepath.Rel(first, path)
				a, _ := os.ReadFile(path)
				b, err := os.ReadFile(filepath.Join(again, rel))
				if err != nil || !bytes.Equal(a, b) {
					t.Errorf("%s differs on re-running the resolved file (%v)", rel, err)
				}
				n++
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if n < 10 {
				t.Fatalf("compared %d files", n)
			}
			res, _ := os.ReadFile(filepath.Join(first, "scenario.resolved.yaml"))
			if !strings.Contains(string(res), "relative to this file's folder") {
				t.Errorf("resolved header does not say where paths are relative to:\n%s", res[:200])
			}
		})
	}
}

// A sweep's run re-runs from its own scenario.resolved.yaml, from another
// working directory: the same summary.csv and fleets.csv. The trace paths
// are written relative to the run's folder, and a base scenario with
// replications: 5 (fleet.yaml) still gives one run, the sweep's replication.
func TestSweepRunResolvedReruns(t *testing.T) {
	sweepFile, err := filepath.Abs(filepath.Join("..", "..", "scenarios", "fleet-sweep.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "deep", "sweep")
	if code, _, errs := spotsim(t, "sweep", sweepFile, "--out", out); code != 0 {
		t.Fatalf("sweep: exit %d: %s", code, errs)
	}
	runs, err := os.ReadDir(filepath.Join(out, "runs"))
	if err != nil || len(runs) < 2 {
		t.Fatalf("%d runs: %v", len(runs), err)
	}
	for _, r := range runs[:2] {
		dir := filepath.Join(out, "runs", r.Name())
		again := filepath.Join(t.TempDir(), r.Name())
		if code, _, errs := spotsim(t, "run", filepath.Join(dir, "scenario.resolved.yaml"), "--out", again); code != 0 {
			t.Fatalf("run %s: re-run of its resolved file: exit %d: %s", r.Name(), code, errs)
		}
		for _, f := range []string{"summary.csv", "fleets.csv"} {
			a, _ := os.ReadFile(filepath.Join(dir, f))
			b, err := os.ReadFile(filepath.Join(again, f))
			if err != nil || len(a) == 0 || !bytes.Equal(a, b) {
				t.Errorf("run %s: %s differs on re-running its resolved file (%v)", r.Name(), f, err)
			}
		}
	}
}
