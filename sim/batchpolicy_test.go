package sim

import (
	"testing"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim/policy"
)

// policyConfig is one VM on 60 s policy ticks, spot 1 USD/h, regular
// 3 USD/h, timings and notice lead 0 and a checkpoint written in the notice
// (checkpoint_time 0), so that the engine meets the tick model of package
// policy exactly: capacity is unlimited on the ticks marked 1 and 0 on the
// others.
func policyConfig(kind policy.Kind, avail string, work, deadline int64) *Config {
	capa := pricing.Series{}
	for i, c := range avail {
		v := int64(0)
		if c == '1' {
			v = pricing.Unlimited
		}
		if n := len(capa.Values); n == 0 || capa.Values[n-1] != v {
			capa.Times = append(capa.Times, int64(60*i))
			capa.Values = append(capa.Values, v)
		}
	}
	return &Config{Name: "policy", Horizon: int64(60 * len(avail)), Seed: 1, Billing: AzureBilling,
		Pools: []Pool{{Region: "r", SKU: "s", VCPUs: 2, PAYG: usd("3"),
			Spot:     &pricing.Series{Times: []int64{0}, Values: []int64{int64(usd("1"))}},
			Capacity: capa}},
		Fleets: []Fleet{{Name: "job", Pool: 0, Count: 1, MaxPrice: pricing.Uncapped, Policy: Deallocate,
			Workload: Workload{Kind: Batch, Work: work, CheckpointEvery: 60, RestartOverhead: 60, Deadline: deadline},
			Batch:    BatchPolicy{Set: true, Kind: kind, Tick: 60}}}}
}

// The hand-worked cases of package policy (its policy_test.go works each
// decision), run by the engine: same plans, same costs, same completion.
//
//   - uniform progress "0011111111", W 180, D 600: regular at 60 (behind
//     the line, no spot), kept by the hysteresis at 120 and 180, deleted at
//     240 for spot (120 s of work saved); spot's overhead to 300, done at
//     360. Regular billed 60–240, spot 240–360.
//   - greedy "1100000000", W 180, D 420: spot 0–120 (overhead, then 60 s
//     of work, kept through the eviction at 120 as checkpoint_time is 0);
//     waits; regular from 240 (the last moment), done at 420.
func TestBatchPolicyEngine(t *testing.T) {
	for _, c := range []struct {
		name              string
		kind              policy.Kind
		avail             string
		work, deadline    int64
		spotS, regS, done int64
	}{
		{"uniform progress switches back to spot", policy.UniformProgress, "0011111111", 180, 600, 120, 180, 360},
		{"greedy hard switch", policy.Greedy, "1100000000", 180, 420, 120, 180, 420},
		{"uniform progress hard switch", policy.UniformProgress, "1110000000", 240, 480, 180, 180, 420},
		{"revert to spot", policy.RevertToSpot, "1011111111", 180, 600, 300, 60, 360},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := policyConfig(c.kind, c.avail, c.work, c.deadline)
			res, err := Run(cfg)
			if err != nil {
				t.Fatal(err)
			}
			f := res.Fleets[0]
			if f.SpotSeconds != c.spotS || f.RegularSeconds != c.regS || f.CompletedAt != c.done {
				t.Errorf("spot %d s, regular %d s, done at %d; want %d, %d, %d", f.SpotSeconds, f.RegularSeconds, f.CompletedAt, c.spotS, c.regS, c.done)
			}
			// The same run in the tick model.
			m := policy.Market{Gap: 60, Regular: usd("3")}
			for _, ch := range c.avail {
				m.Avail = append(m.Avail, ch == '1')
				m.Spot = append(m.Spot, usd("1"))
			}
			want, err := policy.Run(c.kind, m, policy.Job{Work: c.work, Deadline: c.deadline, Overhead: 60}, false)
			if err != nil {
				t.Fatal(err)
			}
			var cost pricing.Accrued
			for _, v := range res.VMs.All() {
				cost = cost.Add(v.Compute)
			}
			if cost != want.Cost || f.CompletedAt != want.CompletedAt {
				t.Errorf("engine cost %d done %d; tick model %d, %d", cost, f.CompletedAt, want.Cost, want.CompletedAt)
			}
			o, _ := policy.Optimal(m, policy.Job{Work: c.work, Deadline: c.deadline, Overhead: 60})
			if !f.Optimal.Done || f.Optimal.Cost != o.Cost {
				t.Errorf("optimal %+v; want cost %d", f.Optimal, o.Cost)
			}
		})
	}
}

