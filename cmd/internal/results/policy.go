package results

import (
	"math/big"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
)

// policyColumns end fleets.csv: a batch fleet's deadline policy, its billed
// hours on spot and on regular VMs, the optimal-in-hindsight compute cost
// for its pool's market (docs/policies.md) and its compute cost as a
// multiple of it. Empty for fleets without a policy.
var policyColumns = []string{"policy", "spot_hours", "regular_hours", "optimal_cost_usd", "cost_to_optimal"}

func policyCells(res *sim.Result, i int) []string {
	f := &res.Config.Fleets[i]
	if !f.Batch.Set {
		return make([]string, len(policyColumns))
	}
	r := res.Fleets[i]
	cells := []string{f.Batch.Kind.String(), hours(r.SpotSeconds), hours(r.RegularSeconds), "", ""}
	if r.Optimal.Done {
		cells[3] = usd(r.Optimal.Cost.Micros())
		var compute pricing.Total
		for v := range res.VMs.Unordered() {
			if int(v.Fleet) == i {
				compute.Add(v.Compute)
			}
		}
		num := compute.Micros().Big()
		den := new(big.Int).Mul(big.NewInt(100), r.Optimal.Cost.Micros().Big())
		cells[4] = percent(num, den, 6)
	}
	return cells
}
