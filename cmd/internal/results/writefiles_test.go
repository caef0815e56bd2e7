package results

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/spotsim/spotsim/cmd/internal/atomicfile"
)

// WriteFilesAtomic publishes every file or none: a render that fails after
// writing to each file leaves no file and no temporary name, and a
// successful one renames summary.csv after the others, whatever the order
// of names.
func TestWriteFilesAtomicPublishesAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	names := []string{"summary.csv", "fleets.csv"}
	fill := func(ws []io.Writer) {
		for i, w := range ws {
			fmt.Fprintf(w, "%s\n", names[i])
		}
	}
	err := WriteFilesAtomic(dir, names, func(ws []io.Writer) error {
		fill(ws)
		return errors.New("a run is damaged")
	})
	if err == nil || err.Error() != "a run is damaged" {
		t.Fatalf("err %v; want render's error as it is", err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Fatalf("a failed render left %v", left)
	}

	var renamed []string
	FailHook = func(step, path string) error {
		if step == "rename" {
			renamed = append(renamed, filepath.Base(path))
		}
		return nil
	}
	t.Cleanup(func() { FailHook = nil })
	if err := WriteFilesAtomic(dir, names, func(ws []io.Writer) error { fill(ws); return nil }); err != nil {
		t.Fatal(err)
	}
	if want := []string{"fleets.csv", "summary.csv"}; !slices.Equal(renamed, want) {
		t.Errorf("renamed %v; want %v (summary.csv last)", renamed, want)
	}
	for _, name := range names {
		if got, _ := os.ReadFile(filepath.Join(dir, name)); string(got) != name+"\n" {
			t.Errorf("%s holds %q; want what render wrote to its writer", name, got)
		}
	}

	// A rename that fails (a full disk, a kill) leaves no temporary file
	// behind it: what was renamed stays, the rest is removed.
	FailHook = func(step, path string) error {
		if step == "rename" && filepath.Base(path) == "summary.csv" {
			return errors.New("disk full")
		}
		return nil
	}
	if err := WriteFilesAtomic(dir, names, func(ws []io.Writer) error { fill(ws); return nil }); err == nil {
		t.Fatal("a failed rename was not reported")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if atomicfile.IsTemp(e.Name()) {
			t.Errorf("temporary file %s left after a failed rename", e.Name())
		}
	}
}
