package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spotsim/spotsim/cmd/internal/focusrules"
)

// checkFOCUS checks every focus.csv under dir against the FinOps
// Foundation's FOCUS 1.2 rules model, for a provider like Azure; want is
// how many there are (0: at least one; a scenario with replications has one
// per replication).
func checkFOCUS(t *testing.T, m *focusrules.Model, dir string, want int, version string) {
	t.Helper()
	var files []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && d.Name() == "focus.csv" {
			files = append(files, path)
		}
		return nil
	})
	if len(files) == 0 || want > 0 && len(files) != want {
		t.Fatalf("%s holds %d focus.csv files, want %d", dir, len(files), want)
	}
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		d, err := focusrules.ReadCSV(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Rows) == 0 {
			t.Fatalf("%s: no rows", path)
		}
		r, err := m.Check("CostAndUsage", d, focusrules.AzureLike)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range r.Violations {
			t.Errorf("%s: %s", path, v)
		}
		meta, _ := os.ReadFile(filepath.Join(filepath.Dir(path), "focus_metadata.json"))
		if !strings.Contains(string(meta), `"FocusVersion": "`+version+`"`) {
			t.Errorf("%s: focus_metadata.json does not say FOCUS %s:\n%s", path, version, meta)
		}
	}
}

// TestFOCUSConformance: the focus.csv of every example scenario — a run in
// both FOCUS versions and both granularities, a replicated run, a sweep's
// runs — breaks no MUST rule of the FOCUS 1.2 rules model that applies to
// an Azure-like provider (cmd/internal/focusrules lists the rules it cannot
// evaluate).
func TestFOCUSConformance(t *testing.T) {
	m, err := focusrules.Vendored12()
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	scenarios := map[string][]string{"example": nil}
	for _, s := range []string{"batch", "service", "foreign-traces"} {
		scenarios[s] = []string{filepath.Join("..", "..", "scenarios", s+".yaml")}
	}
	for name, sc := range scenarios {
		for _, v := range []string{"1.2", "1.3"} {
			for _, byRes := range []string{"false", "true"} {
				out := filepath.Join(tmp, name+v+byRes)
				args := append([]string{"run", "--out", out, "--outputs", "focus", "--focus-version", v, "--usage-by-resource=" + byRes}, sc...)
				if code, _, errs := spotsim(t, args...); code != 0 {
					t.Fatalf("%v: exit %d: %s", args, code, errs)
				}
				checkFOCUS(t, m, out, 0, v)
			}
		}
	}
	out := filepath.Join(tmp, "replicated")
	if code, _, errs := spotsim(t, "run", "--out", out, "--outputs", "focus", "--replications", "3"); code != 0 {
		t.Fatalf("replicated run: exit %d: %s", code, errs)
	}
	checkFOCUS(t, m, out, 3, "1.2")
	out = filepath.Join(tmp, "sweep")
	if code, _, errs := spotsim(t, "sweep", filepath.Join("..", "..", "scenarios", "example-sweep.yaml"), "--out", out, "--outputs", "focus", "--workers", "2"); code != 0 {
		t.Fatalf("sweep: exit %d: %s", code, errs)
	}
	checkFOCUS(t, m, out, 60, "1.2") // the example sweep: 12 configurations × 5 replications
}

// An unknown FOCUS version or output is a flag error naming what is
// accepted; nothing is written.
func TestCostFileFlagErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--focus-version", "1.4"}, `--focus-version "1.4": want 1.2 or 1.3`},
		{[]string{"--outputs", "azure_csp"}, "azure_ea, azure_mca"},
	} {
		out := filepath.Join(t.TempDir(), "x")
		code, _, errs := spotsim(t, append([]string{"run", "--out", out}, c.args...)...)
		if code != exitBadInput || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, %q; want exit 2 and %q", c.args, code, errs, c.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%v: wrote %s", c.args, out)
		}
	}
}
