// Package golden is the tests' golden-file idiom (as go/doc's): compare
// output with a file under testdata, or rewrite the file when the tests run
// with -update — then read the diff before committing it, since the diff
// is the review of the change.
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files; read the diff before committing it")

// Update says whether the tests run with -update.
func Update() bool { return *update }

// Check compares got with the file at path, or writes it under -update.
// A missing file fails with how to create it; a difference shows the
// first lines of what the test got.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from its golden file (go test -update, then read the diff)\n--- got (first lines):\n%s", path, firstLines(got, 30))
	}
}

func firstLines(b []byte, n int) string {
	lines := strings.SplitN(string(b), "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}
