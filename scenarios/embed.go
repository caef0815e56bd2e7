// Package examples is the folder scenarios/: spotsim's example scenarios
// and their small traces, whose paths the README and docs name. The Go
// package is named examples, not scenarios, so that it is not read for
// cmd/internal/scenario (the scenario file loader) one letter away; its
// importers write examples "github.com/spotsim/spotsim/scenarios". The
// built-in example is embedded so that `spotsim run` works from any folder
// with no files at hand.
package examples

import (
	"embed"
	"io/fs"
	"os"
	"path/filepath"
)

// Example is the built-in example scenario and the traces it names.
//
//go:embed example.yaml example_prices.csv example_capacity.csv
var Example embed.FS

// ExampleFile is the example scenario's name inside Example.
const ExampleFile = "example.yaml"

// CopyExample writes the example scenario and its traces into dir, for
// tests and sweeps that need them as files.
func CopyExample(dir string) error {
	return fs.WalkDir(Example, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := fs.ReadFile(Example, p)
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, p), data, 0o644)
		}
		return err
	})
}
