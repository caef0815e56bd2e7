package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	goldenfile "github.com/spotsim/spotsim/cmd/internal/golden"
)

// spotsim runs the CLI in-process.
func spotsim(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(args, &out, &errb)
	return code, out.String(), errb.String()
}

func golden(t *testing.T, path string, got []byte) { goldenfile.Check(t, path, got) }

// readCSV reads a CSV file whole: its header, then its rows.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// readRows reads a CSV file as one map a row, from header to field.
func readRows(t *testing.T, path string) []map[string]string {
	t.Helper()
	all := readCSV(t, path)
	var rows []map[string]string
	for _, r := range all[1:] {
		m := map[string]string{}
		for i, h := range all[0] {
			m[h] = r[i]
		}
		rows = append(rows, m)
	}
	return rows
}

func firstLines(b []byte, n int) string {
	lines := strings.SplitN(string(b), "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"run", "--help"}, {"validate", "--help"}, {"version", "--help"}, {"bench", "--help"}, {"sweep", "--help"}, {"merge", "--help"}, {"plot", "--help"}, {"report", "--help"}, {"serve", "--help"}, {"traces", "import", "--help"}, {"traces", "stats", "--help"}, {"traces", "gen", "--help"}, {"traces", "--help"}} {
		code, out, errs := spotsim(t, args...)
		if code != 0 || errs != "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
		golden(t, filepath.Join("testdata", "help", strings.Join(args, "_")+".golden"), []byte(out))
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := spotsim(t, "version")
	if code != 0 || out != "spotsim "+Version+"\n" {
		t.Errorf("exit %d, %q", code, out)
	}
}

func TestBadFlagsAndCommands(t *testing.T) {
	for _, args := range [][]string{{"frobnicate"}, {"run", "--no-such-flag"}, {"run", "a.yaml", "b.yaml"},
		{"run", "--outputs", "summary,charts"}, {"validate"}, {"version", "extra"}, {"run", "--seed", "x"},
		{"bench", "B9"}, {"bench", "--scale", "2"}, {"bench", "--runs", "0"},
		// Refused before any child runs (they were exit 1: a child's exit 2,
		// or the generator's spec error for a scale too small for B1's fleets).
		{"bench", "--outputs", "nope", "--runs", "1", "--scale", "0.01"}, {"bench", "--scale", "1e-6", "--runs", "1"}} {
		code, out, errs := spotsim(t, args...)
		if code != exitBadInput || errs == "" || strings.Contains(out, "vms") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and a message", args, code, out, errs)
		}
	}
}

// --out "" (an unset $DIR) is refused, not read as "the default folder":
// with --force it replaced results/<name> without being asked to.
func TestEmptyOutFlag(t *testing.T) {
	for _, args := range [][]string{{"run", "nope.yaml", "--out", ""}, {"run", "nope.yaml", "--out="}, {"sweep", "nope.yaml", "--out", ""},
		{"merge", "nope", "--out", ""}, {"plot", "nope", "--out", ""}, {"report", "nope", "--out", ""}, {"traces", "gen", "--out", ""}} {
		code, _, errs := spotsim(t, args...)
		if code != exitBadInput || !strings.Contains(errs, "--out") {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 naming --out", args, code, errs)
		}
	}
}

func TestRunExample(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ex")
	code, out, errs := spotsim(t, "run", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"vms", "notices", "evictions", "compute cost", "payg compute", "savings", dir} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	for _, f := range []string{"summary.csv", "fleets.csv", "vms.csv", "events.csv", "notices.jsonl", "scenario.resolved.yaml"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	// A second run into the same folder is refused, and changes nothing.
	before, _ := os.ReadFile(filepath.Join(dir, "summary.csv"))
	code, _, errs = spotsim(t, "run", "--out", dir, "--seed", "9")
	if code != exitBadInput || !strings.Contains(errs, "--force") {
		t.Errorf("rerun without --force: exit %d, %q", code, errs)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "summary.csv"))
	if !bytes.Equal(before, after) {
		t.Error("a refused run changed summary.csv")
	}
	// --force with --outputs summary leaves only the summary.
	code, _, errs = spotsim(t, "run", "--out", dir, "--force", "--outputs", "summary", "--seed", "9")
	if code != 0 {
		t.Fatalf("forced rerun: exit %d: %s", code, errs)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "summary.csv" {
		t.Errorf("folder holds %v, want summary.csv alone", entries)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "summary.csv"))
	if !strings.Contains(string(got), "\nexample,9,") {
		t.Errorf("--seed 9 not in summary:\n%s", got)
	}
}

// TestBadInputLeavesNothing: a bad scenario exits 2, names file and line,
// and creates no results folder.
func TestBadInputLeavesNothing(t *testing.T) {
	tmp := t.TempDir()
	path := filepath.Join(tmp, "bad.yaml")
	os.WriteFile(path, []byte("name: bad\nstart: 2026-01-05T00:00:00Z\nhorizon: 0s\npools: []\nfleets: []\n"), 0o644)
	out := filepath.Join(tmp, "out")
	code, _, errs := spotsim(t, "run", path, "--out", out)
	if code != exitBadInput || !strings.Contains(errs, "bad.yaml:3:") || !strings.Contains(errs, "horizon") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("results folder exists after bad input: %v", err)
	}
}

