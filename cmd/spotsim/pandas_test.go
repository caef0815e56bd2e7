package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// pandasPython is a python3 that can import pandas (.ci/run installs
// Debian's python3-pandas), or "".
func pandasPython() string {
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(py, "-c", "import pandas").Run() == nil {
			return py
		}
	}
	return ""
}

// docsSnippet is the python block after the marker in docs/usage.md.
func docsSnippet(t *testing.T) string {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "usage.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(doc), "<!-- pandas: the test TestDocsPandasSnippet")
	if !ok {
		t.Fatal("docs/usage.md lost the marked pandas snippet")
	}
	_, block, _ := strings.Cut(after, "```python\n")
	block, _, ok = strings.Cut(block, "```")
	if !ok {
		t.Fatal("docs/usage.md: the pandas snippet is not a closed python block")
	}
	return block
}

// TestDocsPandasSnippet runs docs/usage.md's notebook snippet on the
// example's azure_ea_cost_details.csv with pandas, as people read real
// Azure exports: Date parses as dates, and the costs add up to
// summary.csv's total and the spot savings to its savings_usd.
func TestDocsPandasSnippet(t *testing.T) {
	snippet := docsSnippet(t)
	py := pandasPython()
	if py == "" {
		t.Skip("SKIPPED: no python3 with pandas here (Debian: apt-get install python3-pandas; .ci/run installs it), so the docs' pandas snippet is not run")
	}
	dir := t.TempDir()
	if code, _, errs := spotsim(t, "run", "--out", filepath.Join(dir, "results", "example"), "--outputs", "summary,azure_ea"); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	check := snippet + `
assert str(ea.Date.dtype).startswith("datetime64"), ea.Date.dtype
assert len(per_sub_day) == 7, per_sub_day
print(f"{ea.CostInBillingCurrency.sum():.6f} {spot_saved:.6f}")
`
	cmd := exec.Command(py, "-")
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(check)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s\n--- script:\n%s", err, out, check)
	}
	rows := readCSV(t, filepath.Join(dir, "results", "example", "summary.csv"))
	col := func(name string) string {
		for i, h := range rows[0] {
			if h == name {
				return rows[1][i]
			}
		}
		t.Fatalf("summary.csv has no %s", name)
		return ""
	}
	if want := col("total_cost_usd") + " " + col("savings_usd"); strings.TrimSpace(string(out)) != want {
		t.Errorf("pandas says %q; summary.csv %q (total cost, savings)", strings.TrimSpace(string(out)), want)
	}
}
