package summary

import "github.com/spotsim/spotsim/sim"

// FleetTails is TailOf for every fleet, in one pass over the VMs: fleets.csv
// asking TailOf fleet by fleet read B1's 881,000 VM records 40 times, 6 % of
// a sweep run (issue 22).
func FleetTails(res *sim.Result) []Tail {
	out := make([]Tail, len(res.Config.Fleets))
	for i := range out {
		t := res.Fleets[i].Tail
		out[i] = Tail{MaxEvictions5m: t.MaxEvictions5m, Episodes: t.Episodes}
		if res.Config.Fleets[i].Workload.Kind != sim.NoWorkload {
			out[i].Workloads = 1
			out[i].LongestBelow = t.LongestBelow
		}
	}
	for i := range res.VMs {
		if f := int(res.VMs[i].Fleet); f >= 0 && f < len(out) {
			out[f].Rebalances += int(res.VMs[i].Rebalances)
		}
	}
	return out
}
