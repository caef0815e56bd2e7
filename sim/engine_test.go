package sim

import (
	"testing"

	"github.com/spotsim/spotsim/pricing"
)

const hour = 3600

func usd(s string) pricing.Price {
	p, err := pricing.ParsePrice(s)
	if err != nil {
		panic(err)
	}
	return p
}

// steps builds a price series from (hour, price) pairs.
func steps(pts ...any) *pricing.Series {
	s := &pricing.Series{}
	for i := 0; i < len(pts); i += 2 {
		s.Times = append(s.Times, int64(pts[i].(float64)*hour))
		s.Values = append(s.Values, int64(usd(pts[i+1].(string))))
	}
	return s
}

// base is the acceptance cases' shape: one D2s_v5 pool in eastus at
// $0.096 pay-as-you-go, all timings 0, 30 s notice, 24 h.
func base(spot *pricing.Series, fleets ...Fleet) *Config {
	return &Config{
		Name: "t", Horizon: 24 * hour, Seed: 7,
		Notice:  NoticeLead{30, 30},
		Billing: AzureBilling,
		Pools: []Pool{{Region: "eastus", SKU: "Standard_D2s_v5", VCPUs: 2, PAYG: usd("0.096"),
			Spot: spot, Capacity: pricing.Constant(pricing.Unlimited)}},
		Fleets: fleets,
		Record: Record{Events: true, Notices: true},
	}
}

