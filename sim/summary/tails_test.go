package summary_test

import (
	"testing"

	"github.com/spotsim/spotsim/sim"
	"github.com/spotsim/spotsim/sim/summary"
)

// FleetTails gives every fleet what TailOf gives it: the engine's per-fleet
// tail, the fleet's own longest stretch below target only when it has a
// workload, and the rebalances of its own VMs alone.
func TestFleetTailsIsTailOfEachFleet(t *testing.T) {
	res := &sim.Result{
		Config: &sim.Config{Fleets: []sim.Fleet{
			{Name: "a"},
			{Name: "b", Workload: sim.Workload{Kind: sim.Service}},
			{Name: "c"},
		}},
		Fleets: []sim.FleetResult{
			{Tail: sim.Tail{MaxEvictions5m: 3, Episodes: 2, LongestBelow: 50}},
			{Tail: sim.Tail{MaxEvictions5m: 1, Episodes: 1, LongestBelow: 700}},
			{},
		},
		VMs: []sim.VMResult{{Fleet: 0, Rebalances: 2}, {Fleet: 1, Rebalances: 1}, {Fleet: 0, Rebalances: 5}, {Fleet: 2}},
	}
	got := summary.FleetTails(res)
	if len(got) != 3 {
		t.Fatalf("%d tails for 3 fleets", len(got))
	}
	for f := range 3 {
		if want := summary.TailOf(res, f); got[f] != want {
			t.Errorf("fleet %d: %+v, want TailOf's %+v", f, got[f], want)
		}
	}
	if got[0].Rebalances != 7 || got[1].Workloads != 1 || got[0].Workloads != 0 {
		t.Errorf("tails %+v: want fleet a's 7 rebalances, fleet b's one workload", got)
	}
}
