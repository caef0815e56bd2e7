package sim

import (
	"testing"

	"spotsim/pricing"
)

// Service measures, by hand: 2 VMs wanted for 6 h. Capacity drops to 1 at
// 1 h for 2 h: one VM is noticed at 3600 and deleted at 3630; replacements
// every 10 min fail (SkuNotAvailable) until the one at 10830, after
// capacity came back at 10800.
//
//	served = 2·3630 + 1·(10830−3630) + 2·(21600−10830) = 36000 VM-s
//	wanted = 2·21600 = 43200 VM-s → availability 83.33%; below target 7200 s
func TestServiceMeasures(t *testing.T) {
	cfg := &Config{Name: "svc", Horizon: 6 * 3600, Seed: 1, Notice: NoticeLead{30, 30}, Billing: AzureBilling,
		Pools: []Pool{{Region: "r", SKU: "s", VCPUs: 2, PAYG: usd("0.096"),
			Spot:     &pricing.Series{Times: []int64{0}, Values: []int64{int64(usd("0.02"))}},
			Capacity: pricing.Series{Times: []int64{0, 3600, 10800}, Values: []int64{pricing.Unlimited, 1, pricing.Unlimited}}}},
		Fleets: []Fleet{{Name: "web", Pool: 0, Count: 2, MaxPrice: pricing.Uncapped, Policy: Delete, After: ReplaceAutomation, Interval: 600,
			Workload: Workload{Kind: Service}}}}
	res, err := Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f := res.Fleets[0]
	if f.ServedVMSeconds != 36000 || f.WantedVMSeconds != 43200 || f.BelowSeconds != 7200 {
		t.Fatalf("served %d wanted %d below %d; want 36000, 43200, 7200", f.ServedVMSeconds, f.WantedVMSeconds, f.BelowSeconds)
	}
}
