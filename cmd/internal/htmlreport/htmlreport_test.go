package htmlreport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSweepPage: the hand-written sweep fixture gives a page with its
// charts inline and nothing fetched from elsewhere.
func TestSweepPage(t *testing.T) {
	page, err := Build(filepath.Join("..", "plot", "testdata", "sweep"))
	if err != nil {
		t.Fatal(err)
	}
	checkPage(t, string(page), 3)
	if !strings.Contains(string(page), "cheapest run") {
		t.Error("no cheapest run headline")
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
