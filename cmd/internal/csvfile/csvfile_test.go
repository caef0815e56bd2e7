package csvfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ok := write("ok.csv", "a,b\n1,2\n3,\"x,y\"\n")
	h, rows, err := Read(ok)
	if err != nil || !slices.Equal(h, []string{"a", "b"}) || len(rows) != 2 || rows[1][1] != "x,y" {
		t.Fatalf("Read(ok) = %q, %q, %v", h, rows, err)
	}
	ragged := write("ragged.csv", "a,b\n1\n")
	if _, _, err := Read(ragged); err == nil || !strings.Contains(err.Error(), "ragged.csv: record on line 2") {
		t.Errorf("Read(ragged): %v; want the file and line of the short row", err)
	}
	if _, rows, err := ReadRagged(ragged); err != nil || len(rows) != 1 || len(rows[0]) != 1 {
		t.Errorf("ReadRagged(ragged) = %q, %v; want the short row as it is", rows, err)
	}
	empty := write("empty.csv", "")
	if _, _, err := Read(empty); err == nil || err.Error() != empty+": empty file, want a header row" {
		t.Errorf("Read(empty): %v", err)
	}
	if _, _, err := Read(filepath.Join(dir, "none.csv")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Read(missing): %v; want fs.ErrNotExist", err)
	}
}
