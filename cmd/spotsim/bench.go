package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spotsim/spotsim/cmd/internal/bench"
)

type benchOptions struct {
	scale   float64
	runs    int
	outputs string
	dir     string
	peer    bool // time spotsim against the plain-Python peer (benchpeer.go)
	scaling bool // the scaling tables (benchscaling.go)
}

var benchSpecs = map[string]func(float64) bench.Spec{"B1": bench.B1, "B2": bench.B2, "B3": bench.B3Base,
	// B1 with every fleet over its region's five sizes, one per strategy.
	"B1-lowest_price": bench.B1Mix("lowest_price"), "B1-capacity_optimized": bench.B1Mix("capacity_optimized"),
	"B1-price_capacity_optimized": bench.B1Mix("price_capacity_optimized"), "B1-prioritized": bench.B1Mix("prioritized"),
	// The scenarios of the plain-Python peer (cmd/internal/bench/peer).
	"P1k": bench.P1k, "P10k": bench.P10k}

// benchSpec finds a benchmark by name, in any case.
func benchSpec(name string) func(float64) bench.Spec {
	for k, f := range benchSpecs {
		if strings.EqualFold(k, name) {
			return f
		}
	}
	return nil
}

func benchCmd(args []string, stdout, stderr io.Writer) error {
	var o benchOptions
	fl := newFlags("bench", "[B1|B2|B3|P1k|P10k]...", "Generate the benchmark scenarios and time `spotsim run` on each (B3: `spotsim sweep` of\n"+
		"1,000 runs), in a child process per timed run (wall time and peak RSS). With no names, runs B1.\n"+
		"--peer compares CPU time with the plain-Python peer; --scaling prints the scaling tables.", stdout)
	fl.Float64Var(&o.scale, "scale", 1, "shrink the VMs and days of each benchmark by this factor (0 < scale <= 1)")
	fl.IntVar(&o.runs, "runs", 5, "timed runs per benchmark; the median and range are printed")
	fl.StringVar(&o.outputs, "outputs", "summary,fleets,vms", "the --outputs of each timed run")
	fl.StringVar(&o.dir, "dir", "", "keep the generated scenarios and results here (default a temporary folder, removed after)")
	fl.BoolVar(&o.peer, "peer", false, "time spotsim against its plain-Python peer (cmd/internal/bench/peer) on P1k and P10k, or the\n"+
		"named peer benchmarks, alternating: median CPU time of each, their ratio; the summaries must agree")
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
	names := fl.Args()
	switch {
	case o.scaling:
		if err := checkScalingNames(names); err != nil {
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
		if benchSpec(n) == nil {
			return bad(fmt.Errorf("unknown benchmark %q; want B1, B2, B3, P1k, P10k, or B1-<strategy> for a strategy of docs/fleets.md", n))
		}
		if o.peer && benchSpec(n)(o.scale).Victims == "" {
			return bad(fmt.Errorf("--peer %s: the peer runs P1k and P10k, whose victims no random draw chooses", n))
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
	switch {
	case o.scaling:
		return benchScaling(o, names, exe, dir, stdout, stderr)
	case o.peer:
		return benchPeer(o, names, exe, dir, stdout, stderr)
	}
	fmt.Fprintf(stdout, "%-14s %5s %9s %9s %9s %12s\n", "benchmark", "runs", "median_s", "min_s", "max_s", "peak_rss_mib")
	for _, n := range names {
		spec := benchSpec(n)(o.scale)
		scenario, err := bench.Write(filepath.Join(dir, spec.Name), spec)
		if err != nil {
			return err
		}
		sweepRuns := 0
		if strings.EqualFold(n, "B3") {
			if scenario, sweepRuns, err = bench.WriteB3Sweep(filepath.Join(dir, spec.Name), o.scale); err != nil {
				return err
			}
		}
		var walls []float64
		var peak int64
		for i := range o.runs {
			out := filepath.Join(dir, spec.Name, fmt.Sprintf("results-%d", i))
			cmd := exec.Command(exe, "run", scenario, "--out", out, "--force", "--outputs", o.outputs)
			if sweepRuns > 0 {
				os.RemoveAll(out)
				cmd = exec.Command(exe, "sweep", scenario, "--out", out)
			}
			cmd.Stderr = stderr
			resetPeakRSS() // else the generator's peak shows as the child's
			began := time.Now()
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("%s run %d: %w", spec.Name, i+1, err)
			}
			walls = append(walls, time.Since(began).Seconds())
			peak = max(peak, peakRSS(cmd.ProcessState))
		}
		slices.Sort(walls)
		fmt.Fprintf(stdout, "%-14s %5d %9.3f %9.3f %9.3f %12.1f", spec.Name, o.runs,
			median(walls), walls[0], walls[len(walls)-1], float64(peak)/(1<<20))
		if sweepRuns > 0 {
			fmt.Fprintf(stdout, "   %d sweep runs: %.0f runs/s (median)", sweepRuns, float64(sweepRuns)/median(walls))
		}
		fmt.Fprintln(stdout)
	}
	return nil
}

func median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}
