package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spotsim/spotsim/cmd/internal/bench"
)

// peerScript writes the Python peer (cmd/internal/bench/peer/peer.py) into
// a temporary folder; it skips the test only where python3 is absent, and
// fails there too when SPOTSIM_REQUIRE_PYTHON is set (as .ci/run sets it).
func peerScript(t *testing.T) (python, script string) {
	t.Helper()
	python, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("SPOTSIM_REQUIRE_PYTHON") != "" {
			t.Fatal("python3 is missing, and SPOTSIM_REQUIRE_PYTHON says the peer tests must run")
		}
		t.Skip("SKIPPED: python3 is missing, so the Python peer was not compared with spotsim (CI sets SPOTSIM_REQUIRE_PYTHON=1)")
	}
	script = filepath.Join(t.TempDir(), "peer.py")
	if err := os.WriteFile(script, bench.PeerScript, 0o644); err != nil {
		t.Fatal(err)
	}
	return python, script
}

// The plain-Python peer must give spotsim's summary exactly — VMs, notices,
// evictions by cause, failed creates and starts, hours, compute, disk,
// pay-as-you-go, savings, the tail measures — or the CPU ratio that
// `spotsim bench --peer` prints would compare two different computations.
// The scenarios are the peer family shrunk, and one with victims oldest;
// each must exercise both eviction causes, restarts and replacements that
// fail, so that every rule the peer re-implements is compared.
func TestPeerGivesSpotsimsSummary(t *testing.T) {
	python, script := peerScript(t)
	oldest := bench.P1k(0.05)
	oldest.Name, oldest.Victims = "p1k-oldest", "oldest"
	for _, spec := range []bench.Spec{bench.P1k(0.05), bench.P10k(0.01), oldest} {
		t.Run(spec.Name, func(t *testing.T) {
			dir := t.TempDir()
			scenario, err := bench.Write(dir, spec)
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "results")
			if code, _, errs := spotsim(t, "run", scenario, "--out", out, "--outputs", "summary"); code != exitOK {
				t.Fatalf("spotsim run: exit %d: %s", code, errs)
			}
			peerOut := filepath.Join(dir, "peer.csv")
			if msg, err := exec.Command(python, script, scenario, "--out", peerOut).CombinedOutput(); err != nil {
				t.Fatalf("peer: %v: %s", err, msg)
			}
			if err := bench.SamePeerSummary(filepath.Join(out, "summary.csv"), peerOut); err != nil {
				t.Fatal(err)
			}
			for _, col := range []string{"price_evictions", "capacity_evictions", "failed_creates", "failed_starts", "max_evictions_5m"} {
				if n, err := bench.SummaryCount(peerOut, col); err != nil || n == 0 {
					t.Errorf("%s = %d (%v): want the scenario to exercise it", col, n, err)
				}
			}
		})
	}
}

// The comparison must catch a peer that differs in any one column, and a
// peer column spotsim does not have.
func TestSamePeerSummaryCatchesADifference(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string { return writeIn(t, dir, name, text) }
	spot := write("summary.csv", "scenario,vms,compute_cost_usd,extra\np,3,1.000000,x\n")
	if err := bench.SamePeerSummary(spot, write("same.csv", "vms,compute_cost_usd\n3,1.000000\n")); err != nil {
		t.Errorf("the same figures: %v", err)
	}
	for _, peer := range []string{"vms,compute_cost_usd\n3,1.000001\n", "vms,compute_cost_usd\n4,1.000000\n", "vms,nonsense\n3,1\n"} {
		if err := bench.SamePeerSummary(spot, write("peer.csv", peer)); err == nil {
			t.Errorf("%q: no error", peer)
		}
	}
}

// The peer refuses what it does not simulate, with exit 2, rather than
// printing a summary of something else: B1's victims are random.
func TestPeerRefusesRandomVictims(t *testing.T) {
	python, script := peerScript(t)
	scenario, err := bench.Write(t.TempDir(), bench.B1(0.01))
	if err != nil {
		t.Fatal(err)
	}
	msg, err := exec.Command(python, script, scenario).CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(msg), "newest or oldest") {
		t.Errorf("exit %v, %s: want exit 2 naming the victims policies it runs", err, msg)
	}
}

// `spotsim bench --peer` runs only the peer family. (The command itself
// runs children of its own binary, so .ci/run times it at 1% size with the
// built spotsim, not this test binary.)
func TestBenchPeerRefusesOtherBenchmarks(t *testing.T) {
	if code, _, errs := spotsim(t, "bench", "--peer", "B1"); code != exitBadInput || !strings.Contains(errs, "P1k and P10k") {
		t.Errorf("--peer B1: exit %d, %s", code, errs)
	}
	if code, _, errs := spotsim(t, "bench", "--scaling", "nodes"); code != exitBadInput || !strings.Contains(errs, "vms, points or pools") {
		t.Errorf("--scaling nodes: exit %d, %s", code, errs)
	}
}

// writeIn writes text to the file name in dir and returns its path.
func writeIn(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
