package sweep

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spotsim/spotsim/cmd/internal/results"
)

// marker is what a run's done marker records: the run, the digest of the
// inputs it read (base scenario and traces, scenario.Inputs), and how many
// rows its fleets.csv has, so that the sweep can check each run's files
// before it trusts them.
type marker struct {
	id     string
	inputs string
	fleets int
	// bytes are the sizes of the run's summary.csv and fleets.csv (in
	// gathered's order), -1 when a marker of an older spotsim has none: a
	// file cut short inside its last value keeps its rows and their
	// fields, and only its size tells.
	bytes [2]int64
}

func (m marker) write(w io.Writer) error {
	_, err := fmt.Fprintf(w, "%s\ninputs_sha256 %s\nfleets %d\nbytes %d %d\n", m.id, m.inputs, m.fleets, m.bytes[0], m.bytes[1])
	return err
}

// readMarker reads a run's done marker; ok is false when there is none.
func readMarker(runDir string) (m marker, ok bool, err error) {
	path := filepath.Join(runDir, doneMarker)
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return m, false, nil
	}
	if err != nil {
		return m, false, err
	}
	m.bytes = [2]int64{-1, -1}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 0; sc.Scan(); n++ {
		line := sc.Text()
		if n == 0 {
			m.id = line
			continue
		}
		k, v, _ := strings.Cut(line, " ")
		switch k {
		case "inputs_sha256":
			m.inputs = v
		case "fleets":
			m.fleets, err = strconv.Atoi(v)
		case "bytes":
			if _, serr := fmt.Sscanf(v, "%d %d", &m.bytes[0], &m.bytes[1]); serr != nil && err == nil {
				err = serr
			}
		}
	}
	if m.id == "" || m.inputs == "" || err != nil {
		// A marker of an older spotsim, or a damaged one: the run is not
		// known to be this sweep's.
		return m, true, fmt.Errorf("%s: not a done marker this spotsim wrote (want the run id, inputs_sha256 and fleets lines)", path)
	}
	return m, true, nil
}