func run(t *testing.T, cfg *Config) *Result {
	t.Helper()
	res, err := Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// vmResults is res's VMs as a slice, to compare two runs' VMs by value
// (VMs holds its run's Config).
func vmResults(res *Result) []VMResult {
	out := make([]VMResult, 0, res.VMs.Len())
	for _, v := range res.VMs.All() {
		out = append(out, v)
	}
	return out
}

// micros is a VM's compute cost in micro-dollars.
func micros(a pricing.Accrued) int64 {
	m, ok := a.Micros().Int64()
	if !ok {
		panic("micros: past int64")
	}
	return m
}

func TestPriceEvictionDeallocate(t *testing.T) {
	// a01: $0.02 until 10:00, $0.05 until 20:00, then $0.015; max $0.04.
	// Notice at 10:00, eviction at 10:00:30, billed 10 h at 0.02 plus 30 s
	// at the max 0.04 (R5 caps the notice): 0.2 + 0.000333 = 0.200333.
	cfg := base(steps(0.0, "0.02", 10.0, "0.05", 20.0, "0.015"),
		Fleet{Name: "w", Count: 1, MaxPrice: usd("0.04"), DiskPrice: usd("0.01")})
	res := run(t, cfg)
	if res.VMs.Len() != 1 {
		t.Fatalf("vms = %d", res.VMs.Len())
	}
	v := res.VMs.At(0)
	if got, want := v.StateSeconds[Running], int64(10*hour+30); got != want {
		t.Errorf("running = %d s, want %d", got, want)
	}
	if got, want := v.StateSeconds[Deallocated], int64(14*hour-30); got != want {
		t.Errorf("deallocated = %d s, want %d", got, want)
	}
	if got, want := micros(v.Compute), int64(200333); got != want {
		t.Errorf("compute = %d µ$, want %d", got, want)
	}
	if got, want := micros(v.Disk), int64(240000); got != want {
		t.Errorf("disk = %d µ$, want %d", got, want)
	}
	if v.Evictions[PriceEviction] != 1 || v.Notices != 1 || v.FinalState != Deallocated {
		t.Errorf("evictions %v notices %d final %v", v.Evictions, v.Notices, v.FinalState)
	}
	if len(res.Notices) != 1 || res.Notices[0].IssuedAt != 10*hour || res.Notices[0].NotBefore != 10*hour+30 {
		t.Errorf("notices = %+v", res.Notices)
	}
}

func TestMaxPriceMinusOne(t *testing.T) {
	// a02: -1 pays min(spot, payg): 5 h × 0.02 + 1 h × 0.096 + 18 h × 0.03.
	res := run(t, base(steps(0.0, "0.02", 5.0, "0.12", 6.0, "0.03"),
		Fleet{Name: "w", Count: 1, MaxPrice: pricing.Uncapped}))
	v := res.VMs.At(0)
	if got, want := micros(v.Compute), int64(736000); got != want {
		t.Errorf("compute = %d, want %d", got, want)
	}
	if v.Notices != 0 || v.StateSeconds[Running] != 24*hour {
		t.Errorf("notices %d running %d", v.Notices, v.StateSeconds[Running])
	}
}

func TestCapacityEvictionAndRestart(t *testing.T) {
	// a04: capacity 3, then 1 at 2 h: two of three VMs noticed at 2:00,
	// deallocated at 2:00:30. Without automation they stay deallocated.
	cfg := base(steps(0.0, "0.02"), Fleet{Name: "w", Count: 3, MaxPrice: pricing.Uncapped})
	cfg.Horizon = 4 * hour
	cfg.Pools[0].Capacity = pricing.Series{Times: []int64{0, 2 * hour}, Values: []int64{3, 1}}
	totals := func(res *Result) (running, dealloc int64, evicted int) {
		for _, v := range res.VMs.All() {
			running += v.StateSeconds[Running]
			dealloc += v.StateSeconds[Deallocated]
			evicted += int(v.Evictions[CapacityEviction])
		}
		return
	}
	if running, dealloc, evicted := totals(run(t, cfg)); evicted != 2 || running != 8*hour+60 || dealloc != 4*hour-60 {
		t.Errorf("evicted %d running %d dealloc %d", evicted, running, dealloc)
	}
	// With hourly restarts and capacity back to 3 at 3 h: the restarts at
	// 3:00:30 succeed. Running: 4 h + 2 × (2:00:30 + 0:59:30) = 10 h;
	// deallocated 2 × 1 h.
	cfg.Pools[0].Capacity = pricing.Series{Times: []int64{0, 2 * hour, 3 * hour}, Values: []int64{3, 1, 3}}
	cfg.Fleets[0].After, cfg.Fleets[0].Interval = RestartAutomation, hour
	res := run(t, cfg)
	if running, dealloc, evicted := totals(res); evicted != 2 || running != 10*hour || dealloc != 2*hour {
		t.Errorf("with restarts: evicted %d running %d dealloc %d; want 2, 36000, 7200", evicted, running, dealloc)
	}
	restarts := 0
	for _, e := range res.Events {
		if e.Kind == EvStart && e.Reason == WhyRestart {
			restarts++
			if e.Time != 3*hour+30 {
				t.Errorf("restart at %d s; want %d", e.Time, 3*hour+30)
			}
		}
	}
	if restarts != 2 || res.Fleets[0].FailedStarts != 0 {
		t.Errorf("%d restarts, %d failed starts; want 2, 0", restarts, res.Fleets[0].FailedStarts)
	}
}

func TestRestartAutomation(t *testing.T) {
	// a07: restart every hour; attempts 11:00:30 … 19:00:30 fail on price,
	// 20:00:30 succeeds at 0.015.
	cfg := base(steps(0.0, "0.02", 10.0, "0.05", 20.0, "0.015"),
		Fleet{Name: "w", Count: 1, MaxPrice: usd("0.04"), After: RestartAutomation, Interval: hour})
	res := run(t, cfg)
	v := res.VMs.At(0)
	if res.Fleets[0].FailedStarts != 9 {
		t.Errorf("failed starts = %d, want 9", res.Fleets[0].FailedStarts)
	}
	if v.StateSeconds[Running] != 14*hour || micros(v.Compute) != 260208 {
		t.Errorf("running %d compute %d", v.StateSeconds[Running], micros(v.Compute))
	}
}
