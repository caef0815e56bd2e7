package sim

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/spotsim/spotsim/pricing"
)

// The rules under test are Azure's (docs/fleets.md): VMSS Instance Mix,
// azure-compute-docs articles/virtual-machine-scale-sets/instance-mix-overview.md
// (lowestPrice, capacityOptimized, Prioritized with rank), and Azure Compute
// Fleet, azure-docs articles/azure-compute-fleet/allocation-strategies.md
// (PriceCapacityOptimized), spot-vm-configuration.md (maintain capacity),
// target-capacity.md (minimum starting capacity) and the VCpu capacity type
// (overprovisioned when sizes do not divide it).

// mixPools are three pools of one region for the strategy cases, all
// timings 0:
//
//	0  D2s_v5  2 vCPU  spot 0.020  payg 0.096  capacity 3          (tier 3: no band)
//	1  D4s_v5  4 vCPU  spot 0.015  payg 0.192  unlimited, 10 %/h   (tier 2: 5-15 % band)
//	2  E2s_v5  2 vCPU  spot 0.025  payg 0.126  capacity 10         (tier 3)
func mixPools() []Pool {
	return []Pool{
		{Region: "eastus", SKU: "Standard_D2s_v5", VCPUs: 2, PAYG: usd("0.096"), Spot: steps(0.0, "0.020"), Capacity: pricing.Constant(3)},
		{Region: "eastus", SKU: "Standard_D4s_v5", VCPUs: 4, PAYG: usd("0.192"), Spot: steps(0.0, "0.015"), Capacity: pricing.Constant(pricing.Unlimited), Hazard: 0.10},
		{Region: "eastus", SKU: "Standard_E2s_v5", VCPUs: 2, PAYG: usd("0.126"), Spot: steps(0.0, "0.025"), Capacity: pricing.Constant(10)},
	}
}

func mixConfig(pools []Pool, fleets ...Fleet) *Config {
	return &Config{Name: "mix", Horizon: 2 * hour, Seed: 3, Notice: NoticeLead{30, 30}, Billing: AzureBilling,
		Pools: pools, Fleets: fleets, Record: Record{Events: true}}
}

// perPool counts a fleet's VMs (alive at the horizon or not) by pool.
func perPool(res *Result, fleet, pools int) []int {
	n := make([]int, pools)
	for _, v := range res.VMs.All() {
		if int(v.Fleet) == fleet {
			n[v.Pool]++
		}
	}
	return n
}

func allThree(ranks ...int) []FleetPool {
	fp := []FleetPool{{Pool: 0}, {Pool: 1}, {Pool: 2}}
	for i, r := range ranks {
		fp[i].Rank = r
	}
	return fp
}

func TestAllocationStrategies(t *testing.T) {
	for _, c := range []struct {
		name  string
		alloc Allocation
		count int
		ranks []int
		want  []int
	}{
		// The cheapest spot price is pool 1's 0.015, unlimited: all five.
		{"lowest price", LowestPrice, 5, nil, []int{0, 5, 0}},
		// Tiers: pools 0 and 2 are 3, pool 1 (10 %/h band) is 2. Among
		// tier 3 the most free capacity: pool 2 (10, then 9, ... 6) beats
		// pool 0 (3) for every VM.
		{"capacity optimized", CapacityOptimized, 5, nil, []int{0, 0, 5}},
		// Among tier 3 the cheapest: pool 0 (0.020) until its capacity of 3
		// is taken (tier 0 then), then pool 2 (0.025) for the other two.
		{"price capacity optimized", PriceCapacityOptimized, 5, nil, []int{3, 0, 2}},
		// Ranks 1, 2, 0: pool 2 first, full at 10; then pool 0 for 2 more.
		{"prioritized", Prioritized, 12, []int{1, 2, 0}, []int{2, 0, 10}},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := mixConfig(mixPools(), Fleet{Name: "f", Pools: allThree(c.ranks...), Allocation: c.alloc, Count: c.count, MaxPrice: pricing.Uncapped})
			res := run(t, cfg)
			if got := perPool(res, 0, 3); !slices.Equal(got, c.want) {
				t.Errorf("VMs per pool %v; want %v", got, c.want)
			}
			if res.Fleets[0].FailedCreates != 0 {
				t.Errorf("%d failed creates", res.Fleets[0].FailedCreates)
			}
		})
	}
}

// A max price below a pool's spot price makes the strategy skip it: lowest
// price at max 0.018 can use only pool 1 (0.015).
func TestAllocationSkipsPoolsAboveMaxPrice(t *testing.T) {
	pools := mixPools()
	pools[1].Capacity = pricing.Constant(2)
	cfg := mixConfig(pools, Fleet{Name: "f", Pools: allThree(), Count: 4, MaxPrice: usd("0.018")})
	res := run(t, cfg)
	if got := perPool(res, 0, 3); !slices.Equal(got, []int{0, 2, 0}) {
		t.Errorf("VMs per pool %v; want [0 2 0]", got)
	}
	// Two creates fail. The preferred pool (1, cheapest) turned them down
	// for capacity, so that is the code logged.
	if res.Fleets[0].FailedCreates != 2 {
		t.Fatalf("%d failed creates; want 2", res.Fleets[0].FailedCreates)
	}
	for _, e := range res.Events {
		if e.Kind == EvCreateFailed && e.Reason != WhyNoCapacity {
			t.Errorf("failed create reason %s; want %s", e.Reason, CodeNoCapacity)
		}
	}
}