// inputsOf is the inputs digest a sweep.resolved.yaml records.
func inputsOf(resolvedYAML []byte) string {
	for line := range strings.Lines(string(resolvedYAML)) {
		if v, ok := strings.CutPrefix(line, "inputs_sha256: "); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// gathered are the files gather writes, in the order of its writers.
var gathered = []string{"summary.csv", "fleets.csv"}

// gather reads and checks the runs' summary.csv and fleets.csv: each run's
// marker must say it read the sweep's inputs, and each file must have the
// columns this spotsim writes and the rows the marker promises (one for
// summary.csv, one per fleet for fleets.csv). Every error names the run and
// the file. Each run's rows, after its row of the manifest, go to out (a
// writer for each of gathered) as soon as the run has passed, so that no
// sweep holds its runs' rows; the callers write out through
// results.WriteFilesAtomic, which publishes nothing when a later run
// fails.
func gather(out []io.Writer, manifestPath string, ids []string, runDir func(id string) string, inputs string) error {
	head, rows, err := readCSV(manifestPath)
	if err != nil {
		return err
	}
	byID := map[string][]string{}
	for i, r := range rows {
		if len(r) != len(head) || len(head) < 3 {
			return fmt.Errorf("%s: row %d has %d fields, the header %d: the file is damaged", manifestPath, i+1, len(r), len(head))
		}
		byID[r[0]] = r
	}
	want := [][]string{results.SummaryColumns(), results.FleetColumns()}
	writers := make([]*csv.Writer, len(gathered))
	for k, w := range out {
		writers[k] = csv.NewWriter(w)
		// The run's own seed column repeats the sweep's seed column: left
		// out, so every column name is unique (polars, SQL). A sweep with
		// no finished run has the manifest's columns alone.
		header := head
		if len(ids) > 0 {
			dup := slices.Index(want[k], "seed")
			header = append(slices.Clone(head), slices.Delete(slices.Clone(want[k]), dup, dup+1)...)
		}
		writers[k].Write(header)
	}
	for _, id := range ids {
		prefix, ok := byID[id]
		if !ok {
			return fmt.Errorf("%s: no run %s", manifestPath, id)
		}
		files, err := checkRun(id, runDir(id), inputs, prefix[2])
		if err != nil {
			return err
		}
		for k, rr := range files {
			dup := slices.Index(want[k], "seed")
			for _, r := range rr {
				writers[k].Write(append(slices.Clone(prefix), slices.Delete(r, dup, dup+1)...))
			}
		}
	}
	for _, cw := range writers {
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
	}
	return nil
}

// checkRun reads and checks one run's summary.csv and fleets.csv (see
// gather) against its done marker, the sweep's inputs digest and the seed
// the sweep gave it, and returns their rows, one slice per file of gathered.
// Every error names the run and the file.
func checkRun(id, dir, inputs, seed string) ([][][]string, error) {
	m, ok, err := readMarker(dir)
	switch {
	case err != nil:
		return nil, fmt.Errorf("run %s: %w", id, err)
	case !ok:
		return nil, fmt.Errorf("run %s: %s has no done marker: not finished", id, dir)
	case m.id != id:
		return nil, fmt.Errorf("run %s: %s marks run %s", id, filepath.Join(dir, doneMarker), m.id)
	case m.inputs != inputs:
		return nil, fmt.Errorf("run %s: %s ran on other inputs than the sweep's (inputs_sha256 %s, the sweep's %s): its base scenario or a trace has changed since; rerun it", id, dir, m.inputs, inputs)
	}
	// Every run writes its resolved scenario, the file that re-runs it: a
	// run without one is no longer a result anyone can reproduce.
	if _, err := os.Stat(filepath.Join(dir, "scenario.resolved.yaml")); err != nil {
		return nil, fmt.Errorf("run %s: %s has no scenario.resolved.yaml, the file that re-runs it: the folder is damaged; run the sweep again into it to redo the run", id, dir)
	}
	want := [][]string{results.SummaryColumns(), results.FleetColumns()}
	files := make([][][]string, len(gathered))
	for k, name := range gathered {
		path := filepath.Join(dir, name)
		h, rr, err := readCSV(path)
		if err != nil {
			return nil, fmt.Errorf("run %s: %w", id, err)
		}
		if !slices.Equal(h, want[k]) {
			return nil, fmt.Errorf("run %s: %s: header %q is not the %d columns this spotsim writes (%s...); the file is damaged or from another version",
				id, path, strings.Join(h, ","), len(want[k]), strings.Join(want[k][:3], ","))
		}
		for i, r := range rr {
			if len(r) != len(h) {
				return nil, fmt.Errorf("run %s: %s: row %d has %d fields, the header %d: the file is damaged", id, path, i+1, len(r), len(h))
			}
		}
		rowsWanted := m.fleets
		if name == "summary.csv" {
			rowsWanted = 1
		}
		if len(rr) != rowsWanted {
			return nil, fmt.Errorf("run %s: %s has %d rows; the run wrote %d: the file is damaged", id, path, len(rr), rowsWanted)
		}
		// Last, what the checks above cannot see: a file cut short inside
		// its last value.
		if m.bytes[k] >= 0 {
			st, err := os.Stat(path)
			if err != nil {
				return nil, fmt.Errorf("run %s: %w", id, err)
			}
			if st.Size() != m.bytes[k] {
				return nil, fmt.Errorf("run %s: %s has %d bytes; the run wrote %d: the file is damaged", id, path, st.Size(), m.bytes[k])
			}
		}
		dup := slices.Index(h, "seed")
		for _, r := range rr {
			if r[dup] != seed {
				return nil, fmt.Errorf("run %s: %s: ran with seed %s, the sweep gave it %s", id, path, r[dup], seed)
			}
		}
		files[k] = rr
	}
	return files, nil
}

// changedInput says which input of a sweep changed between the
// sweep.resolved.yaml a folder holds and the one of the sweep now given,
// or "" when the inputs are the same.
func changedInput(old, now []byte) string {
	if inputsOf(old) == inputsOf(now) {
		return ""
	}
	inputs := func(b []byte) map[string]string {
		m := map[string]string{}
		for line := range strings.Lines(string(b)) {
			line = strings.TrimSpace(line)
			if v, ok := strings.CutPrefix(line, "base_sha256: "); ok {
				m["the base scenario"] = v
			} else if v, ok := strings.CutPrefix(line, "- {path: "); ok {
				path, sum, _ := strings.Cut(v, ", sha256: ")
				m["trace "+path] = strings.TrimSuffix(sum, "}")
			}
		}
		return m
	}
	a, b := inputs(old), inputs(now)
	var changed []string
	for _, k := range slices.Sorted(maps.Keys(b)) {
		if a[k] != b[k] {
			changed = append(changed, k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(a)) {
		if _, ok := b[k]; !ok {
			changed = append(changed, k)
		}
	}
	if len(changed) == 0 {
		return "its inputs changed"
	}
	return strings.Join(changed, ", ") + " changed since the folder's runs were made (its SHA-256 differs); runs of the old and new inputs are never mixed: use another --out, or --force to start afresh"
}
