package summary

import "github.com/spotsim/spotsim/sim"

// Tail is the tail of the eviction process for a fleet or the run, which
// an average hides (sim/tail.go).
type Tail struct {
	MaxEvictions5m int // the most evictions within any 5-minute window
	Episodes       int // bursts of evictions, each more than 5 minutes after the previous eviction
	// LongestBelow is the longest stretch, in seconds, with fewer VMs
	// running than wanted, over the workload fleets (the run's: the longest
	// of them); meaningless when Workloads is 0.
	LongestBelow int64
	Workloads    int
	Rebalances   int // rebalance recommendations received
}

// TailOf is the tail of one fleet (fleet >= 0) or of the run (fleet < 0).
func TailOf(res *sim.Result, fleet int) Tail {
	t := res.Tail
	if fleet >= 0 {
		t = res.Fleets[fleet].Tail
	}
	out := Tail{MaxEvictions5m: t.MaxEvictions5m, Episodes: t.Episodes}
	for i := range res.Config.Fleets {
		if fleet >= 0 && i != fleet {
			continue
		}
		if res.Config.Fleets[i].Workload.Kind != sim.NoWorkload {
			out.Workloads++
			out.LongestBelow = max(out.LongestBelow, res.Fleets[i].Tail.LongestBelow)
		}
		// Per fleet, not over the VMs: a scan of every VM per fleet was
		// a tenth of B2's time.
		out.Rebalances += res.Fleets[i].Rebalances
	}
	return out
}