// Zones: three pools of one size, one per zone, equal prices; zone 2 holds
// one spot VM. Six VMs go z1, z2, z3 (one each, fewest first), then z2 is
// full: z1, z3, z1 — 3, 1, 2.
func TestZonesBalancedBestEffort(t *testing.T) {
	var pools []Pool
	for i, z := range []string{"1", "2", "3"} {
		c := pricing.Constant(pricing.Unlimited)
		if i == 1 {
			c = pricing.Constant(1)
		}
		pools = append(pools, Pool{Region: "eastus", Zone: z, SKU: "Standard_D2s_v5", VCPUs: 2, PAYG: usd("0.096"), Spot: steps(0.0, "0.02"), Capacity: c})
	}
	res := run(t, mixConfig(pools, Fleet{Name: "f", Pools: allThree(), Count: 6, MaxPrice: pricing.Uncapped}))
	if got := perPool(res, 0, 3); !slices.Equal(got, []int{3, 1, 2}) {
		t.Errorf("VMs per zone %v; want [3 1 2]", got)
	}
	var zones []string
	for _, v := range res.VMs.All() {
		zones = append(zones, pools[v.Pool].Zone)
	}
	if want := []string{"1", "2", "3", "1", "3", "1"}; !slices.Equal(zones, want) {
		t.Errorf("creation order by zone %v; want %v", zones, want)
	}
}

// A vCPU target of 10 on the cheapest size, pool 1's 4 vCPUs: three VMs,
// 12 vCPUs — overprovisioned by 2, as Compute Fleet does when sizes do not
// divide the target.
func TestVCPUTargetOverprovisions(t *testing.T) {
	pools := mixPools()
	pools[1].Hazard = 0 // no stochastic evictions here
	res := run(t, mixConfig(pools, Fleet{Name: "f", Pools: allThree(), Count: 10, Unit: UnitVCPUs, MaxPrice: pricing.Uncapped,
		Workload: Workload{Kind: Service}}))
	if got := perPool(res, 0, 3); !slices.Equal(got, []int{0, 3, 0}) {
		t.Errorf("VMs per pool %v; want [0 3 0]", got)
	}
	// Wanted and served are in vCPUs: 10 wanted for 2 h, all served.
	r := res.Fleets[0]
	if r.WantedVMSeconds != 10*2*hour || r.ServedVMSeconds != 10*2*hour || r.BelowSeconds != 0 {
		t.Errorf("wanted %d served %d below %d; want 72000 72000 0", r.WantedVMSeconds, r.ServedVMSeconds, r.BelowSeconds)
	}
}

// Minimum starting capacity: pool 0 alone holds 3 spot VMs. With min 4 the
// fleet creates nothing and logs one failed create; with min 3 it creates
// three and the other two creates fail as usual.
func TestMinCapacityAllOrNothing(t *testing.T) {
	for _, c := range []struct {
		min, vms, failed int
	}{{4, 0, 1}, {3, 3, 2}} {
		pools := mixPools()[:1]
		res := run(t, mixConfig(pools, Fleet{Name: "f", Pool: 0, Count: 5, MinCapacity: c.min, MaxPrice: pricing.Uncapped}))
		if res.VMs.Len() != c.vms || res.Fleets[0].FailedCreates != c.failed {
			t.Errorf("min %d: %d VMs, %d failed creates; want %d, %d", c.min, res.VMs.Len(), res.Fleets[0].FailedCreates, c.vms, c.failed)
		}
		if c.vms == 0 && len(res.Events) != 1 {
			t.Errorf("min %d: %d events; want the one failed create", c.min, len(res.Events))
		}
	}
}

// Maintain: a delete fleet with replace automation (Compute Fleet's
// maintain capacity) on pools 0 and 2 by lowest price. Three VMs start in
// pool 0 (0.020). At 1 h pool 0's capacity drops to 1: two are evicted
// (notice 1:00:00, gone 1:00:30); the replacements at 1:10:30 find pool 0
// full and go to pool 2, the next cheapest.
func TestMaintainReplacesWithAnotherSize(t *testing.T) {
	pools := mixPools()
	pools[0].Capacity = pricing.Series{Times: []int64{0, hour}, Values: []int64{3, 1}}
	cfg := mixConfig(pools, Fleet{Name: "f", Pools: []FleetPool{{Pool: 0}, {Pool: 2}}, Count: 3, MaxPrice: pricing.Uncapped,
		Policy: Delete, After: ReplaceAutomation, Interval: 600})
	res := run(t, cfg)
	if got := perPool(res, 0, 3); !slices.Equal(got, []int{3, 0, 2}) {
		t.Fatalf("VMs per pool %v; want [3 0 2]", got)
	}
	for i, v := range res.VMs.All() {
		if i < 3 {
			continue
		}
		if v.CreatedAt != hour+30+600 {
			t.Errorf("replacement created at %d; want %d", v.CreatedAt, hour+30+600)
		}
	}
}

