package summary_test

import (
	"reflect"
	"testing"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
	"github.com/spotsim/spotsim/sim/summary"
)

// Tables gives what Summary and Fleets give, from one pass: a run with a
// service workload, a batch one, price evictions and replacements.
func TestTablesIsSummaryAndFleets(t *testing.T) {
	spot := pricing.Series{Times: []int64{0, 3600, 7200, 5 * 3600}, Values: []int64{int64(price("0.02")), int64(price("0.05")), int64(price("0.02")), int64(price("0.06"))}}
	res, err := sim.Run(&sim.Config{
		Name: "tables", Horizon: 24 * 3600, Seed: 3,
		Notice:  sim.NoticeLead{Min: 30, Max: 30},
		Billing: sim.AzureBilling,
		Pools: []sim.Pool{{Region: "eastus", SKU: "Standard_D2s_v5", VCPUs: 2, PAYG: price("0.096"),
			Spot: &spot, Capacity: pricing.Constant(pricing.Unlimited)}},
		Fleets: []sim.Fleet{
			{Name: "svc", Count: 3, MaxPrice: price("0.04"), DiskPrice: price("0.01"), Policy: sim.Delete,
				After: sim.ReplaceAutomation, Interval: 600, Workload: sim.Workload{Kind: sim.Service}},
			{Name: "job", Count: 2, MaxPrice: price("0.055"), DiskPrice: price("0.01"),
				After: sim.RestartAutomation, Interval: 900, Workload: sim.Workload{Kind: sim.Batch, Work: 20 * 3600}},
			{Name: "base", Count: 1, Priority: sim.Regular, MaxPrice: pricing.Uncapped}},
	})
	if err != nil {
		t.Fatal(err)
	}
	wantRun, err := summary.Summary(res)
	if err != nil {
		t.Fatal(err)
	}
	wantFleets, err := summary.Fleets(res)
	if err != nil {
		t.Fatal(err)
	}
	run, fleets, err := summary.Tables(res)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(run, wantRun) || !reflect.DeepEqual(fleets, wantFleets) {
		t.Fatalf("Tables = %+v, %+v; want %+v, %+v", run, fleets, wantRun, wantFleets)
	}
	if run.VMs < 6 || run.PriceEvictions == 0 || run.Workloads != 2 {
		t.Fatalf("the run is not the one meant: %d VMs, %d price evictions, %d workloads", run.VMs, run.PriceEvictions, run.Workloads)
	}
}
