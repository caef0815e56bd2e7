package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPlotAndReport: run the example, then plot it in both formats and
// write its report; every path printed exists.
func TestPlotAndReport(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ex")
	if code, _, errs := spotsim(t, "run", "--out", dir); code != 0 {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	for _, args := range [][]string{{"plot", dir}, {"plot", dir, "--format", "svg", "--out", filepath.Join(dir, "svg")}, {"report", dir}} {
		code, out, errs := spotsim(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		lines := strings.Fields(out)
		if len(lines) == 0 {
			t.Fatalf("%v: printed no path", args)
		}
		for _, p := range lines {
			if _, err := os.Stat(p); err != nil {
				t.Errorf("%v: %v", args, err)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "plots", "cost.png")); err != nil {
		t.Error(err)
	}
}

func TestPlotBadInput(t *testing.T) {
	empty := t.TempDir()
	for _, args := range [][]string{{"plot"}, {"plot", empty}, {"plot", empty, "--format", "gif"}, {"report", empty}, {"report"}} {
		code, _, errs := spotsim(t, args...)
		if code != exitBadInput || errs == "" {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and a message", args, code, errs)
		}
	}
}
