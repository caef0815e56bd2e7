package scenario

import (
	"bytes"
	"path/filepath"
	"testing"
)

// A run's resolved YAML from its point's rendering, the seed put in, is
// byte for byte what rendering the run's own scenario gives, for every run
// of a sweep whose points differ in scalars and mappings, and whose
// replications differ in seed; each point is rendered once.
func TestRunResolvedYAMLIsTheRunsOwn(t *testing.T) {
	sw, err := LoadSweep(sweepDir(t, exampleSweep))
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	for i := range sw.Runs {
		s, err := sw.Scenario(i)
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(out, "runs", sw.Runs[i].ID)
		want, err := s.ResolvedYAMLFrom("test", dir)
		if err != nil {
			t.Fatal(err)
		}
		got, err := sw.RunResolvedYAML(i, s, "test", dir)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("run %s: resolved YAML\n%s\nwant\n%s", sw.Runs[i].ID, got, want)
		}
	}
	if n, points := len(sw.resolved.byPoint), len(sw.Runs)/sw.Replications; n != points {
		t.Fatalf("%d renderings kept, want one per point (%d)", n, points)
	}
	for _, tmpl := range sw.resolved.byPoint {
		if tmpl == nil {
			t.Fatal("a point's rendering had no seed line to replace: every run was rendered on its own")
		}
	}
}
