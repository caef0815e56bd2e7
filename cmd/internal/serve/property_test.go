package serve

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spotsim/spotsim/cmd/internal/scenario"
	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
)

// agreesWithEvents is the issue-17 property: for every VM and every
// simulated second, the served document agrees with the run's events
// (events.csv) — no event while the VM is not under notice and not being
// evicted; Scheduled exactly from the notice to NotBefore; Started only
// while the VM is deallocating or deleting, or for the one documented second
// after NotBefore when the eviction took 0 s; and Started throughout an
// eviction that began at NotBefore.
func agreesWithEvents(t *testing.T, name string, res *sim.Result) {
	t.Helper()
	s, err := New(res, start, Options{Clock: NewManualClock(0)})
	if err != nil {
		t.Fatal(err)
	}
	byVM := make([][]sim.Event, res.VMs.Len())
	for _, e := range res.Events {
		if e.VM >= 0 {
			byVM[e.VM] = append(byVM[e.VM], e)
		}
	}
	notices := make([][]sim.Notice, res.VMs.Len())
	for _, n := range res.Notices {
		notices[n.VM] = append(notices[n.VM], n)
	}
	failures := 0
	for v := range res.VMs.Len() {
		evs, ns := byVM[v], notices[v]
		state, entered := sim.State(sim.NoState), int64(-1)
		i, k := 0, -1
		for _, t0 := range breakpoints(evs, ns, res.Config.Horizon) {
			for ; i < len(evs) && evs[i].Time <= t0; i++ {
				if evs[i].From != evs[i].To {
					state = evs[i].To
					entered = evs[i].Time
				}
			}
			for k+1 < len(ns) && ns[k+1].IssuedAt <= t0 {
				k++
			}
			underNotice := k >= 0 && t0 < ns[k].NotBefore
			evicting := (state == sim.Deallocating || state == sim.Deleting) && k >= 0 && entered == ns[k].NotBefore
			got := s.tl.at(v, t0, nil).status
			var bad string
			switch {
			case underNotice && got != Scheduled:
				bad = "want Scheduled (under notice)"
			case !underNotice && got == Scheduled:
				bad = "Scheduled while not under notice"
			case got == Started && state != sim.Deallocating && state != sim.Deleting && (k < 0 || t0 != ns[k].NotBefore):
				bad = "Started while " + state.String()
			case evicting && got != Started:
				bad = "want Started (being evicted)"
			}
			if bad != "" {
				if failures++; failures <= 5 {
					t.Errorf("%s: %s at %d s: %s (status %d)", name, res.VMName(v), t0, bad, got)
				}
			}
		}
	}
}

// breakpoints are the seconds at which either side of the property can
// change — event times, notices and NotBefore, NotBefore+1 — with their
// neighbours. Both sides are constant between them, so checking these is
// checking every second, in a fraction of the time (fleet.yaml is 60 VMs
// over 21 days).
func breakpoints(evs []sim.Event, ns []sim.Notice, horizon int64) []int64 {
	ts := []int64{0}
	add := func(x int64) { ts = append(ts, x-1, x, x+1) }
	for _, e := range evs {
		add(e.Time)
	}
	for _, n := range ns {
		add(n.IssuedAt)
		add(n.NotBefore)
		add(n.NotBefore + minStarted)
	}
	slices.Sort(ts)
	ts = slices.Compact(ts)
	lo, _ := slices.BinarySearch(ts, 0)
	hi, _ := slices.BinarySearch(ts, horizon)
	return ts[lo:hi]
}

// Every example scenario: the built-in example (whose batch VMs stayed
// Started for 59.5 simulated hours before the issue-17 fix) and the others.
func TestDocumentAgreesWithEventsExamples(t *testing.T) {
	files, _ := filepath.Glob("../../../scenarios/*.yaml")
	n := 0
	for _, f := range files {
		if strings.Contains(f, "sweep") {
			continue
		}
		sc, err := scenario.Load(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		sc.Config.Record = sim.Record{Events: true, Notices: true}
		res, err := sim.Run(&sc.Config)
		if err != nil {
			t.Fatal(err)
		}
		agreesWithEvents(t, filepath.Base(f), res)
		n++
	}
	if n < 3 {
		t.Fatalf("found %d example scenarios", n)
	}
}

// Random scenarios: 0 s and longer timings, both policies, price spikes,
// and user operations that land before, during and after notices.
func TestDocumentAgreesWithEventsRandom(t *testing.T) {
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 17))
		horizon := int64(6 * 3600)
		var times []int64
		var values []int64
		for at := int64(0); at < horizon; at += 300 + r.Int64N(1800) {
			times = append(times, at)
			values = append(values, []int64{20_000_000, 50_000_000}[r.IntN(2)])
		}
		timing := func() int64 { return []int64{0, 0, 1, 30, 90}[r.IntN(5)] }
		cfg := &sim.Config{Name: "prop", Horizon: horizon, Seed: seed, Notice: sim.NoticeLead{Min: 30, Max: 30 + r.Int64N(60)},
			Timings: sim.Timings{Create: timing(), Start: timing(), Stop: timing(), Deallocate: timing(), Delete: timing()},
			Billing: sim.AzureBilling, Record: sim.Record{Events: true, Notices: true},
			Pools: []sim.Pool{{Region: "eastus", SKU: "Standard_D2s_v5", VCPUs: 2, PAYG: 96_000_000,
				Spot:     &pricing.Series{Times: times, Values: values},
				Capacity: pricing.Constant(pricing.Unlimited)}},
			Fleets: []sim.Fleet{
				{Name: "d", Pool: 0, Count: 1 + r.IntN(3), MaxPrice: 40_000_000, Policy: sim.Deallocate, After: sim.RestartAutomation, Interval: 600},
				{Name: "x", Pool: 0, Count: 1 + r.IntN(2), MaxPrice: 40_000_000, Policy: sim.Delete, After: sim.ReplaceAutomation, Interval: 600},
			}}
		for range r.IntN(6) {
			op := []sim.Op{sim.OpDeallocate, sim.OpStart, sim.OpStop, sim.OpDelete}[r.IntN(4)]
			cfg.Actions = append(cfg.Actions, sim.Action{At: r.Int64N(horizon), Fleet: 0, VM: -1, Op: op})
		}
		slices.SortStableFunc(cfg.Actions, func(a, b sim.Action) int { return cmp.Compare(a.At, b.At) })
		res, err := sim.Run(cfg)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		agreesWithEvents(t, fmt.Sprintf("random seed %d", seed), res)
	}
}
