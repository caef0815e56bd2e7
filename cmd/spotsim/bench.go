package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spotsim/spotsim/cmd/internal/bench"
)

type benchOptions struct {
	scale   float64
	runs    int
	outputs string
	dir     string
}

func benchCmd(args []string, stdout, stderr io.Writer) error {
	var o benchOptions
	fl := newFlags("bench", "[B1|B2|B3]...", "Generate the benchmark scenarios and time `spotsim run` on each (B3: `spotsim sweep` of\n"+
		"1,000 runs), in a child process per timed run (wall time and peak RSS). With no names, runs B1.", stdout)
	fl.Float64Var(&o.scale, "scale", 1, "shrink the VMs and days of each benchmark by this factor (0 < scale <= 1)")
	fl.IntVar(&o.runs, "runs", 5, "timed runs per benchmark; the median and range are printed")
	fl.StringVar(&o.outputs, "outputs", "summary,fleets,vms", "the --outputs of each timed run")
	fl.StringVar(&o.dir, "dir", "", "keep the generated scenarios and results here (default a temporary folder, removed after)")
	if err := parse(fl, args); err != nil {
		return err
	}
	if !(o.scale > 0 && o.scale <= 1) {
		return bad(fmt.Errorf("--scale %g: want 0 < scale <= 1", o.scale))
	}
	if o.runs < 1 {
		return bad(fmt.Errorf("--runs %d: want at least 1", o.runs))
	}
	names := fl.Args()
	if len(names) == 0 {
		names = []string{"B1"}
	}
	for _, n := range names {
		if bench.Lookup(n) == nil {
			return bad(fmt.Errorf("unknown benchmark %q; want B1, B2, B3, or B1-<strategy> for a strategy of docs/fleets.md", n))
		}
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	dir := o.dir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "spotsim-bench-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	return bench.Time(exe, names, bench.Options{Scale: o.scale, Runs: o.runs, Outputs: o.outputs, Dir: dir}, stdout, stderr)
}