func TestValidate(t *testing.T) {
	good := filepath.Join("testdata", "scenarios", "timed", "scenario.yaml")
	code, out, _ := spotsim(t, "validate", good)
	if code != 0 || !strings.Contains(out, "ok") {
		t.Errorf("exit %d, %q", code, out)
	}
	bad := filepath.Join(t.TempDir(), "s.yaml")
	os.WriteFile(bad, []byte("name: x\nstart: 2026-01-05T00:00:00Z\nhorizon: 1d\nflets: []\n"), 0o644)
	code, _, errs := spotsim(t, "validate", good, bad)
	if code != exitBadInput || !strings.Contains(errs, "s.yaml:4:1") || !strings.Contains(errs, "flets") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

// TestGoldenRuns compares whole result folders with testdata/golden: the
// built-in example and every scenario under testdata/scenarios.
func TestGoldenRuns(t *testing.T) {
	cases := map[string][]string{"example": nil}
	dirs, _ := filepath.Glob(filepath.Join("testdata", "scenarios", "*", "scenario.yaml"))
	for _, d := range dirs {
		cases[filepath.Base(filepath.Dir(d))] = []string{d}
	}
	for name, scenario := range cases {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), name)
			code, stdout, errs := spotsim(t, append([]string{"run", "--out", out}, scenario...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			files, err := os.ReadDir(out)
			if err != nil {
				t.Fatal(err)
			}
			written := map[string]bool{}
			for _, f := range files {
				if f.IsDir() {
					continue // traces/: copies of the inputs (TestResolvedReruns)
				}
				got, err := os.ReadFile(filepath.Join(out, f.Name()))
				if err != nil {
					t.Fatal(err)
				}
				written[f.Name()] = true
				golden(t, filepath.Join("testdata", "golden", name, f.Name()), got)
			}
			// A file that stops being written fails too, not only one
			// that changes.
			goldens, err := os.ReadDir(filepath.Join("testdata", "golden", name))
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range goldens {
				if g.Name() != "stdout.txt" && !written[g.Name()] {
					t.Errorf("%s: the run no longer writes %s", name, g.Name())
				}
			}
			golden(t, filepath.Join("testdata", "golden", name, "stdout.txt"), []byte(strings.ReplaceAll(stdout, out, "OUT")))
		})
	}
}

// TestDeterministicFolders: the same scenario twice gives byte-identical
// folders.
func TestDeterministicFolders(t *testing.T) {
	scenario := filepath.Join("testdata", "scenarios", "timed", "scenario.yaml")
	var folders [2]map[string][]byte
	for i := range folders {
		out := filepath.Join(t.TempDir(), "r")
		if code, _, errs := spotsim(t, "run", scenario, "--out", out); code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		folders[i] = map[string][]byte{}
		files, _ := os.ReadDir(out)
		for _, f := range files {
			folders[i][f.Name()], _ = os.ReadFile(filepath.Join(out, f.Name()))
		}
	}
	if len(folders[0]) != 17 { // 16 files and traces/
		t.Fatalf("%d files", len(folders[0]))
	}
	for name, a := range folders[0] {
		if !bytes.Equal(a, folders[1][name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

// A problem in a trace names the file as the user can open it from where
// they ran spotsim: joined to the scenario's folder as the command line
// named it. It named the path as the scenario wrote it ("late.csv:2"),
// relative to a folder the user was not in.
func TestTraceErrorsNameTheFileFromHere(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "a", "v"), 0o777)
	os.WriteFile(filepath.Join(dir, "a", "v", "late.csv"), []byte("timestamp,region,sku,spot_price_usd\n2026-01-06T00:00:00Z,eastus,Standard_D2s_v5,0.02\n"), 0o666)
	os.WriteFile(filepath.Join(dir, "a", "v", "neg.csv"), []byte("timestamp,region,sku,spot_price_usd\n2026-01-05T00:00:00Z,eastus,Standard_D2s_v5,-1\n"), 0o666)
	for _, c := range []struct{ csv, want string }{
		{"late.csv", filepath.Join("a", "v", "late.csv") + ":2: eastus/Standard_D2s_v5 begins at"},
		{"neg.csv", filepath.Join("a", "v", "neg.csv") + ":2:45: spot_price_usd"},
	} {
		os.WriteFile(filepath.Join(dir, "a", "v", "s.yaml"), []byte(`name: s
start: 2026-01-05T00:00:00Z
horizon: 1d
pools:
  - {region: eastus, sku: Standard_D2s_v5, vcpus: 2, payg_price: 0.096, spot_price: {csv: `+c.csv+`}}
fleets:
  - {name: a, region: eastus, sku: Standard_D2s_v5, count: 1}
`), 0o666)
		t.Chdir(dir)
		code, _, errs := spotsim(t, "validate", filepath.Join("a", "v", "s.yaml"))
		if code != exitBadInput || !strings.Contains(errs, c.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 and %q", c.csv, code, errs, c.want)
		}
	}
}
