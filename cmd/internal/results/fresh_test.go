package results

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Fresh writes into a new folder under the final names, no temporary file
// and no rename (a sweep's run folder, committed by its done marker), the
// same bytes as the atomic path; a folder that already exists is refused,
// since its files could be another attempt's.
func TestWriteFreshIsTheSameFilesWithoutRenames(t *testing.T) {
	res := sample(t)
	outs := Outputs(1<<Summary | 1<<Fleets | 1<<VMs | 1<<Resolved)
	dir := t.TempDir()
	atomic, fresh := filepath.Join(dir, "atomic"), filepath.Join(dir, "fresh")
	if err := Write(atomic, res, []byte("resolved: yes\n"), outs, false); err != nil {
		t.Fatal(err)
	}
	var steps []string
	FailHook = func(step, path string) error { steps = append(steps, step); return nil }
	t.Cleanup(func() { FailHook = nil })
	if err := WriteWith(fresh, res, []byte("resolved: yes\n"), outs, false, Options{Fresh: true}); err != nil {
		t.Fatal(err)
	}
	for _, s := range steps {
		if s != "create" {
			t.Errorf("steps %v: want only creates, no renames or removals", steps)
			break
		}
	}
	a, _ := os.ReadDir(atomic)
	f, _ := os.ReadDir(fresh)
	if len(a) != len(f) || len(f) != 4 {
		t.Fatalf("%d files fresh, %d atomic; want the same 4", len(f), len(a))
	}
	for _, e := range f {
		if strings.HasPrefix(e.Name(), tmpPrefix) {
			t.Errorf("temporary file %s left", e.Name())
		}
		want, _ := os.ReadFile(filepath.Join(atomic, e.Name()))
		got, _ := os.ReadFile(filepath.Join(fresh, e.Name()))
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the atomic write", e.Name())
		}
	}
	if err := WriteWith(fresh, res, nil, outs, true, Options{Fresh: true}); err == nil {
		t.Error("Fresh wrote into a folder that exists")
	}
}
