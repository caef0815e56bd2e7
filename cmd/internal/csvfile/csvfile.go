// Package csvfile reads a CSV file of a results folder (summary.csv,
// fleets.csv, a sweep's manifest, ...): its header row and its rows, whole
// (Read: a run's files, a sweep's manifest, a run's charts) or a row at a
// time (Each: a sweep's own summary.csv and fleets.csv, which grow with its
// runs, for its decisions, charts and report).
package csvfile

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"slices"
)

// Read reads path whole; every row must be as wide as the header. A parse
// error names the file, line and column (csv.ParseError); a file without a
// header row is an error too. An error opening the file is the os error,
// so errors.Is(err, fs.ErrNotExist) tells a missing file.
func Read(path string) (header []string, rows [][]string, err error) {
	return read(path, 0)
}

// ReadRagged is Read for a caller that checks the rows' widths itself,
// after the header, with messages of its own.
func ReadRagged(path string) (header []string, rows [][]string, err error) {
	return read(path, -1)
}

func read(path string, fieldsPerRecord int) ([]string, [][]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = fieldsPerRecord
	all, err := r.ReadAll()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(all) == 0 {
		return nil, nil, errEmpty(path)
	}
	return all[0], all[1:], nil
}

func errEmpty(path string) error { return fmt.Errorf("%s: empty file, want a header row", path) }

// Each is Read a row at a time, holding one row: header gets the header
// row, then row each row with its line in the file (its fields are reused
// for the next row). It stops at the first error either returns, and its
// own errors are Read's.
func Each(path string, header func([]string) error, row func(line int, fields []string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	head, err := r.Read()
	if err == io.EOF {
		return errEmpty(path)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := header(slices.Clone(head)); err != nil {
		return err
	}
	for {
		fields, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		line, _ := r.FieldPos(0)
		if err := row(line, fields); err != nil {
			return err
		}
	}
}
