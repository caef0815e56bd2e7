package sim

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/spotsim/spotsim/pricing"
)

// largeConfig is 10,000 spot VMs in 40 fleets over 20 pools with 5-minute
// prices for the given days: the shape of issue 2's first large timing.
func largeConfig(days int, record bool) *Config {
	r := rand.New(rand.NewPCG(1, 2))
	horizon := int64(days) * 24 * hour
	cfg := &Config{Name: "large", Horizon: horizon, Seed: 1, Notice: NoticeLead{30, 30}, Billing: AzureBilling,
		Timings: Timings{60, 30, 15, 30, 30}, Record: Record{Events: record, Notices: record}}
	for p := range 20 {
		payg := int64(96_000_000 * (1 + p%5))
		spot := &pricing.Series{}
		level := payg / 5
		for t := int64(0); t < horizon; t += 300 {
			level += int64(r.NormFloat64() * float64(payg) / 200)
			level = max(payg/10, min(level, payg))
			spot.Times = append(spot.Times, t)
			spot.Values = append(spot.Values, level)
		}
		capSeries := pricing.Series{Times: []int64{0}, Values: []int64{pricing.Unlimited}}
		for t := int64(24 * hour); t < horizon; t += 24 * hour {
			capSeries.Times = append(capSeries.Times, t, t+hour)
			capSeries.Values = append(capSeries.Values, 200, pricing.Unlimited)
		}
		cfg.Pools = append(cfg.Pools, Pool{Region: fmt.Sprintf("region%d", p/5), SKU: fmt.Sprintf("sku%d", p%5), VCPUs: 2,
			PAYG: pricing.Price(payg), Spot: spot, Capacity: capSeries})
	}
	for f := range 40 {
		pool := f % 20
		payg := cfg.Pools[pool].PAYG
		fl := Fleet{Name: fmt.Sprintf("f%d", f), Pool: pool, Count: 250, MaxPrice: payg / 10 * pricing.Price(2+f%4) / 10000 * 10000,
			DiskPrice: usd("0.01"), Interval: hour}
		if f%2 == 0 {
			fl.Policy, fl.After = Deallocate, RestartAutomation
		} else {
			fl.Policy, fl.After = Delete, ReplaceAutomation
		}
		cfg.Fleets = append(cfg.Fleets, fl)
	}
	return cfg
}

