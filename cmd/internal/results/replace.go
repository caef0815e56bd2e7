package results

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// FailHook, when not nil, is called before each step that replaces a
// folder's results (every removal and rename) with the step's path; an
// error it returns fails that step as a full disk or a kill would. It is for
// tests that check what each step leaves behind, and nil otherwise.
var FailHook func(step, path string) error

func step(name, path string) error {
	if FailHook != nil {
		return FailHook(name, path)
	}
	return nil
}

func remove(path string) error {
	if err := step("remove", path); err != nil {
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

func removeAll(path string) error {
	if err := step("remove", path); err != nil {
		return err
	}
	return os.RemoveAll(path)
}

func rename(from, to string) error {
	if err := step("rename", to); err != nil {
		return err
	}
	return os.Rename(from, to)
}

// retire gives up the results in dir in an order that a kill at any moment
// cannot make look complete: summary.csv first (a folder holds a complete run
// exactly when it holds summary.csv), then the other result files, the
// temporary files a killed run left, and, with dirs, the folders of derived
// results (charts, replications, a sweep's runs).
func retire(dir string, found, stale []string, dirs bool) error {
	found = slices.Clone(found)
	slices.SortStableFunc(found, func(a, b string) int {
		switch {
		case a == b:
			return 0
		case a == "summary.csv":
			return -1
		case b == "summary.csv":
			return 1
		}
		return 0
	})
	for _, name := range append(found, stale...) {
		if err := remove(filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	if dirs {
		for _, d := range resultDirs {
			if err := removeAll(filepath.Join(dir, d)); err != nil {
				return err
			}
		}
	}
	return nil
}

// Clear removes every result of an earlier run or sweep from dir, in the
// order retire gives, for a caller (a replicated run, a sweep) that writes
// its new results over a longer time than one rename: what a kill then
// leaves has no summary.csv, so nothing takes it for finished results. A
// missing dir is already clear.
func Clear(dir string) error {
	found, stale, err := scan(dir)
	if err != nil {
		return err
	}
	return retire(dir, found, stale, true)
}

// ClearDebris removes the temporary files a killed run left in dir, and
// nothing else.
func ClearDebris(dir string) error {
	_, stale, err := scan(dir)
	if err != nil {
		return err
	}
	return retire(dir, nil, stale, false)
}
