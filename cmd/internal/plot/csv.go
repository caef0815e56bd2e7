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
	// For a table that keeps some of a file's rows or columns (a
	// sweep's charts), where each row and column was in the file, for
	// errors; nil: row i on line i+2, column c at c+1.
	lines []int
	colNo []int
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

// readHeader reads the header row of a file of dir, and no further.
func readHeader(dir, name string) ([]string, error) {
	path := filepath.Join(dir, name)
	var head []string
	err := csvfile.Each(path, func(h []string) error {
		head = h
		return errHeaderRead
	}, nil)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%s: %w", path, errMissing)
	case err != nil && err != errHeaderRead:
		return nil, err
	}
	return head, nil
}

// errHeaderRead stops readHeader's reading after the header.
var errHeaderRead = errors.New("header read")

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
	line, c := t.line(i), t.cols[col]
	if t.colNo != nil {
		c = t.colNo[c]
	}
	return fmt.Errorf("%s:%d:%d: %s: %q is not %s", t.path, line, c+1, col, val, want)
}

// line is row i's line in the file: i+2 when the table holds every row
// (one for the header, one for counting from 1).
func (t *table) line(i int) int {
	if t.lines != nil {
		return t.lines[i]
	}
	return i + 2
}

// filter is the table's rows whose col is v.
func (t *table) filter(col, v string) *table {
	out := *t
	out.rows, out.lines = nil, nil
	for i := range t.rows {
		if t.str(i, col) == v {
			out.rows = append(out.rows, t.rows[i])
			out.lines = append(out.lines, t.line(i))
		}
	}
	return &out
}