// Scale-in removes what the strategy likes least. Pool 1 can host nothing
// and pool 2 holds two VMs, so five VMs are 3 in pool 0 and 2 in pool 2
// under both strategies. Scaling to 3: lowest price removes the two in
// pool 2 (0.025) before pool 0's (0.020); prioritized with ranks 5, 9, 0
// removes from pool 0 (rank 5, the lowest priority holding VMs) first.
func TestScaleInOrder(t *testing.T) {
	for _, c := range []struct {
		name  string
		alloc Allocation
		ranks []int
		want  []int // live VMs per pool after the scale-in
	}{
		{"lowest price", LowestPrice, nil, []int{3, 0, 0}},
		{"prioritized", Prioritized, []int{5, 9, 0}, []int{1, 0, 2}},
	} {
		t.Run(c.name, func(t *testing.T) {
			pools := mixPools()
			pools[1].Capacity = pricing.Constant(0)
			pools[2].Capacity = pricing.Constant(2)
			cfg := mixConfig(pools, Fleet{Name: "f", Pools: allThree(c.ranks...), Allocation: c.alloc, Count: 5, MaxPrice: pricing.Uncapped})
			cfg.Actions = []Action{{At: hour, Fleet: 0, VM: -1, Op: OpScale, Count: 3}}
			res := run(t, cfg)
			live := make([]int, 3)
			for _, v := range res.VMs.All() {
				if v.FinalState != Deleted {
					live[v.Pool]++
				}
			}
			if !slices.Equal(live, c.want) {
				t.Errorf("live VMs per pool %v; want %v", live, c.want)
			}
		})
	}
}

// The one-size fleet is the same code: adding to every fleet of a random
// scenario a second pool that can never host a VM (capacity 0, higher
// prices, no quota) changes nothing in the result, under every strategy.
func TestOneSizeFleetUnchangedProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 14))
	for i := range 150 {
		cfg := randomConfig(r)
		want := run(t, cfg)
		alt := *cfg
		alt.Pools = slices.Clone(cfg.Pools)
		alt.Fleets = slices.Clone(cfg.Fleets)
		for fi := range alt.Fleets {
			f := &alt.Fleets[fi]
			dead := len(alt.Pools)
			alt.Pools = append(alt.Pools, Pool{Region: "nowhere", SKU: "Dead", VCPUs: 2, PAYG: usd("1"),
				Spot: steps(0.0, "100"), Capacity: pricing.Constant(0)})
			f.Allocation = Allocation(r.IntN(4))
			f.Pools = []FleetPool{{Pool: f.Pool}, {Pool: dead, Rank: 1}}
		}
		got := run(t, &alt)
		gotVMs, wantVMs := vmResults(got), vmResults(want)
		got.Config, want.Config, got.VMs, want.VMs = nil, nil, VMs{}, VMs{}
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotVMs, wantVMs) {
			t.Fatalf("case %d: a fleet with a dead second pool differs from the one-size fleet", i)
		}
	}
}

// A priority mix over several sizes (Instance Mix with Spot Priority Mix,
// or Compute Fleet's standard target): regular VMs go by pay-as-you-go
// price — pool 0's 0.096 is the cheapest — and spot VMs by spot price —
// pool 1's 0.015. Two regular (the base) and three spot.
func TestPriorityMixAcrossSizes(t *testing.T) {
	cfg := mixConfig(mixPools(), Fleet{Name: "f", Pools: allThree(), Count: 5, MaxPrice: pricing.Uncapped, RegularBase: 2})
	res := run(t, cfg)
	for _, v := range res.VMs.All() {
		want := 1
		if v.Priority == Regular {
			want = 0
		}
		if int(v.Pool) != want {
			t.Errorf("%s VM %d in pool %d; want %d", v.Priority, v.Number, v.Pool, want)
		}
	}
	if n := res.VMs.Len(); n != 5 {
		t.Errorf("%d VMs; want 5", n)
	}
}

// A placement score overrides the derived capacity tier: pool 1 scored
// High and pools 0 and 2 Low, price-capacity-optimized puts every VM in
// pool 1 although its 10 %/h band alone would rank it below them.
func TestPlacementScoreIsTheCapacitySignal(t *testing.T) {
	pools := mixPools()
	pools[0].Placement, pools[1].Placement, pools[2].Placement = PlacementLow, PlacementHigh, PlacementLow
	pools[1].Hazard = 0.001 // keep the run free of evictions; the score decides
	pools[1].Spot = steps(0.0, "0.030")
	res := run(t, mixConfig(pools, Fleet{Name: "f", Pools: allThree(), Allocation: PriceCapacityOptimized, Count: 4, MaxPrice: pricing.Uncapped}))
	if got := perPool(res, 0, 3); !slices.Equal(got, []int{0, 4, 0}) {
		t.Errorf("VMs per pool %v; want [0 4 0]", got)
	}
}
