package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spotsim/spotsim/cmd/internal/runner"
	"github.com/spotsim/spotsim/sim"
)

// A failure inside a run is a bug: exit 1 (never 2, which is bad input),
// one line naming the scenario, and no results folder. A panic used to
// escape to the Go runtime, whose exit status 2 read as bad input.
func TestInternalFailureExitsOne(t *testing.T) {
	for _, c := range []struct {
		name string
		run  func(*sim.Config) (*sim.Result, error)
	}{
		{"panic", func(*sim.Config) (*sim.Result, error) { var v []int; _ = v[len(v)]; return nil, nil }},
		{"broken invariant", func(*sim.Config) (*sim.Result, error) { return nil, errors.New("fleet 0: pool 3 out of range") }},
	} {
		t.Run(c.name, func(t *testing.T) {
			runner.Sim = c.run
			t.Cleanup(func() { runner.Sim = sim.Run })
			out := filepath.Join(t.TempDir(), "r")
			code, _, errs := spotsim(t, "run", "../../scenarios/batch.yaml", "--out", out)
			if code != exitFailed {
				t.Fatalf("exit %d, want %d; stderr %q", code, exitFailed, errs)
			}
			if !strings.HasPrefix(errs, "spotsim run: batch: internal error, a bug in spotsim") || strings.Count(errs, "\n") != 1 {
				t.Fatalf("stderr %q: want one line naming the scenario and saying it is a bug", errs)
			}
			if _, err := os.Stat(out); err == nil {
				t.Fatal("a failed run left a results folder")
			}
		})
	}
}

// scenarios/batch.yaml cut at 12 h, before its work is done (at 12:05:30),
// used to panic in the engine's wrap-up and exit 2. Unfinished work is an
// ordinary result: no completion, the deadline missed, the work done and
// lost as far as it got (sim's TestBatchUnfinishedAtHorizon works it out).
func TestBatchCutByTheHorizon(t *testing.T) {
	dir := t.TempDir()
	b, err := os.ReadFile("../../scenarios/batch.yaml")
	if err != nil {
		t.Fatal(err)
	}
	prices, err := os.ReadFile("../../scenarios/batch_prices.csv")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "batch_prices.csv"), prices, 0o644)
	sc := filepath.Join(dir, "batch.yaml")
	os.WriteFile(sc, []byte(strings.Replace(string(b), "horizon: 1d", "horizon: 12h", 1)), 0o644)
	for _, outputs := range []string{"all", "summary"} {
		out := filepath.Join(dir, "out-"+outputs)
		if code, _, errs := spotsim(t, "run", sc, "--out", out, "--outputs", outputs); code != exitOK {
			t.Fatalf("--outputs %s: exit %d: %s", outputs, code, errs)
		}
		rows := readCSV(t, filepath.Join(out, "summary.csv"))
		got := map[string]string{}
		for i, h := range rows[0] {
			got[h] = rows[1][i]
		}
		want := map[string]string{"completed_at": "", "deadline_met": "false", "work_done_hours": "9.908333", "work_lost_hours": "0.925000", "makespan_hours": "12.000000"}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("--outputs %s: %s = %q, want %q", outputs, k, got[k], v)
			}
		}
	}
}
