package scenario

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestResolvedYAMLIn: small traces are copied in as traces/<name>; a trace
// over MaxTraceCopy is named relative to the results folder; either way
// the resolved file parses from its folder to the same configuration.
func TestResolvedYAMLIn(t *testing.T) {
	src := filepath.Join("..", "..", "..", "scenarios", "batch.yaml")
	for _, limit := range []int{MaxTraceCopy, 0} {
		sc, err := Load(src)
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(t.TempDir(), "a", "b")
		saved := MaxTraceCopy
		MaxTraceCopy = limit
		resolved, copies, err := sc.ResolvedYAMLIn("test", out)
		MaxTraceCopy = saved
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(out, "traces"), 0o777); err != nil {
			t.Fatal(err)
		}
		for name, data := range copies {
			os.WriteFile(filepath.Join(out, filepath.FromSlash(name)), data, 0o666)
		}
		want := "csv: traces/batch_prices.csv"
		if limit == 0 {
			want = "csv: ../"
			if len(copies) != 0 {
				t.Fatalf("limit 0: copied %v", copies)
			}
		}
		if !strings.Contains(string(resolved), want) {
			t.Fatalf("limit %d: resolved file lacks %q:\n%s", limit, want, resolved)
		}
		path := filepath.Join(out, "scenario.resolved.yaml")
		os.WriteFile(path, resolved, 0o666)
		again, err := Load(path)
		if err != nil {
			t.Fatalf("limit %d: the resolved file does not load from its folder: %v", limit, err)
		}
		if len(again.Config.Pools[0].Spot.Values) != len(sc.Config.Pools[0].Spot.Values) || again.Config.Seed != sc.Config.Seed {
			t.Fatalf("limit %d: configuration differs", limit)
		}
	}
}
