package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestResolvedReruns: scenario.resolved.yaml runs where it was written
// and gives byte-identical results, for the built-in example (its traces
// are copied in as traces/*.csv) and for a scenario on disk (its trace
// paths are written relative to the results folder), run from another
// working directory.
func TestResolvedReruns(t *testing.T) {
	batch, err := filepath.Abs(filepath.Join("..", "..", "scenarios", "batch.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for name, args := range map[string][]string{"example": nil, "batch": {batch}} {
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
			entries, err := os.ReadDir(first)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, e := range entries {
				if e.IsDir() || e.Name() == "scenario.resolved.yaml" {
					continue
				}
				a, _ := os.ReadFile(filepath.Join(first, e.Name()))
				b, err := os.ReadFile(filepath.Join(again, e.Name()))
				if err != nil || !bytes.Equal(a, b) {
					t.Errorf("%s differs on re-running the resolved file (%v)", e.Name(), err)
				}
				n++
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
