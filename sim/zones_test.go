package sim

import (
	"testing"

	"github.com/spotsim/spotsim/pricing"
)

// The zones of one size are pools of their own: their random streams are
// named with the zone, so two zones' stochastic evictions are independent.
// Before, zonal pools shared their region and size's streams and a VM in
// zone 1 and one in zone 2 created together were evicted at the same
// second.
func TestZonesDrawIndependently(t *testing.T) {
	var pools []Pool
	for _, z := range []string{"1", "2"} {
		pools = append(pools, Pool{Region: "eastus", Zone: z, SKU: "Standard_D2s_v5", VCPUs: 2, PAYG: usd("0.096"),
			Spot: steps(0.0, "0.02"), Capacity: pricing.Constant(pricing.Unlimited), Hazard: 0.5})
	}
	cfg := mixConfig(pools,
		Fleet{Name: "a", Pool: 0, Count: 20, MaxPrice: pricing.Uncapped},
		Fleet{Name: "b", Pool: 1, Count: 20, MaxPrice: pricing.Uncapped})
	cfg.Horizon = 48 * hour
	cfg.Record = Record{Notices: true}
	res := run(t, cfg)
	at := [2][]int64{}
	for _, n := range res.Notices {
		f := res.VMs.At(n.VM).Fleet
		at[f] = append(at[f], n.IssuedAt)
	}
	if len(at[0]) == 0 || len(at[1]) == 0 {
		t.Fatalf("notices %d and %d; want some in each zone", len(at[0]), len(at[1]))
	}
	same := len(at[0]) == len(at[1])
	for i := 0; same && i < len(at[0]); i++ {
		same = at[0][i] == at[1][i]
	}
	if same {
		t.Fatalf("zones 1 and 2 drew the same %d eviction times", len(at[0]))
	}
}
