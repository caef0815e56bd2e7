// Package bench generates spotsim's benchmark scenarios (issue 7) from a
// seed, so the repository holds the generator and not hundreds of megabytes
// of traces. Each scenario is an ordinary scenario folder — scenario.yaml,
// prices.csv, capacity.csv — that `spotsim run` reads like any other, so a
// benchmark measures exactly what a user's run does: reading traces,
// simulating, and writing results.
package bench

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/pricing/traces"
	"github.com/spotsim/spotsim/sim/seed"
)

// Spec is the shape of one generated scenario.
type Spec struct {
	Name       string
	Regions    int   // pools = Regions × Sizes
	Sizes      int   // size k has 2^(k+1) vCPUs and pay-as-you-go 0.048 × 2^(k+1) USD/h
	Days       int   // horizon
	PriceStep  int64 // seconds between spot price points
	Capacity   int64 // seconds between capacity points
	DeepDrops  bool  // capacity drops to a few percent of the fleet instead of about half
	VMs        int   // spot VMs in all, split evenly over the fleets
	Fleets     int   // a multiple of the pool count; fleets cycle through the pools
	Automation string
	Seed       uint64
	// Victims is the scenario's victims policy; "" is random.
	Victims string
	// Mix, when set, is an allocation strategy: each fleet then spans the
	// five sizes of its region (a fleet over several sizes, docs/fleets.md).
	Mix string
}

// Valid says whether Write can generate the spec: its fleets a multiple
// of its pools, and at least one VM per fleet (a small scale can leave
// fewer).
func (s Spec) Valid() bool { return s.Pools() > 0 && s.Fleets%s.Pools() == 0 && s.VMs >= s.Fleets }

// Pools is the number of pools of the spec.
func (s Spec) Pools() int { return s.Regions * s.Sizes }

// B1 is the fleet-year benchmark: 20 pools with 5-minute prices for a year
// (2.1 M price points), hourly capacity with reclaim events, 10,000 spot VMs
// in 40 fleets, both eviction policies, automation every hour. scale shrinks
// the VMs and the days (CI runs it at 0.01 as a smoke test).
func B1(scale float64) Spec {
	return Spec{Name: "b1-fleet-year", Regions: 4, Sizes: 5, Days: scaled(365, scale), PriceStep: 300, Capacity: 3600,
		VMs: scaled(10_000, scale), Fleets: 40, Automation: "1h", Seed: 1}
}

// B1Mix is B1 with every fleet over the five sizes of its region under one
// allocation strategy: the same VMs, pools and traces, so the difference in
// time is what choosing a pool costs.
func B1Mix(strategy string) func(float64) Spec {
	return func(scale float64) Spec {
		s := B1(scale)
		s.Name, s.Mix = "b1-mix-"+strings.ReplaceAll(strategy, "_", "-"), strategy
		return s
	}
}

// B2 is the million-VM benchmark: 1,000,000 VMs over 30 days, hourly prices
// and hourly capacity traces with deep drops.
func B2(scale float64) Spec {
	return Spec{Name: "b2-million", Regions: 4, Sizes: 5, Days: scaled(30, scale), PriceStep: 3600, Capacity: 3600,
		DeepDrops: true, VMs: scaled(1_000_000, scale), Fleets: 40, Automation: "1h", Seed: 2}
}

// B3Base is the scenario the B3 sweep runs 1,000 times: 100 VMs over 30 days.
func B3Base(scale float64) Spec {
	return Spec{Name: "b3-base", Regions: 1, Sizes: 2, Days: scaled(30, scale), PriceStep: 300, Capacity: 3600,
		VMs: 100, Fleets: 4, Automation: "1h", Seed: 3}
}

func scaled(n int, scale float64) int { return max(1, int(math.Round(float64(n)*scale))) }

