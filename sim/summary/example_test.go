package summary_test

import (
	"fmt"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
	"github.com/spotsim/spotsim/sim/summary"
)

func price(s string) pricing.Price {
	p, err := pricing.ParsePrice(s)
	if err != nil {
		panic(err)
	}
	return p
}

// An embedder's run summarised without a file: two spot VMs at max price
// 0.04 USD/h, evicted when the price rises to 0.05 at 10:00, beside one
// regular VM; the run's and each fleet's measures, money exact until
// rounded once. By hand: each spot VM bills 10 h 30 s (0.2 at 0.02, the
// notice's 30 s at its max price 0.04: 0.000333), the regular one 24 h at
// 0.096 = 2.304; disks 24 h × 0.01 × 2 = 0.48 (deallocated disks are
// billed); pay-as-you-go compute 2 × 36030 s + 24 h at 0.096 = 4.2256,
// less 2.704667 = 1.520933 saved.
func Example() {
	spot := pricing.Series{Times: []int64{0, 10 * 3600}, Values: []int64{int64(price("0.02")), int64(price("0.05"))}}
	res, err := sim.Run(&sim.Config{
		Name: "two", Horizon: 24 * 3600, Seed: 1,
		Notice:  sim.NoticeLead{Min: 30, Max: 30},
		Billing: sim.AzureBilling,
		Pools: []sim.Pool{{Region: "eastus", SKU: "Standard_D2s_v5", VCPUs: 2, PAYG: price("0.096"),
			Spot: &spot, Capacity: pricing.Constant(pricing.Unlimited)}},
		Fleets: []sim.Fleet{
			{Name: "spot", Count: 2, MaxPrice: price("0.04"), DiskPrice: price("0.01")},
			{Name: "base", Count: 1, Priority: sim.Regular, MaxPrice: pricing.Uncapped}},
	})
	if err != nil {
		panic(err)
	}
	run, err := summary.Summary(res)
	if err != nil {
		panic(err)
	}
	c := run.Money()
	fmt.Println("vms:", run.VMs, "evictions:", run.PriceEvictions+run.CapacityEvictions)
	fmt.Println("compute:", c.Compute, "disks:", c.Disk, "total:", c.Total(), "savings:", c.Savings())
	fleets, err := summary.Fleets(res)
	if err != nil {
		panic(err)
	}
	for i, f := range fleets {
		fmt.Printf("%s: %d VMs, %.1f running hours, compute %s\n", res.Config.Fleets[i].Name, f.VMs, float64(f.Running)/3600, f.Money().Compute)
	}
	// Output:
	// vms: 3 evictions: 2
	// compute: 2.704667 disks: 0.480000 total: 3.184667 savings: 1.520933
	// spot: 2 VMs, 20.0 running hours, compute 0.400667
	// base: 1 VMs, 24.0 running hours, compute 2.304000
}
