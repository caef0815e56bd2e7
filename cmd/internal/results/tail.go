package results

import (
	"math"
	"strconv"

	"github.com/spotsim/spotsim/sim"
	"github.com/spotsim/spotsim/sim/summary"
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
	t := summary.TailOf(res, fleet)
	longest := ""
	if t.Workloads > 0 {
		longest = hours(t.LongestBelow)
	}
	return []string{strconv.Itoa(t.MaxEvictions5m), strconv.Itoa(t.Episodes), longest, strconv.Itoa(t.Rebalances)}
}

// tailValues are tailCells as numbers, for summary_stats.csv.
func tailValues(t summary.Tail) []float64 {
	longest := math.NaN()
	if t.Workloads > 0 {
		longest = hoursValue(t.LongestBelow)
	}
	return []float64{float64(t.MaxEvictions5m), float64(t.Episodes), longest, float64(t.Rebalances)}
}
