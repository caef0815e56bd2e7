package bench

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// specs are the benchmarks by name.
var specs = map[string]func(float64) Spec{"B1": B1, "B2": B2, "B3": B3Base,
	// B1 with every fleet over its region's five sizes, one per strategy.
	"B1-lowest_price": B1Mix("lowest_price"), "B1-capacity_optimized": B1Mix("capacity_optimized"),
	"B1-price_capacity_optimized": B1Mix("price_capacity_optimized"), "B1-prioritized": B1Mix("prioritized"),
	// The scenarios of the plain-Python peer (peer/).
	"P1k": P1k, "P10k": P10k}

// Lookup finds a benchmark by name, in any case; nil if there is none.
func Lookup(name string) func(float64) Spec {
	for k, f := range specs {
		if strings.EqualFold(k, name) {
			return f
		}
	}
	return nil
}

// Options say how `spotsim bench` times the benchmarks.
type Options struct {
	Scale   float64 // shrink the VMs and days by this factor (0 < scale <= 1)
	Runs    int     // timed runs per benchmark
	Outputs string  // the --outputs of each timed run
	Dir     string  // where the scenarios and results go
	// Warm runs each program once, untimed, right before each of its
	// timed runs (TimePeer only), so that neither is timed after the
	// other's long run, which on the machine we measure on costs system
	// time (timedRun; README, "Against a plain-Python peer").
	Warm bool
}

// Time generates each named benchmark into o.Dir and times o.Runs runs of
// it, each `exe run` (B3: `exe sweep`) in a child process, for its wall
// time and peak resident set; it prints a row per benchmark to stdout
// (median, min and max seconds, peak RSS), the children's stderr to stderr.
func Time(exe string, names []string, o Options, stdout, stderr io.Writer) error {
	fmt.Fprintf(stdout, "%-14s %5s %9s %9s %9s %12s\n", "benchmark", "runs", "median_s", "min_s", "max_s", "peak_rss_mib")
	for _, n := range names {
		spec := Lookup(n)(o.Scale)
		scenario, err := Write(filepath.Join(o.Dir, spec.Name), spec)
		if err != nil {
			return err
		}
		sweepRuns := 0
		if strings.EqualFold(n, "B3") {
			if scenario, sweepRuns, err = WriteB3Sweep(filepath.Join(o.Dir, spec.Name), o.Scale); err != nil {
				return err
			}
		}
		var walls []float64
		var peak int64
		for i := range o.Runs {
			out := filepath.Join(o.Dir, spec.Name, fmt.Sprintf("results-%d", i))
			cmd := exec.Command(exe, "run", scenario, "--out", out, "--force", "--outputs", o.Outputs)
			if sweepRuns > 0 {
				os.RemoveAll(out)
				cmd = exec.Command(exe, "sweep", scenario, "--out", out)
			}
			began := time.Now()
			_, rss, err := timed(cmd, stderr)
			if err != nil {
				return fmt.Errorf("%s run %d: %w", spec.Name, i+1, err)
			}
			walls = append(walls, time.Since(began).Seconds())
			peak = max(peak, rss)
		}
		slices.Sort(walls)
		fmt.Fprintf(stdout, "%-14s %5d %9.3f %9.3f %9.3f %12.1f", spec.Name, o.Runs,
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
