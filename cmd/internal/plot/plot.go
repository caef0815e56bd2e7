package plot

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/spotsim/spotsim/cmd/internal/atomicfile"
)

// Figures builds every chart for a results folder: a sweep's when its
// summary.csv has a run_id column, else a run's.
func Figures(dir string) ([]*Figure, error) { return FiguresFor(dir, nil) }

// FiguresFor is Figures with a sweep's recommendation made for target
// (nil: the default for the swept fleet's workload).
func FiguresFor(dir string, target *Target) ([]*Figure, error) {
	// Its header says what the folder is; a sweep's rows (one a run) are
	// not what its charts read.
	head, err := readHeader(dir, "summary.csv")
	if err != nil {
		return nil, err
	}
	if slices.Contains(head, "run_id") {
		return sweepFigures(dir, target)
	}
	if slices.Contains(head, "replication") {
		return replicatedFigures(dir)
	}
	r, err := loadRun(dir)
	if err != nil {
		return nil, err
	}
	return runFigures(r)
}

// Write renders every chart of dir into out as NAME.png or NAME.svg and
// returns the paths written. Each file is written whole under a temporary
// name first, so an interrupted plot leaves no half image.
func Write(dir, out, format string) ([]string, error) {
	figs, err := Figures(dir)
	if err != nil {
		return nil, err
	}
	return WriteFigures(figs, out, format)
}

// WriteFigures renders figs into out; see Write.
func WriteFigures(figs []*Figure, out, format string) ([]string, error) {
	// Every chart is rendered before any is written, so a chart that
	// cannot be drawn leaves no others behind.
	images := make([][]byte, len(figs))
	for i, f := range figs {
		data, err := Render(f, format)
		if err != nil {
			return nil, fmt.Errorf("chart %s: %w", f.Name, err)
		}
		images[i] = data
	}
	if err := os.MkdirAll(out, 0o777); err != nil {
		return nil, err
	}
	var paths []string
	for i, f := range figs {
		data := images[i]
		path := filepath.Join(out, f.Name+"."+format)
		if err := atomicfile.Write(path, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}
