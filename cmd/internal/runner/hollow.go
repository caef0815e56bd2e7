package runner

import (
	"fmt"

	"github.com/spotsim/spotsim/sim"
)

// HollowWarnings are the results that look like answers and are not: a
// fleet that never got a VM (every create failed and nothing retried), so
// its cost of 0 is not a saving.
func HollowWarnings(res *sim.Result) []string {
	vms := make([]int, len(res.Config.Fleets))
	for v := range res.VMs.Unordered() {
		vms[v.Fleet]++
	}
	var out []string
	for i, f := range res.Fleets {
		if vms[i] == 0 && f.FailedCreates > 0 {
			out = append(out, fmt.Sprintf("fleet %s: all %d creates failed and nothing retried them (no after_eviction: {replace: ...}), so it ran no VM: its cost of 0 is not a saving", res.Config.Fleets[i].Name, f.FailedCreates))
		}
	}
	return out
}
