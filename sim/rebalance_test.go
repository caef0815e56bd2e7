package sim

import (
	"testing"

	"github.com/spotsim/spotsim/pricing"
)

// Hand-worked on_rebalance cases. One spot VM at 0.02 USD/h, service
// workload, 10 h horizon, correlated reclaims of share 1 with recall 1, a
// fixed 600 s recommendation lead, 30 s notices. Seed 1 draws one reclaim in
// the horizon, at T = 13,864 s, so the recommendation comes at 13,264 s:
//
//   - none: f-0 runs 0–13,894 s (evicted 30 s after its notice): billed
//     13,894 s = 0.077189 USD; availability 13,894 / 36,000.
//   - launch: f-1 starts at 13,264 s and runs to the horizon (22,736 s) —
//     the reclaim's victims were chosen at the recommendation, before f-1
//     existed —, f-0 is still evicted: billed 36,630 s = 0.2035 USD, the
//     630 s of both running cost 0.0035 USD; availability 100%.
//   - launch_before_terminate 5m: f-0 is deleted at 13,564 s, before the
//     reclaim, which finds no victim: billed 13,564 + 22,736 = 36,300 s =
//     0.201667 USD, no eviction; availability 100%.
func TestOnRebalanceHandWorked(t *testing.T) {
	for _, c := range []struct {
		on         OnRebalance
		billed     []int64
		evictions  int
		servedSecs int64
	}{
		{OnRebalance{}, []int64{13894}, 1, 13894},
		{OnRebalance{Action: LaunchOnRebalance}, []int64{13894, 22736}, 1, 36000},
		{OnRebalance{Action: LaunchBeforeTerminate, Delay: 300}, []int64{13564, 22736}, 0, 36000},
	} {
		cfg := hazardConfig(1, 0.1, 10*3600, NoAutomation, 1)
		cfg.Pools[0].Reclaim = Reclaim{Model: Correlated, Share: FixedDist(1), Recovery: FixedDist(3600)}
		cfg.Pools[0].Rebalance = Rebalance{Recall: 1, Lead: FixedDist(600)}
		cfg.Fleets[0].OnRebalance = c.on
		cfg.Fleets[0].Workload = Workload{Kind: Service}
		res, err := Run(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if res.VMs.Len() != len(c.billed) {
			t.Fatalf("%v: %d VMs; want %d", c.on, res.VMs.Len(), len(c.billed))
		}
		evictions := 0
		var compute pricing.Accrued
		for i, v := range res.VMs.All() {
			evictions += int(v.Evictions[CapacityEviction])
			compute = compute.Add(v.Compute)
			if v.BilledSeconds != c.billed[i] {
				t.Errorf("%v: %s billed %d s; want %d", c.on, res.VMName(i), v.BilledSeconds, c.billed[i])
			}
			if want := pricing.Accrue(usd("0.02"), c.billed[i]); v.Compute.Cmp(want) != 0 {
				t.Errorf("%v: %s compute %d; want %d", c.on, res.VMName(i), v.Compute, want)
			}
		}
		var billed int64
		for _, b := range c.billed {
			billed += b
		}
		if want := pricing.Accrue(usd("0.02"), billed); compute.Cmp(want) != 0 {
			t.Errorf("%v: compute %s; want %s (%d s)", c.on, compute, want, billed)
		}
		if evictions != c.evictions || res.Fleets[0].ServedVMSeconds != c.servedSecs {
			t.Errorf("%v: %d evictions, %d VM-s served; want %d, %d", c.on, evictions, res.Fleets[0].ServedVMSeconds, c.evictions, c.servedSecs)
		}
		if rb := res.VMs.At(0).Rebalances; rb != 1 {
			t.Errorf("%v: %d recommendations; want 1", c.on, rb)
		}
		if rb := res.Fleets[0].Rebalances; rb != 1 {
			t.Errorf("%v: the fleet counts %d recommendations; want its VMs' 1", c.on, rb)
		}
	}
}

// A recommendation with no lead still comes, at its notice's instant, under
// both models: recall 1 and a lead of 0 warn every stochastic eviction.
func TestRebalanceZeroLead(t *testing.T) {
	for _, model := range []ReclaimModel{Independent, Correlated} {
		cfg := hazardConfig(100, 0.3, 86400, NoAutomation, 2)
		cfg.Pools[0].Reclaim = Reclaim{Model: model, Share: FixedDist(0.5), Recovery: FixedDist(600)}
		cfg.Pools[0].Rebalance = Rebalance{Recall: 1, Lead: FixedDist(0)}
		res, err := Run(cfg)
		if err != nil {
			t.Fatal(err)
		}
		warned := map[[2]int64]bool{}
		notices, missed := 0, 0
		for _, e := range res.Events {
			switch e.Kind {
			case EvRebalance:
				if e.Lead != 0 {
					t.Fatalf("%s: a recommendation with lead %d; want 0", model, e.Lead)
				}
				warned[[2]int64{int64(e.VM), e.Time}] = true
			case EvNotice:
				notices++
				if !warned[[2]int64{int64(e.VM), e.Time}] {
					missed++
				}
			}
		}
		if notices < 50 || missed != 0 {
			t.Errorf("%s: %d of %d notices without a recommendation; want 0", model, missed, notices)
		}
	}
}
