package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSweepPage: the example sweep's folder (a copy in plot's testdata)
// gives a page with the recommendation, the configuration table with its
// Pareto rows marked, its charts inline and nothing fetched from elsewhere.
func TestSweepPage(t *testing.T) {
	page, err := Build(filepath.Join("..", "plot", "testdata", "sweep"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	checkPage(t, s, 4)
	for _, want := range []string{
		"recommended for fleet batch",
		"#2 max_price=0.05 count=12 eviction_policy=delete",
		"the deadline met in ≥ 95 % of replications",
		`<tr class="pareto"><td>1</td><td>0.03</td><td>12</td>`,
		`<tr class="best"><td>2</td><td>0.05</td><td>12</td>`,
		`<tr class="pareto"><td>5</td>`,
		"<th>max_price (USD/h)</th>",
		"60.47 ± 0.81",
		"20 (1 of 5)",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Count(s, `class="best"`) != 1 {
		t.Errorf("%d recommended rows, want 1", strings.Count(s, `class="best"`))
	}
}

func checkPage(t *testing.T, s string, charts int) {
	t.Helper()
	if n := strings.Count(s, "<svg"); n != charts {
		t.Errorf("%d inline SVGs, want %d", n, charts)
	}
	for _, bad := range []string{"<script", "http://", "https://", "<?xml", "<link"} {
		if strings.Contains(s, bad) && !(bad == "http://" && strings.Count(s, "http://") == strings.Count(s, "xmlns")) {
			t.Errorf("page holds %q: it must be self-contained", bad)
		}
	}
}

func TestMissingFolder(t *testing.T) {
	if _, err := Build(filepath.Join(t.TempDir(), "none")); err == nil {
		t.Fatal("no error for a folder without results")
	}
}

func TestWriteFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.html")
	if err := WriteFile(path, []byte("x")); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Fatalf("%d files, want report.html only", len(entries))
	}
}
