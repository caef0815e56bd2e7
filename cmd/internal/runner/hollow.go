package runner

import (
	"fmt"

	"github.com/spotsim/spotsim/sim"
)

// HollowWarnings are the results that look like answers and are not: a
// fleet that never got a VM (every create failed and nothing retried), so
// its cost of 0 is not a saving.
func HollowWarnings(res *sim.Result) []string {
	var out []string
	for _, i := range hollowFleets(res) {
		out = append(out, fmt.Sprintf("fleet %s: all %d creates failed and %s", res.Config.Fleets[i].Name, res.Fleets[i].FailedCreates, hollowWhy))
	}
	return out
}

// HollowFleets names the hollow fleets of a result (HollowWarnings), for
// the warnings of many runs, each said once (HollowFleetWarning).
func HollowFleets(res *sim.Result) []string {
	var out []string
	for _, i := range hollowFleets(res) {
		out = append(out, res.Config.Fleets[i].Name)
	}
	return out
}

// HollowFleetWarning is HollowWarnings' text without the run's own count of
// failed creates: the same for every run or replication in which the fleet
// was hollow.
func HollowFleetWarning(fleet string) string {
	return fmt.Sprintf("fleet %s: all its creates failed and %s", fleet, hollowWhy)
}

// hollowWhy is what the hollow-fleet warnings say of such a fleet.
const hollowWhy = "nothing retried them (no after_eviction: {replace: ...}), so it ran no VM: its cost of 0 is not a saving"

// hollowFleets are the indexes of the fleets with a failed create and no VM.
func hollowFleets(res *sim.Result) []int {
	// Only a fleet with a failed create can be hollow, and one VM of it
	// clears it: the pass over the VMs stops once every such fleet has
	// one, rather than making a result of each of B2's 3.4 million.
	suspect := make([]bool, len(res.Config.Fleets))
	left := 0
	for i, f := range res.Fleets {
		if f.FailedCreates > 0 {
			suspect[i] = true
			left++
		}
	}
	if left > 0 {
		for v := range res.VMs.Unordered() {
			if suspect[v.Fleet] {
				suspect[v.Fleet] = false
				if left--; left == 0 {
					break
				}
			}
		}
	}
	var out []int
	for i := range res.Fleets {
		if suspect[i] {
			out = append(out, i)
		}
	}
	return out
}
