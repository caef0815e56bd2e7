package report

import (
	"strconv"

	"spotsim/sim"
)

// tailColumns close the measures of summary.csv and fleets.csv: the tail
// of the eviction process (sim/tail.go), which an average hides. With
// replications, summary_stats.csv gives their p5, p50 and p95 like every
// other measure.
//
//   - max_evictions_5m: the most evictions within any 5-minute window
//   - reclaim_episodes: bursts of evictions, each more than 5 minutes after
//     the previous eviction
//   - longest_below_target_hours: the longest stretch with fewer VMs
//     running than wanted (workload fleets; the run's: the longest of them)
//   - rebalances: rebalance recommendations received
var tailColumns = []string{"max_evictions_5m", "reclaim_episodes", "longest_below_target_hours", "rebalances"}

// tailCells are the tail columns for one fleet (fleet >= 0) or the run.
func tailCells(res *sim.Result, fleet int) []string {
	t := res.Tail
	if fleet >= 0 {
		t = res.Fleets[fleet].Tail
	}
	below, workloads := int64(0), 0
	for i := range res.Config.Fleets {
		if (fleet < 0 || i == fleet) && res.Config.Fleets[i].Workload.Kind != sim.NoWorkload {
			workloads++
			below = max(below, res.Fleets[i].Tail.LongestBelow)
		}
	}
	longest := ""
	if workloads > 0 {
		longest = hours(below)
	}
	rebalances := 0
	for i := range res.VMs {
		if fleet < 0 || res.VMs[i].Fleet == fleet {
			rebalances += res.VMs[i].Rebalances
		}
	}
	return []string{strconv.Itoa(t.MaxEvictions5m), strconv.Itoa(t.Episodes), longest, strconv.Itoa(rebalances)}
}
