package bench

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"

	"github.com/spotsim/spotsim/cmd/internal/csvfile"
)

// IsPeer reports whether the peer (peer/peer.py) can run the benchmark:
// its victims are not drawn at random.
func IsPeer(name string) bool {
	f := Lookup(name)
	return f != nil && f(1).Victims != ""
}

// TimePeer times `exe run --outputs summary` against the plain-Python peer
// on each named benchmark (P1k, P10k), the two alternating run by run so
// that a change in the machine's load hits both alike, and prints the
// median CPU time (user + system) of each, their ratio and their peak RSS.
// Every run's summaries must agree: a peer that computed something else
// would make the ratio meaningless. With o.Warm each timed run follows an
// untimed one of the same program.
func TimePeer(exe string, names []string, o Options, stdout, stderr io.Writer) error {
	python, err := exec.LookPath("python3")
	if err != nil {
		return fmt.Errorf("--peer needs python3 on the PATH: %w", err)
	}
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return err
	}
	script := filepath.Join(o.Dir, "peer.py")
	if err := os.WriteFile(script, PeerScript, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%-14s %5s %10s %10s %8s %12s %12s %10s %10s\n", "benchmark", "runs", "go_cpu_s", "peer_cpu_s", "ratio", "go_rss_mib", "peer_rss_mib", "go_sys_s", "peer_sys_s")
	for _, n := range names {
		spec := Lookup(n)(o.Scale)
		scenario, err := Write(filepath.Join(o.Dir, spec.Name), spec)
		if err != nil {
			return err
		}
		var goRuns, peerRuns []childUsage
		for i := range o.Runs {
			out := filepath.Join(o.Dir, spec.Name, fmt.Sprintf("results-%d", i))
			peerOut := filepath.Join(o.Dir, spec.Name, fmt.Sprintf("peer-%d.csv", i))
			g, err := timedRun(o.Warm, stderr, func() *exec.Cmd {
				cmd := exec.Command(exe, "run", scenario, "--out", out, "--force", "--outputs", "summary")
				cmd.Stdout = io.Discard
				return cmd
			})
			if err != nil {
				return fmt.Errorf("%s: spotsim run %d: %w", spec.Name, i+1, err)
			}
			goRuns = append(goRuns, g)
			p, err := timedRun(o.Warm, stderr, func() *exec.Cmd {
				return exec.Command(python, script, scenario, "--out", peerOut)
			})
			if err != nil {
				return fmt.Errorf("%s: peer run %d: %w", spec.Name, i+1, err)
			}
			peerRuns = append(peerRuns, p)
			if err := SamePeerSummary(filepath.Join(out, "summary.csv"), peerOut); err != nil {
				return fmt.Errorf("%s: %w", spec.Name, err)
			}
		}
		g, p := summarize(goRuns), summarize(peerRuns)
		fmt.Fprintf(stdout, "%-14s %5d %10.3f %10.3f %7.1f× %12.1f %12.1f %10.3f %10.3f\n", spec.Name, o.Runs, g.cpu, p.cpu, p.cpu/g.cpu,
			float64(g.rss)/(1<<20), float64(p.rss)/(1<<20), g.sys, p.sys)
	}
	return nil
}

// childUsage is what one child process used: CPU time (user + system)
// and the system part of it, in seconds, and its peak RSS in bytes.
type childUsage struct {
	cpu, sys float64
	rss      int64
}

// summarize is the median CPU and system time of runs and their highest
// peak RSS.
func summarize(runs []childUsage) childUsage {
	var cpu, sys []float64
	var out childUsage
	for _, r := range runs {
		cpu, sys, out.rss = append(cpu, r.cpu), append(sys, r.sys), max(out.rss, r.rss)
	}
	slices.Sort(cpu)
	slices.Sort(sys)
	out.cpu, out.sys = median(cpu), median(sys)
	return out
}

// timedRun measures the command cmd makes, after running it once untimed
// if warm. On the virtual machine we measure on, a process started a second
// or more after the last one exited spends far more system time backing
// its memory than one started at once (P1k: 0.09–0.21 s against 0.02–0.04
// s), and without warm every spotsim run follows a peer run of seconds: a
// cost of the machine's, not the program's, which the sys columns show.
func timedRun(warm bool, stderr io.Writer, cmd func() *exec.Cmd) (childUsage, error) {
	if warm {
		if _, err := measure(cmd(), stderr); err != nil {
			return childUsage{}, fmt.Errorf("warm-up run: %w", err)
		}
	}
	return measure(cmd(), stderr)
}

// timed runs cmd and returns its CPU time (user + system, seconds) and
// peak RSS (bytes).
func timed(cmd *exec.Cmd, stderr io.Writer) (float64, int64, error) {
	u, err := measure(cmd, stderr)
	return u.cpu, u.rss, err
}

// measure runs cmd and returns what it used: every benchmark's child runs
// through it.
func measure(cmd *exec.Cmd, stderr io.Writer) (childUsage, error) {
	cmd.Stderr = stderr
	resetPeakRSS() // else the generator's peak shows as the child's
	if err := cmd.Run(); err != nil {
		return childUsage{}, err
	}
	ps := cmd.ProcessState
	return childUsage{cpu: (ps.UserTime() + ps.SystemTime()).Seconds(), sys: ps.SystemTime().Seconds(), rss: peakRSS(ps)}, nil
}

// SamePeerSummary checks that every column of the peer's summary holds
// what spotsim's summary.csv holds in the column of that name.
func SamePeerSummary(spotsimPath, peerPath string) error {
	want, _, err := readSummary(spotsimPath)
	if err != nil {
		return err
	}
	got, cols, err := readSummary(peerPath)
	if err != nil {
		return err
	}
	for _, c := range cols {
		if w, ok := want[c]; !ok || got[c] != w {
			return fmt.Errorf("the peer's %s is %q, spotsim's %q: they do not simulate the same thing", c, got[c], w)
		}
	}
	return nil
}

// readSummary reads a one-row summary.csv as column → value, and its
// columns in order.
func readSummary(path string) (map[string]string, []string, error) {
	header, rows, err := csvfile.Read(path)
	if err != nil {
		return nil, nil, err
	}
	if len(rows) != 1 {
		return nil, nil, fmt.Errorf("%s: want a header and one row, not %d rows", path, len(rows))
	}
	m := map[string]string{}
	for i, k := range header {
		m[k] = rows[0][i]
	}
	return m, header, nil
}
