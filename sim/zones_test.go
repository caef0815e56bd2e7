package sim

import (
	"slices"
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

// A scale-in of a fleet whose zones (or equally liked pools) tie deletes
// the newest VM among them, as a scale set's default scale-in policy does:
// "Balance virtual machines across availability zones ... Delete virtual
// machine with the highest instance ID"; "Zones are balanced. Delete VM9 in
// Zone 2 as it's the newest VM in the scale set"; "Choose between Zone 1
// and 2. Delete VM11 from Zone 2 as it's the newest VM across the two
// zones" (azure-compute-docs,
// virtual-machine-scale-sets-scale-in-policy.md). Nine VMs over three
// zones are made in zones 1, 2, 3, 1, 2, 3, 1, 2, 3; scaled to 8 the
// newest, f-8 in zone 3, goes (not f-6 in zone 1, the first zone); then
// zones 1 and 2 tie with 3 each and the newer of them, f-7, goes.
func TestScaleInTieTakesNewest(t *testing.T) {
	var pools []Pool
	var fps []FleetPool
	for i, z := range []string{"1", "2", "3"} {
		pools = append(pools, Pool{Region: "eastus", Zone: z, SKU: "Standard_D2s_v5", VCPUs: 2, PAYG: usd("0.096"),
			Spot: steps(0.0, "0.02"), Capacity: pricing.Constant(100)})
		fps = append(fps, FleetPool{Pool: i})
	}
	for _, c := range []struct {
		name  string
		alloc Allocation
	}{{"lowest price", LowestPrice}, {"prioritized, one rank", Prioritized}} {
		t.Run(c.name, func(t *testing.T) {
			cfg := mixConfig(pools, Fleet{Name: "f", Pools: fps, Allocation: c.alloc, Count: 9, MaxPrice: pricing.Uncapped})
			cfg.Actions = []Action{
				{At: hour / 2, Fleet: 0, VM: -1, Op: OpScale, Count: 8},
				{At: hour, Fleet: 0, VM: -1, Op: OpScale, Count: 7},
			}
			res := run(t, cfg)
			var gone []int32
			for _, v := range res.VMs.All() {
				if v.FinalState == Deleted {
					gone = append(gone, v.Number)
				}
			}
			if want := []int32{7, 8}; !slices.Equal(gone, want) {
				t.Errorf("scale-ins deleted f-%v; want f-%v (the newest of the tied zones each time)", gone, want)
			}
		})
	}
}
