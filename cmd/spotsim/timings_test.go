package main

import (
	"path/filepath"
	"regexp"
	"testing"
)

// --timings prints one line on stderr with each phase's time, and changes
// nothing else: stdout is the same as without it.
func TestRunTimings(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := spotsim(t, "run", "--timings", "--out", filepath.Join(dir, "a"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	re := regexp.MustCompile(`(?m)^timings: load \d+\.\d{3} s, hash \d+\.\d{3} s \(within load and write\), simulate \d+\.\d{3} s, write \d+\.\d{3} s$`)
	if !re.MatchString(errs) {
		t.Errorf("stderr has no timings line:\n%s", errs)
	}
	code, plain, errs2 := spotsim(t, "run", "--out", filepath.Join(dir, "b"))
	if code != 0 || re.MatchString(errs2) {
		t.Fatalf("without --timings: exit %d, stderr %q", code, errs2)
	}
	if want := regexp.MustCompile(`results\s+\S+`); want.ReplaceAllString(out, "") != want.ReplaceAllString(plain, "") {
		t.Errorf("stdout differs with --timings:\n%s\n---\n%s", out, plain)
	}
}
