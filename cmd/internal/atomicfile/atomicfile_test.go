package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// Many writers of one path at once (two plot or report commands on one
// folder) never share a temporary file: the file ends whole, as one of
// them wrote it, and no temporary file is left.
func TestConcurrentWritersDoNotCollide(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "chart.png")
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			body := fmt.Sprintf("writer %02d %0500d", i, 0)
			if err := Write(path, func(w io.Writer) error { _, err := io.WriteString(w, body); return err }); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	got, err := os.ReadFile(path)
	if err != nil || len(got) != len("writer 00 ")+500 {
		t.Fatalf("%d bytes, %v: a torn file", len(got), err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("%d files in the folder; want the one file", len(entries))
	}
}

// A render that fails leaves neither the file nor a temporary one.
func TestFailedRenderLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	boom := errors.New("boom")
	err := Write(filepath.Join(dir, "a.csv"), func(w io.Writer) error { io.WriteString(w, "half"); return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("error %v; want boom", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("left %v", entries)
	}
	if !IsTemp(TempPrefix+"a.csv-0badf00d"+TempSuffix) || IsTemp("a.csv") {
		t.Fatal("IsTemp")
	}
}
