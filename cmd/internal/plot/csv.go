package plot

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strconv"
	"time"

	"github.com/spotsim/spotsim/cmd/internal/csvfile"
)

// table is one CSV file of a results folder, read whole: they are small
// enough (events.csv of a week of a thousand VMs is a few MB) and every
// chart wants all of it.
type table struct {
	path string
	cols map[string]int
	head []string
	rows [][]string
}

// errMissing marks a file the folder does not have: the charts that need it
// are left out rather than failing the others.
var errMissing = errors.New("not in the folder")

func readTable(dir, name string) (*table, error) {
	path := filepath.Join(dir, name)
	head, rows, err := csvfile.Read(path) // a parse error names line and column
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", path, errMissing)
	}
	if err != nil {
		return nil, err
	}
	return &table{path: path, cols: columnIndex(head), head: head, rows: rows}, nil
}

// columnIndex maps each column name to its first column.
func columnIndex(head []string) map[string]int {
	cols := map[string]int{}
	for i, c := range head {
		if _, dup := cols[c]; !dup {
			cols[c] = i
		}
	}
	return cols
}

// need checks the columns a chart reads are there.
func (t *table) need(cols ...string) error {
	for _, c := range cols {
		if _, ok := t.cols[c]; !ok {
			return fmt.Errorf("%s: no %s column", t.path, c)
		}
	}
	return nil
}

func (t *table) has(col string) bool { _, ok := t.cols[col]; return ok }

// str is row i's cell in col (the column must exist: checked by need).
func (t *table) str(i int, col string) string { return t.rows[i][t.cols[col]] }

// float reads a number; an empty cell is NaN ("not applicable").
func (t *table) float(i int, col string) (float64, error) {
	s := t.str(i, col)
	if s == "" {
		return nan, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, t.bad(i, col, s, "a decimal number")
	}
	return v, nil
}

// time reads an RFC 3339 timestamp as Unix seconds.
func (t *table) time(i int, col string) (float64, error) {
	s := t.str(i, col)
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return 0, t.bad(i, col, s, "an RFC 3339 UTC time such as 2026-01-05T00:00:00Z")
	}
	return float64(v.Unix()), nil
}

func (t *table) bad(i int, col, val, want string) error {
	// Line i+2: one for the header, one for counting from 1.
	return fmt.Errorf("%s:%d:%d: %s: %q is not %s", t.path, i+2, t.cols[col]+1, col, val, want)
}

// filter is the table's rows whose col is v.
func (t *table) filter(col, v string) *table {
	out := *t
	out.rows = nil
	for i := range t.rows {
		if t.str(i, col) == v {
			out.rows = append(out.rows, t.rows[i])
		}
	}
	return &out
}
