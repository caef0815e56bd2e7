package bench

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// CheckScalingNames accepts the names of scaling tables (none: all).
func CheckScalingNames(names []string) error {
	for _, n := range names {
		if !slices.ContainsFunc(Scaling(), func(a Axis) bool { return strings.EqualFold(a.Name, n) }) {
			return fmt.Errorf("--scaling %q: want vms, points or pools", n)
		}
	}
	return nil
}

// TimeScaling prints the named scaling tables (none: all): for each row
// the run's CPU time (user + system, median of o.Runs), peak RSS, and what
// each unit of the growing quantity costs in CPU and memory, on average and
// at the margin (from the row before), so that a super-linear term shows as
// a marginal cost that climbs. Each scenario is deleted once timed: the
// largest traces take hundreds of megabytes of disk.
func TimeScaling(exe string, names []string, o Options, stdout io.Writer) error {
	for _, axis := range Scaling() {
		if len(names) > 0 && !slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, axis.Name) }) {
			continue
		}
		fmt.Fprintf(stdout, "%s (%s; median of %d run(s))\n", axis.Name, axis.About, o.Runs)
		u := axis.Unit
		fmt.Fprintf(stdout, "%12s %12s %9s %12s %14s %14s %14s\n", axis.Name, "vms_created", "cpu_s", "peak_rss_mib",
			"us_per_"+u, "marginal_us", "rss_b_per_"+u)
		var prevCount int64
		var prevCPU float64
		for i, spec := range axis.Specs {
			folder := filepath.Join(o.Dir, spec.Name)
			scenario, err := Write(folder, spec)
			if err != nil {
				return err
			}
			var cpus []float64
			var rss int64
			out := filepath.Join(folder, "results")
			for r := range o.Runs {
				cmd := exec.Command(exe, "run", scenario, "--out", out, "--force", "--outputs", "summary")
				cmd.Stdout = io.Discard
				cpu, peak, err := timed(cmd, io.Discard)
				if err != nil {
					return fmt.Errorf("%s run %d: %w", spec.Name, r+1, err)
				}
				cpus, rss = append(cpus, cpu), max(rss, peak)
			}
			created, err := SummaryCount(filepath.Join(out, "summary.csv"), "vms")
			if err != nil {
				return err
			}
			if err := os.RemoveAll(folder); err != nil {
				return err
			}
			slices.Sort(cpus)
			cpu, n := median(cpus), axis.Count(spec)
			marginal := "-"
			if i > 0 {
				marginal = fmt.Sprintf("%.3f", (cpu-prevCPU)/float64(n-prevCount)*1e6)
			}
			fmt.Fprintf(stdout, "%12d %12d %9.3f %12.1f %14.3f %14s %14.0f\n", n, created, cpu, float64(rss)/(1<<20),
				cpu/float64(n)*1e6, marginal, float64(rss)/float64(n))
			prevCount, prevCPU = n, cpu
		}
		fmt.Fprintln(stdout)
	}
	return nil
}

// SummaryCount reads one whole-number column of a summary.csv.
func SummaryCount(path, column string) (int64, error) {
	row, _, err := readSummary(path)
	if err != nil {
		return 0, err
	}
	v, ok := row[column]
	if !ok {
		return 0, fmt.Errorf("%s: no column %s", path, column)
	}
	return strconv.ParseInt(v, 10, 64)
}
