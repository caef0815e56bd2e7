package sim_test

import (
	"fmt"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
)

// One spot VM at max price 0.04 USD/h in a pool whose spot price rises
// from 0.02 to 0.05 at 10:00: a Preempt notice at 10:00, the eviction 30 s
// later, and 10 hours billed at 0.02 plus the notice at the max price (R5).
func ExampleRun() {
	price := func(s string) pricing.Price {
		p, err := pricing.ParsePrice(s)
		if err != nil {
			panic(err)
		}
		return p
	}
	spot := pricing.Series{Times: []int64{0, 10 * 3600}, Values: []int64{int64(price("0.02")), int64(price("0.05"))}}
	res, err := sim.Run(&sim.Config{
		Name: "one", Horizon: 24 * 3600, Seed: 1,
		Notice:  sim.NoticeLead{Min: 30, Max: 30},
		Billing: sim.AzureBilling,
		Pools: []sim.Pool{{Region: "eastus", SKU: "Standard_D2s_v5", VCPUs: 2, PAYG: price("0.096"),
			Spot: &spot, Capacity: pricing.Constant(pricing.Unlimited)}},
		Fleets: []sim.Fleet{{Name: "w", Count: 1, MaxPrice: price("0.04")}},
	})
	if err != nil {
		panic(err)
	}
	v := res.VMs.At(0)
	fmt.Println(res.VMName(0), v.FinalState, "evictions:", v.Evictions[sim.PriceEviction])
	fmt.Println("running seconds:", v.StateSeconds[sim.Running], "compute USD:", v.Compute.Micros())
	// Output:
	// w-0 deallocated evictions: 1
	// running seconds: 36030 compute USD: 0.200333
}