// Write generates the scenario into dir (created if needed) and returns the
// path of its scenario.yaml. The same spec always gives the same bytes.
func Write(dir string, s Spec) (string, error) {
	if !s.Valid() {
		return "", fmt.Errorf("bench: spec %s: want fleets a multiple of %d pools and at least one VM per fleet", s.Name, s.Pools())
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	prices, capacity := s.traces()
	if err := writeTrace(filepath.Join(dir, "prices.csv"), prices, traces.PriceTrace); err != nil {
		return "", err
	}
	if err := writeTrace(filepath.Join(dir, "capacity.csv"), capacity, traces.CapacityTrace); err != nil {
		return "", err
	}
	path := filepath.Join(dir, "scenario.yaml")
	return path, os.WriteFile(path, []byte(s.yaml()), 0o644)
}

func writeTrace(path string, set *traces.TraceSet, kind traces.Kind) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	err = traces.WriteTrace(w, set, kind)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// start is every benchmark's start: a Monday, midnight UTC.
const start = 1767571200 // 2026-01-05T00:00:00Z

func (s Spec) pool(i int) (traces.Pool, int64, pricing.Price) {
	vcpus := int64(2) << (i % s.Sizes)
	return traces.Pool{Region: fmt.Sprintf("region%d", i/s.Sizes), SKU: fmt.Sprintf("Standard_D%ds_v5", vcpus)},
		vcpus, pricing.Price(48_000_000 * vcpus)
}

// vmsPerFleet and the pool's share of VMs decide the capacity levels.
func (s Spec) vmsPerFleet() int { return s.VMs / s.Fleets }

func (s Spec) vmsPerPool() int64 { return int64(s.vmsPerFleet() * s.Fleets / s.Pools()) }

// traces makes each pool's spot price a mean-reverting walk around 20% of
// pay-as-you-go with spikes of a few hours towards pay-as-you-go (so every
// max price below it is crossed now and then), and its capacity a level
// above the pool's VMs with reclaim events that drop it for a few hours.
func (s Spec) traces() (prices, capacity *traces.TraceSet) {
	prices = &traces.TraceSet{Name: "prices.csv", Pools: map[traces.Pool]*traces.Trace{}}
	capacity = &traces.TraceSet{Name: "capacity.csv", Pools: map[traces.Pool]*traces.Trace{}}
	horizon := int64(s.Days) * 86400
	for i := range s.Pools() {
		p, _, payg := s.pool(i)
		r := rand.New(seed.Numbered(s.Seed, uint64(i)))
		base := float64(payg) * 0.2
		level, spikeLeft := base, int64(0)
		tr := &traces.Trace{}
		for t := int64(0); t < horizon; t += s.PriceStep {
			level += 0.1*(base-level) + r.NormFloat64()*base*0.03
			v := level
			if spikeLeft > 0 {
				spikeLeft -= s.PriceStep
				v = float64(payg) * 0.85
			} else if r.Float64() < float64(s.PriceStep)/(10*86400) { // about one spike every 10 days
				spikeLeft = (1 + r.Int64N(4)) * 3600
			}
			// Prices have 5 decimals, as Azure's retail prices do.
			p5 := int64(math.Max(v, float64(payg)*0.05)) / 10_000 * 10_000
			tr.Times = append(tr.Times, start+t)
			tr.Values = append(tr.Values, p5)
		}
		prices.Pools[p], prices.Order = tr, append(prices.Order, p)

		normal := s.vmsPerPool() * 3 / 2
		low := s.vmsPerPool() / 2
		if s.DeepDrops {
			low = s.vmsPerPool() / 20
		}
		ct := &traces.Trace{Times: []int64{start}, Values: []int64{normal}}
		for t := s.Capacity; t < horizon; t += s.Capacity {
			v := normal
			if r.Float64() < float64(s.Capacity)/(5*86400) { // a reclaim about every 5 days
				v = low + r.Int64N(max(1, normal-low)/2)
			}
			if v != ct.Values[len(ct.Values)-1] {
				ct.Times = append(ct.Times, start+t)
				ct.Values = append(ct.Values, v)
			}
		}
		capacity.Pools[p], capacity.Order = ct, append(capacity.Order, p)
	}
	return prices, capacity
}

// yaml writes the scenario. The first fleet of every fourth pool has max
// price -1; the others have max prices spread over 25%–85% of pay-as-you-go,
// so the price spikes evict some fleets and not others. Fleets alternate
// between deallocate + restart and delete + replace.
func (s Spec) yaml() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Generated by spotsim/cmd/internal/bench (%s); do not edit.\n", s.Name)
	fmt.Fprintf(&b, "name: %s\nstart: 2026-01-05T00:00:00Z\nhorizon: %dd\nseed: %d\n", s.Name, s.Days, s.Seed)
	victims := s.Victims
	if victims == "" {
		victims = "random"
	}
	fmt.Fprintf(&b, "notice: 30s\nvictims: %s\npools:\n", victims)
	for i := range s.Pools() {
		p, vcpus, payg := s.pool(i)
		fmt.Fprintf(&b, "  - {region: %s, sku: %s, vcpus: %d, payg_price: %s, spot_price: {csv: prices.csv}, capacity: {csv: capacity.csv}}\n",
			p.Region, p.SKU, vcpus, payg)
	}
	b.WriteString("fleets:\n")
	for f := range s.Fleets {
		pi, k := f%s.Pools(), f/s.Pools()
		p, _, payg := s.pool(pi)
		maxPrice := "-1"
		if k > 0 || pi%4 != 0 {
			share := 0.25 + 0.15*float64((7*k+pi)%5)
			maxPrice = pricing.Price(int64(float64(payg)*share) / 10_000 * 10_000).String()
		}
		policy, after := "deallocate", "restart"
		if (pi+k)%2 == 1 {
			policy, after = "delete", "replace"
		}
		sizes := "sku: " + p.SKU
		if s.Mix != "" {
			// The region's sizes, starting at the fleet's own; ranks in
			// that order for prioritized.
			var list []string
			for j := range s.Sizes {
				q, _, _ := s.pool(pi - pi%s.Sizes + (pi+j)%s.Sizes)
				if s.Mix == "prioritized" {
					list = append(list, fmt.Sprintf("{sku: %s, rank: %d}", q.SKU, j))
				} else {
					list = append(list, q.SKU)
				}
			}
			sizes = fmt.Sprintf("sizes: [%s], allocation: %s", strings.Join(list, ", "), s.Mix)
		}
		fmt.Fprintf(&b, "  - {name: f%d, region: %s, %s, count: %d, max_price: %s, eviction_policy: %s, disk_price: 0.0072, after_eviction: {%s: %s}}\n",
			f, p.Region, sizes, s.vmsPerFleet(), maxPrice, policy, after, s.Automation)
	}
	return b.String()
}

// WriteB3Sweep writes the B3 sweep over the B3 base scenario already in dir:
// five max prices for one fleet × 200 replications = 1,000 runs (scale
// shrinks the replications). It returns the sweep file's path and its runs.
func WriteB3Sweep(dir string, scale float64) (string, int, error) {
	reps := scaled(200, scale)
	s := B3Base(scale)
	_, _, payg := s.pool(1)
	var prices []string
	for _, share := range []float64{0.25, 0.4, 0.55, 0.7} {
		prices = append(prices, pricing.Price(int64(float64(payg)*share)/10_000*10_000).String())
	}
	prices = append(prices, "-1")
	text := fmt.Sprintf("# Generated by spotsim/cmd/internal/bench (B3); do not edit.\nbase: scenario.yaml\nreplications: %d\ngrid:\n  fleets[name=f1].max_price: [%s]\n",
		reps, strings.Join(prices, ", "))
	path := filepath.Join(dir, "sweep.yaml")
	return path, reps * len(prices), os.WriteFile(path, []byte(text), 0o644)
}