// Service: 2 VMs wanted, 1 spot VM extra, dynamic fallback; capacity falls
// to 1 from 1 h to 2 h (notice 30 s, delete policy, replace every 10 min).
// At 3600 two of the three spot VMs are noticed; one spot VM is left, so
// one regular VM is created at once. The replacements fail until 7230
// (the first attempt after capacity came back at 7200), when both spot VMs
// are recreated and the regular VM is deleted: it ran 3600–7230. Two VMs
// ran all along: availability 100 %.
func TestServiceDynamicFallback(t *testing.T) {
	cfg := &Config{Name: "svc", Horizon: 4 * 3600, Seed: 1, Notice: NoticeLead{30, 30}, Billing: AzureBilling,
		Pools: []Pool{{Region: "r", SKU: "s", VCPUs: 2, PAYG: usd("0.096"),
			Spot:     &pricing.Series{Times: []int64{0}, Values: []int64{int64(usd("0.02"))}},
			Capacity: pricing.Series{Times: []int64{0, 3600, 7200}, Values: []int64{pricing.Unlimited, 1, pricing.Unlimited}}}},
		Fleets: []Fleet{{Name: "web", Pool: 0, Count: 2, MaxPrice: pricing.Uncapped, Policy: Delete, After: ReplaceAutomation, Interval: 600,
			Workload: Workload{Kind: Service}, Service: ServicePolicy{Overprovision: 1, DynamicFallback: true}}}}
	res, err := Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var spot, regular int
	var regularSeconds int64
	for _, v := range res.VMs.All() {
		if v.Priority == Regular {
			regular++
			regularSeconds += v.BilledSeconds
			if v.CreatedAt != 3600 {
				t.Errorf("regular VM created at %d; want 3600", v.CreatedAt)
			}
		} else {
			spot++
		}
	}
	f := res.Fleets[0]
	if spot != 5 || regular != 1 || regularSeconds != 3630 {
		t.Errorf("%d spot VMs, %d regular billed %d s; want 5, 1, 3630", spot, regular, regularSeconds)
	}
	if f.ServedVMSeconds != f.WantedVMSeconds || f.BelowSeconds != 0 {
		t.Errorf("served %d of %d VM-s, %d s below; want all, 0", f.ServedVMSeconds, f.WantedVMSeconds, f.BelowSeconds)
	}
	// Without the fallback the service is down to one VM from 3630 to 7230.
	cfg.Fleets[0].Service.DynamicFallback = false
	res, _ = Run(cfg)
	if b := res.Fleets[0].BelowSeconds; b != 3600 {
		t.Errorf("without the fallback %d s below target; want 3600", b)
	}
}

// A fleet of N VMs shares the work: with spot always there, spot_only runs
// N VMs for the overhead plus W/N each, and the optimum is the same.
func TestBatchPolicyFleetShares(t *testing.T) {
	cfg := policyConfig(policy.SpotOnly, "1111111111", 360, 600)
	cfg.Fleets[0].Count = 2
	res, err := Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f := res.Fleets[0]
	// Each VM: 60 s overhead + 180 s of work = 240 s; done at 240 s.
	if f.SpotSeconds != 480 || f.CompletedAt != 240 || f.Optimal.Cost != pricing.Accrue(usd("1"), 480) {
		t.Errorf("spot %d s, done at %d, optimal %d; want 480, 240, %d", f.SpotSeconds, f.CompletedAt, f.Optimal.Cost, pricing.Accrue(usd("1"), 480))
	}
}

// With Azure's timings, every start the policies make is a create: a VM is
// creating for timings.create before its restart overhead and its work, so
// the policies count both as their overhead. Left out, greedy switched to
// regular one create too late and missed a deadline that regular VMs meet
// from its last critical tick (found against a hand-run scenario: done at
// 12:01:00 for a 12 h deadline). Each case's deadline leaves regular VMs
// exactly create + overhead + work from some tick on, and spot fails early.
func TestBatchPoliciesCountCreateTime(t *testing.T) {
	for _, c := range []struct {
		kind           policy.Kind
		avail          string
		work, deadline int64
	}{
		{policy.Greedy, "11000000000000", 180, 480},
		{policy.Greedy, "10100000000000", 240, 600},
		{policy.UniformProgress, "11100000000000", 240, 540},
		{policy.RevertToSpot, "10110000000000", 180, 540},
	} {
		cfg := policyConfig(c.kind, c.avail, c.work, c.deadline)
		cfg.Timings = Timings{60, 60, 60, 60, 60}
		res, err := Run(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if f := res.Fleets[0]; f.CompletedAt == 0 || f.CompletedAt > c.deadline {
			t.Errorf("%v %s W %d D %d: done at %d; want by the deadline", c.kind, c.avail, c.work, c.deadline, f.CompletedAt)
		}
	}
}
