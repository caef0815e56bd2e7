package meter_test

import (
	"fmt"
	"time"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
	"github.com/spotsim/spotsim/sim/meter"
)

func price(s string) pricing.Price {
	p, err := pricing.ParsePrice(s)
	if err != nil {
		panic(err)
	}
	return p
}

// One spot VM from 00:30 for two hours at a spot price of 0.02 until 01:15,
// then 0.03, with disks at 0.01 an hour, metered per hour without a file.
func Example() {
	cfg := &sim.Config{Name: "hw", Start: time.Date(2026, 1, 5, 0, 30, 0, 0, time.UTC), Horizon: 7200, Seed: 1,
		Notice: sim.NoticeLead{Min: 30, Max: 30}, Billing: sim.AzureBilling,
		Record: sim.Record{Events: true, Usage: true},
		Pools: []sim.Pool{{Region: "eastus", SKU: "Standard_D2s_v5", VCPUs: 2, PAYG: price("0.096"),
			Spot:     &pricing.Series{Times: []int64{0, 2700}, Values: []int64{int64(price("0.02")), int64(price("0.03"))}},
			Capacity: pricing.Constant(pricing.Unlimited)}},
		Fleets: []sim.Fleet{{Name: "w", Pool: 0, Count: 1, MaxPrice: pricing.Uncapped, DiskPrice: price("0.01")}}}
	res, err := sim.Run(cfg)
	if err != nil {
		panic(err)
	}
	for _, r := range meter.New(res).Rows(meter.Options{Period: 3600}) {
		kind := map[meter.Kind]string{meter.Compute: "spot", meter.Disk: "disks"}[r.Meter]
		fmt.Printf("%s %-5s %4ds %s (pay-as-you-go %s)\n",
			time.Unix(r.Start, 0).UTC().Format("15:04"), kind, r.Seconds, r.CostMicros, r.PAYGMicros)
	}
	// Output:
	// 00:00 spot  1800s 0.010000 (pay-as-you-go 0.048000)
	// 01:00 spot  3600s 0.027500 (pay-as-you-go 0.096000)
	// 02:00 spot  1800s 0.015000 (pay-as-you-go 0.048000)
	// 00:00 disks 1800s 0.005000 (pay-as-you-go 0.005000)
	// 01:00 disks 3600s 0.010000 (pay-as-you-go 0.010000)
	// 02:00 disks 1800s 0.005000 (pay-as-you-go 0.005000)
}
