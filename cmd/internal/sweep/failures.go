package sweep

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spotsim/spotsim/cmd/internal/results"
	"github.com/spotsim/spotsim/cmd/internal/scenario"
)

// A run that fails is recorded twice: its own runs/<id>/error.txt, which
// belongs to that run alone wherever the folder is, and the failures.csv of
// the sweep (unsharded) or of its shard (shards/<i>-of-<n>/failures.csv).
// No two processes ever write the same list, so a shard that has no failures
// cannot delete another's. merge gathers the runs' error.txt files into one
// failures.csv when it finds runs unfinished.

// failedRuns turns the errors of this process's failed runs into text.
func failedRuns(failed map[int]error) map[int]string {
	text := make(map[int]string, len(failed))
	for i, err := range failed {
		text[i] = err.Error()
	}
	return text
}

// writeFailures lists the runs that failed, with their parameters and error,
// or removes the list when none did.
func writeFailures(path string, sw *scenario.Sweep, failed map[int]string) error {
	var rows [][]string
	for i, r := range sw.Runs {
		if msg, ok := failed[i]; ok {
			rows = append(rows, append(append([]string{r.ID, strconv.Itoa(r.Replication), strconv.FormatUint(r.Seed, 10)}, r.Values...), msg))
		}
	}
	return writeFailureList(path, append([]string{"run_id", "replication", "seed"}, sw.Params...), rows)
}

// writeFailureList writes header (a manifest's) plus an error column and
// rows (manifest rows with the error last), or removes path when rows is empty.
func writeFailureList(path string, header []string, rows [][]string) error {
	if len(rows) == 0 {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	return results.WriteFileAtomic(path, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		cw.Write(append(append([]string{}, header...), "error"))
		cw.WriteAll(rows)
		return cw.Error()
	})
}

// recordedError returns the error a run's folder recorded in any of dirs,
// and whether one did.
func recordedError(dirs []string, id string) (string, bool) {
	for _, d := range dirs {
		if b, err := os.ReadFile(filepath.Join(d, "runs", id, errorFile)); err == nil {
			return strings.TrimSpace(string(b)), true
		}
	}
	return "", false
}

// unfinished explains the runs merge cannot find finished: those that failed
// (their error.txt) are gathered into out/failures.csv, and the error counts
// them apart from those that never ran or were cut short.
func unfinished(dirs []string, out string, header []string, rows [][]string, missing map[string]bool) error {
	var failedRows [][]string
	var firstFailed, firstLost string
	lost := 0
	for _, r := range rows {
		id := r[0]
		if !missing[id] {
			continue
		}
		if msg, ok := recordedError(dirs, id); ok {
			if firstFailed == "" {
				firstFailed = id + ": " + msg
			}
			failedRows = append(failedRows, append(append([]string{}, r...), msg))
			continue
		}
		if firstLost == "" {
			firstLost = id
		}
		lost++
	}
	var parts []string
	if len(failedRows) > 0 {
		list := filepath.Join(out, failures)
		where := "listed in " + list
		if err := os.MkdirAll(out, 0o755); err != nil {
			where = "could not list them: " + err.Error()
		} else if err := writeFailureList(list, header, failedRows); err != nil {
			where = "could not list them: " + err.Error()
		}
		parts = append(parts, fmt.Sprintf("%d failed (%s; the first: %s)", len(failedRows), where, firstFailed))
	}
	if lost > 0 {
		parts = append(parts, fmt.Sprintf("%d never ran or were cut short (the first: %s)", lost, firstLost))
	}
	return fmt.Errorf("%d of %d runs are not finished in these folders: %s; run the shards again (their finished runs are skipped), or the sweep into its folder, then merge again",
		len(missing), len(rows), strings.Join(parts, "; "))
}
