// Package csvfile reads a whole CSV file of a results folder (summary.csv,
// fleets.csv, a sweep's manifest, ...): its header row and its rows. The
// files read through it are small enough to read whole (a run's files, a
// sweep's manifest) or wanted whole (plot's charts); a sweep's own
// fleets.csv, which grows with its runs, is decided a row at a time
// (plot.Decide).
package csvfile

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
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
		return nil, nil, fmt.Errorf("%s: empty file, want a header row", path)
	}
	return all[0], all[1:], nil
}
