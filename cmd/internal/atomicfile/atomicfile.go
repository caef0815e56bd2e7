// Package atomicfile writes a file so that no reader ever sees part of it:
// the content goes to a uniquely named temporary file in the same folder,
// which is then renamed over the final name. Every writer of a results
// folder (the CSVs, the charts, report.html) uses it, so two writers never
// share a temporary name and a killed one leaves only names that the next
// run of the folder recognises and removes.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// The temporary files' names: TempPrefix, the final name, a random
// suffix and TempSuffix.
const (
	TempPrefix = ".spotsim-"
	TempSuffix = ".tmp"
)

// IsTemp says whether a file name is one of ours, left by a killed writer.
func IsTemp(name string) bool {
	return strings.HasPrefix(name, TempPrefix) && strings.HasSuffix(name, TempSuffix)
}

// Temp renders into a new temporary file in dir for the final name and
// returns its path; on error nothing is left behind.
func Temp(dir, final string, render func(io.Writer) error) (string, error) {
	f, err := Create(dir, final)
	if err != nil {
		return "", err
	}
	// No fsync: the promise is about a killed process, for which the page
	// cache is as durable as the disk, and a sweep writes thousands of files.
	bw := bufio.NewWriter(f)
	err = render(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// Create opens a new, uniquely named temporary file in dir for the final
// name, for a writer that renders several files at once; the caller
// closes it, and removes it or renames it over the final name.
func Create(dir, final string) (*os.File, error) {
	for range 100 {
		name := filepath.Join(dir, fmt.Sprintf("%s%s-%08x%s", TempPrefix, final, rand.Uint32(), TempSuffix))
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, errors.New("no free temporary file name")
}

// Write renders path's content under a temporary name and renames it into
// place.
func Write(path string, render func(io.Writer) error) error {
	dir, name := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := Temp(dir, name, render)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