// BenchmarkFleet90Days: go test -bench=Fleet90Days -run='^$' ./sim
// It reports events/s: the core loop target is >= 5 M events/s.
func BenchmarkFleet90Days(b *testing.B) {
	for _, record := range []bool{false, true} {
		cfg := largeConfig(90, record)
		b.Run(fmt.Sprintf("record=%v", record), func(b *testing.B) {
			var events int64
			for b.Loop() {
				res, err := Run(cfg)
				if err != nil {
					b.Fatal(err)
				}
				if res.VMs.Len() < 10_000 {
					b.Fatalf("only %d VMs", res.VMs.Len())
				}
				b.ReportMetric(float64(res.Processed), "events/op")
				events += res.Processed
			}
			b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// BenchmarkQueue: go test -bench=Queue -run='^$' ./sim
func BenchmarkQueue(b *testing.B) {
	q := newQueue(MaxHorizon)
	r := rand.New(rand.NewPCG(3, 4))
	for range 100_000 {
		q.at(r.Int64N(1<<30), evHazard, 0, 0)
	}
	for b.Loop() {
		e := q.pop()
		q.at(q.time(&e)+r.Int64N(1<<20), evHazard, 0, 0)
	}
}

// priceOnlyConfig is one pool with vms spot VMs whose max prices never
// evict (-1) and a price series of the given number of points: what a price
// change costs when it evicts nobody.
func priceOnlyConfig(vms, points int, step int64) *Config {
	r := rand.New(rand.NewPCG(5, 6))
	spot := &pricing.Series{}
	for i := range points {
		spot.Times = append(spot.Times, int64(i)*step)
		spot.Values = append(spot.Values, 10_000_000+r.Int64N(10_000_000))
	}
	return &Config{Name: "prices", Horizon: int64(points) * step, Seed: 1, Notice: NoticeLead{30, 30}, Billing: AzureBilling,
		Pools:  []Pool{{Region: "r", SKU: "s", VCPUs: 2, PAYG: usd("0.096"), Spot: spot, Capacity: pricing.Constant(pricing.Unlimited)}},
		Fleets: []Fleet{{Name: "f", Pool: 0, Count: vms, MaxPrice: pricing.Uncapped, DiskPrice: usd("0.01")}}}
}

// BenchmarkPriceChange: the cost of a price change over a large pool must
// not grow with the VMs it does not evict. Since prices are read when asked
// for (pricewake.go), a point that evicts nobody is no event at all: what
// is left per point is building the pool's curve and wake index. Compare
// ns/point across vms:
//
//	go test -bench=PriceChange -run='^$' ./sim
func BenchmarkPriceChange(b *testing.B) {
	for _, vms := range []int{1_000, 100_000} {
		for _, points := range []int{100_000, 200_000} {
			cfg := priceOnlyConfig(vms, points, 300)
			b.Run(fmt.Sprintf("vms=%d/points=%d", vms, points), func(b *testing.B) {
				for b.Loop() {
					if _, err := Run(cfg); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(points), "ns/point")
			})
		}
	}
}

// BenchmarkIntegrate: the cost integration a VM does when it leaves a billed
// state, over a year of 5-minute prices, with and without a max-price cap.
//
//	go test -bench=Integrate -run='^$' ./sim
func BenchmarkIntegrate(b *testing.B) {
	cfg := priceOnlyConfig(1, 105_120, 300)
	c := pricing.NewCurve(*cfg.Pools[0].Spot, cfg.Pools[0].PAYG)
	r := rand.New(rand.NewPCG(7, 8))
	b.Run("uncapped", func(b *testing.B) {
		for b.Loop() {
			t0 := r.Int64N(cfg.Horizon)
			_ = c.Integrate(t0, t0+r.Int64N(cfg.Horizon-t0))
		}
	})
	b.Run("capped/notice", func(b *testing.B) {
		for b.Loop() {
			t0 := r.Int64N(cfg.Horizon - 30)
			_ = c.IntegrateCapped(t0, t0+30, 15_000_000)
		}
	})
}

// BenchmarkVMsInOrder: reading a run's VMs in creation order, as vms.csv
// does, when most were deleted in an order of their own (B2's shape: 3.4
// million VMs, two thirds deleted). At reads one record at a time; All
// prefetches the record of the VM a few places on. Each VM gets a little
// formatting, as a writer gives it.
//
//	go test -bench=VMsInOrder -run='^$' ./sim
func BenchmarkVMsInOrder(b *testing.B) {
	const n = 3_400_000
	r := rand.New(rand.NewPCG(5, 5))
	var slots blockList[vm]
	var done blockList[vmRecord]
	var slotOf blockList[int32]
	order := r.Perm(n)
	deleted := make([]bool, n)
	for i := range n {
		deleted[i] = i%3 != 0
	}
	donePos := make([]int32, n)
	for _, i := range order { // deleted in a shuffled order
		if deleted[i] {
			donePos[i] = done.add(vmRecord{number: int32(i)})
		}
	}
	for i := range n {
		if deleted[i] {
			slotOf.add(^donePos[i])
		} else {
			slotOf.add(slots.add(vm{id: int32(i), rec: vmRecord{number: int32(i)}}))
		}
	}
	vms := VMs{slots: slots.blocks, done: done.blocks, slotOf: slotOf.blocks, n: n, nSlots: slots.len(), nDone: done.len(),
		cfg: &Config{Fleets: []Fleet{{}}, Pools: []Pool{{}}}}
	var buf []byte
	format := func(v VMResult) {
		buf = strconv.AppendInt(buf[:0], int64(v.Number), 10)
		buf = strconv.AppendInt(buf, v.StateSeconds[Running], 10)
		buf = strconv.AppendInt(buf, v.BilledSeconds, 10)
	}
	b.Run("At", func(b *testing.B) {
		for b.Loop() {
			for i := range vms.Len() {
				format(vms.At(i))
			}
		}
	})
	b.Run("All", func(b *testing.B) {
		for b.Loop() {
			for _, v := range vms.All() {
				format(v)
			}
		}
	})
}
