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
// would make the ratio meaningless.
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
	fmt.Fprintf(stdout, "%-14s %5s %10s %10s %8s %12s %12s\n", "benchmark", "runs", "go_cpu_s", "peer_cpu_s", "ratio", "go_rss_mib", "peer_rss_mib")
	for _, n := range names {
		spec := Lookup(n)(o.Scale)
		scenario, err := Write(filepath.Join(o.Dir, spec.Name), spec)
		if err != nil {
			return err
		}
		var goCPU, peerCPU []float64
		var goRSS, peerRSS int64
		for i := range o.Runs {
			out := filepath.Join(o.Dir, spec.Name, fmt.Sprintf("results-%d", i))
			peerOut := filepath.Join(o.Dir, spec.Name, fmt.Sprintf("peer-%d.csv", i))
			cmd := exec.Command(exe, "run", scenario, "--out", out, "--force", "--outputs", "summary")
			cmd.Stdout = io.Discard
			cpu, rss, err := timed(cmd, stderr)
			if err != nil {
				return fmt.Errorf("%s: spotsim run %d: %w", spec.Name, i+1, err)
			}
			goCPU, goRSS = append(goCPU, cpu), max(goRSS, rss)
			cpu, rss, err = timed(exec.Command(python, script, scenario, "--out", peerOut), stderr)
			if err != nil {
				return fmt.Errorf("%s: peer run %d: %w", spec.Name, i+1, err)
			}
			peerCPU, peerRSS = append(peerCPU, cpu), max(peerRSS, rss)
			if err := SamePeerSummary(filepath.Join(out, "summary.csv"), peerOut); err != nil {
				return fmt.Errorf("%s: %w", spec.Name, err)
			}
		}
		slices.Sort(goCPU)
		slices.Sort(peerCPU)
		g, p := median(goCPU), median(peerCPU)
		fmt.Fprintf(stdout, "%-14s %5d %10.3f %10.3f %7.1f× %12.1f %12.1f\n", spec.Name, o.Runs, g, p, p/g,
			float64(goRSS)/(1<<20), float64(peerRSS)/(1<<20))
	}
	return nil
}

// timed runs cmd and returns its CPU time (user + system, seconds) and
// peak RSS (bytes): every benchmark's child runs through it.
func timed(cmd *exec.Cmd, stderr io.Writer) (float64, int64, error) {
	cmd.Stderr = stderr
	resetPeakRSS() // else the generator's peak shows as the child's
	if err := cmd.Run(); err != nil {
		return 0, 0, err
	}
	ps := cmd.ProcessState
	return (ps.UserTime() + ps.SystemTime()).Seconds(), peakRSS(ps), nil
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
