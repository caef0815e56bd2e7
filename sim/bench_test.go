package sim

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"spotsim/pricing"
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
func BenchmarkFleet90Days(b *testing.B) {
	for _, record := range []bool{false, true} {
		cfg := largeConfig(90, record)
		b.Run(fmt.Sprintf("record=%v", record), func(b *testing.B) {
			for b.Loop() {
				res, err := Run(cfg)
				if err != nil {
					b.Fatal(err)
				}
				if len(res.VMs) < 10_000 {
					b.Fatalf("only %d VMs", len(res.VMs))
				}
				b.ReportMetric(float64(res.Processed), "events/op")
			}
		})
	}
}

// BenchmarkQueue: go test -bench=Queue -run='^$' ./sim
func BenchmarkQueue(b *testing.B) {
	var q queue
	r := rand.New(rand.NewPCG(3, 4))
	for range 100_000 {
		q.push(event{t: r.Int64N(1 << 30)})
	}
	for b.Loop() {
		e := q.pop()
		e.t += r.Int64N(1 << 20)
		q.push(e)
	}
}
