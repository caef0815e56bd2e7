package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spotsim/spotsim/cmd/internal/bench"
	"github.com/spotsim/spotsim/cmd/internal/results"
)

type benchOptions struct {
	scale   float64
	runs    int
	outputs string
	dir     string
	peer    bool // time spotsim against the plain-Python peer (bench.TimePeer)
	scaling bool // the scaling tables (bench.TimeScaling)
	warm    bool // with peer: an untimed run before each timed one
}

func benchCmd(args []string, stdout, stderr io.Writer) error {
	var o benchOptions
	fl := newFlags("bench", "[B1|B2|B3|P1k|P10k]...", "Generate the benchmark scenarios and time `spotsim run` on each (B3: `spotsim sweep` of\n"+
		"1,000 runs), in a child process per timed run (wall time and peak RSS). With no names, runs B1.\n"+
		"B1-STRATEGY (B1-lowest_price, B1-capacity_optimized, B1-price_capacity_optimized) is B1 with\n"+
		"each fleet over several sizes, allocated by that strategy (docs/fleets.md).\n"+
		"--peer compares CPU time with the plain-Python peer; --scaling prints the scaling tables.", stdout)
	fl.Float64Var(&o.scale, "scale", 1, "shrink the VMs and days of each benchmark by this factor (0 < scale <= 1; not with --scaling, whose sizes are fixed)")
	fl.IntVar(&o.runs, "runs", 5, "timed runs per benchmark; the median and range are printed")
	fl.StringVar(&o.outputs, "outputs", "summary,fleets,vms", "the --outputs of each timed run (--peer and --scaling time --outputs summary)")
	fl.StringVar(&o.dir, "dir", "", "keep the generated scenarios and results here (default a temporary folder, removed after)")
	fl.BoolVar(&o.peer, "peer", false, "time spotsim against its plain-Python peer (cmd/internal/bench/peer) on P1k and P10k, or the\n"+
		"named peer benchmarks, alternating: median CPU time of each, their ratio; the summaries must agree")
	fl.BoolVar(&o.warm, "warm", false, "with --peer: run each program once, untimed, right before each timed run, so that neither is\n"+
		"timed just after the other's run (on some machines that costs system time; see the README's Performance section)")
	fl.BoolVar(&o.scaling, "scaling", false, "print the scaling tables: CPU time and peak RSS as VMs (1k to 1M), price points (10k to 10M)\n"+
		"and pools (1 to 2,000) grow, one run each unless --runs is given; names pick tables (vms, points, pools)")
	if err := parse(fl, args); err != nil {
		return err
	}
	if o.scaling && !fl.Changed("runs") {
		o.runs = 1
	}
	if !(o.scale > 0 && o.scale <= 1) {
		return bad(fmt.Errorf("--scale %g: want 0 < scale <= 1", o.scale))
	}
	if o.runs < 1 {
		return bad(fmt.Errorf("--runs %d: want at least 1", o.runs))
	}
	if o.warm && !o.peer {
		return bad(errors.New("--warm applies to --peer only"))
	}
	// Flags the chosen mode would ignore are refused, not dropped: the
	// scaling tables have fixed sizes, and they and --peer time `run
	// --outputs summary`.
	if o.scaling && o.peer {
		return bad(errors.New("--peer does not apply with --scaling: run them one at a time"))
	}
	if o.scaling && fl.Changed("scale") {
		return bad(errors.New("--scale does not apply to --scaling: its tables have fixed sizes (name a table, such as pools, for a shorter run)"))
	}
	if (o.scaling || o.peer) && fl.Changed("outputs") {
		return bad(errors.New("--outputs does not apply to --scaling or --peer: they time `spotsim run --outputs summary`"))
	}
	if _, err := results.ParseOutputs(o.outputs); err != nil {
		return bad(fmt.Errorf("--outputs: %w", err))
	}
	names := fl.Args()
	switch {
	case o.scaling:
		if err := bench.CheckScalingNames(names); err != nil {
			return bad(err)
		}
	case len(names) == 0 && o.peer:
		names = []string{"P1k", "P10k"}
	case len(names) == 0:
		names = []string{"B1"}
	}
	for _, n := range names {
		if o.scaling {
			continue // table names, checked above
		}
		if bench.Lookup(n) == nil {
			return bad(fmt.Errorf("unknown benchmark %q; want B1, B2, B3, P1k, P10k, or B1-<strategy> for a strategy of docs/fleets.md", n))
		}
		if o.peer && !bench.IsPeer(n) {
			return bad(fmt.Errorf("--peer %s: the peer runs P1k and P10k, whose victims no random draw chooses", n))
		}
		if s := bench.Lookup(n)(o.scale); !s.Valid() {
			return bad(fmt.Errorf("--scale %g: leaves %s %d VMs for its %d fleets; want a larger scale, at least one VM per fleet", o.scale, n, s.VMs, s.Fleets))
		}
	}
	exe, err := spotsimExe()
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
	opts := bench.Options{Scale: o.scale, Runs: o.runs, Outputs: o.outputs, Dir: dir, Warm: o.warm}
	switch {
	case o.scaling:
		return bench.TimeScaling(exe, names, opts, stdout)
	case o.peer:
		return bench.TimePeer(exe, names, opts, stdout, stderr)
	}
	return bench.Time(exe, names, opts, stdout, stderr)
}

// spotsimExe is the binary bench times. Tests replace it: under go test the
// executable is the test binary, and a child started as `<it> run ...`
// would run every test again, each of them bench's children too.
var spotsimExe = os.Executable
