package sim

import (
	"math"
	"slices"
	"testing"

	"github.com/spotsim/spotsim/pricing"
)

func hazardConfig(vms int, hazard float64, horizon int64, after Automation, seed uint64) *Config {
	return &Config{Name: "hazard", Horizon: horizon, Seed: seed, Notice: NoticeLead{30, 30}, Billing: AzureBilling,
		Record: Record{Events: true, Notices: true},
		Pools: []Pool{{Region: "r", SKU: "s", VCPUs: 2, PAYG: usd("0.096"), Spot: &pricing.Series{Times: []int64{0}, Values: []int64{int64(usd("0.02"))}},
			Capacity: pricing.Constant(pricing.Unlimited), Hazard: hazard}},
		Fleets: []Fleet{{Name: "f", Pool: 0, Count: vms, MaxPrice: pricing.Uncapped, Policy: Deallocate, After: after, Interval: 3600}}}
}

// The eviction-rate model gives the rate it claims. With 2,000 VMs and a
// hazard of 5% an hour, never restarted, the VMs still running after 10 h
// are Binomial(2000, e^-0.5): mean 1213.1, sd 21.8; we allow 4 sd. With
// restarts every hour the notices over 100 VM-lifetimes follow the rate too.
func TestHazardRate(t *testing.T) {
	const vms = 2000
	res, err := Run(hazardConfig(vms, 0.05, 10*3600, NoAutomation, 7))
	if err != nil {
		t.Fatal(err)
	}
	running := 0
	for _, v := range res.VMs.All() {
		if v.FinalState == Running {
			running++
		}
		if v.Evictions[PriceEviction] != 0 || v.Evictions[CapacityEviction] > 1 {
			t.Fatalf("%+v", v)
		}
	}
	mean := vms * math.Exp(-0.5)
	sd := math.Sqrt(vms * math.Exp(-0.5) * (1 - math.Exp(-0.5)))
	if math.Abs(float64(running)-mean) > 4*sd {
		t.Fatalf("%d VMs running after 10 h; want %.1f ± %.1f", running, mean, 4*sd)
	}
	// Every eviction is one notice lead after its notice (R8), and no VM is
	// noticed twice while running.
	noticed := map[int]int64{}
	for _, e := range res.Events {
		switch e.Kind {
		case EvNotice:
			if _, twice := noticed[e.VM]; twice {
				t.Fatalf("vm %d noticed twice", e.VM)
			}
			noticed[e.VM] = e.Time
		case EvEvict:
			if e.Time-noticed[e.VM] != 30 {
				t.Fatalf("vm %d evicted %d s after its notice", e.VM, e.Time-noticed[e.VM])
			}
		}
	}

	// With restarts, the rate holds per hour of running: notices / running
	// hours ≈ 0.05 (a Poisson count: 4 sd).
	res, err = Run(hazardConfig(200, 0.05, 30*86400, RestartAutomation, 8))
	if err != nil {
		t.Fatal(err)
	}
	var notices int
	var runningHours float64
	for _, v := range res.VMs.All() {
		notices += int(v.Notices)
		runningHours += float64(v.StateSeconds[Running]) / 3600
	}
	rate, want := float64(notices)/runningHours, 0.05
	if sdRate := math.Sqrt(want*runningHours) / runningHours; math.Abs(rate-want) > 4*sdRate {
		t.Fatalf("%d notices over %.0f running hours: %.4f per hour, want %.2f ± %.4f", notices, runningHours, rate, want, 4*sdRate)
	}
}

// Hazard draws come from the pool's own stream: the same seed gives the
// same evictions, another seed others.
func TestHazardDeterministic(t *testing.T) {
	notices := func(seed uint64) []Notice {
		res, err := Run(hazardConfig(50, 0.2, 86400, RestartAutomation, seed))
		if err != nil {
			t.Fatal(err)
		}
		return res.Notices
	}
	a, b, c := notices(1), notices(1), notices(2)
	if len(a) == 0 || !slices.Equal(a, b) {
		t.Fatalf("seed 1 twice: %d and %d notices, not the same", len(a), len(b))
	}
	if slices.Equal(a, c) {
		t.Fatalf("seeds 1 and 2 drew the same %d notices", len(a))
	}
}

// A stopped spot VM is still allocated and holds its capacity (R6), so the
// pool's eviction rate reaches it as it reaches a running one: Azure evicts
// spot VMs when it needs the capacity back (spot-vms.md). 2,000 VMs stopped
// at 0 s for 10 h at 5 %/h: Binomial(2000, 1 − e^−0.5) noticed, mean 786.9,
// sd 21.8, within 4 sd; each is evicted from stopped. Stopped VMs used to
// be immune (no notice at all). A deallocated VM holds nothing and gets none.
func TestHazardReachesStoppedVMs(t *testing.T) {
	cfg := hazardConfig(2000, 0.05, 10*3600, NoAutomation, 9)
	cfg.Actions = []Action{{At: 0, Fleet: 0, VM: -1, Op: OpStop}}
	res, err := Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	noticed := 0
	for _, v := range res.VMs.All() {
		noticed += int(v.Notices)
		if v.Notices > 0 && (v.FinalState != Deallocated || v.StateSeconds[Running] != 0) {
			t.Fatalf("a noticed stopped VM: %+v", v)
		}
	}
	p := 1 - math.Exp(-0.5)
	mean, sd := 2000*p, math.Sqrt(2000*p*(1-p))
	if math.Abs(float64(noticed)-mean) > 4*sd {
		t.Fatalf("%d stopped VMs noticed in 10 h; want %.1f ± %.1f", noticed, mean, 4*sd)
	}

	cfg = hazardConfig(200, 0.05, 10*3600, NoAutomation, 9)
	cfg.Actions = []Action{{At: 0, Fleet: 0, VM: -1, Op: OpDeallocate}}
	if res, err = Run(cfg); err != nil {
		t.Fatal(err)
	}
	for _, v := range res.VMs.All() {
		if v.Notices != 0 {
			t.Fatalf("a deallocated VM was noticed: %+v", v)
		}
	}
}
