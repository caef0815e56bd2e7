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

	// Each gives what Read gives, a row at a time with its line, and
	// refuses what Read refuses with the same error.
	each := func(path string) ([]string, [][]string, []int, error) {
		var head []string
		var rows [][]string
		var lines []int
		err := Each(path, func(h []string) error { head = h; return nil }, func(line int, f []string) error {
			rows, lines = append(rows, slices.Clone(f)), append(lines, line)
			return nil
		})
		return head, rows, lines, err
	}
	multi := write("multi.csv", "a,b\n1,\"x\ny\"\n3,4\n")
	for _, p := range []string{ok, multi} {
		wh, wr, _ := Read(p)
		h, rows, _, err := each(p)
		if err != nil || !slices.Equal(h, wh) || len(rows) != len(wr) || !slices.EqualFunc(rows, wr, slices.Equal) {
			t.Errorf("Each(%s) = %q, %q, %v; Read gives %q, %q", p, h, rows, err, wh, wr)
		}
	}
	if _, _, lines, _ := each(multi); !slices.Equal(lines, []int{2, 4}) {
		t.Errorf("Each(multi): lines %v; want 2 and 4 (a row's first line)", lines)
	}
	for _, p := range []string{ragged, empty} {
		_, _, rerr := Read(p)
		if _, _, _, err := each(p); err == nil || err.Error() != rerr.Error() {
			t.Errorf("Each(%s): %v; Read says %v", p, err, rerr)
		}
	}
	if _, _, _, err := each(filepath.Join(dir, "none.csv")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Each(missing): %v; want fs.ErrNotExist", err)
	}
	stop := errors.New("stop")
	if err := Each(ok, func([]string) error { return nil }, func(int, []string) error { return stop }); err != stop {
		t.Errorf("Each: %v; want the row function's error as it is", err)
	}
}
