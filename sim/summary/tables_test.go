package summary_test

import (
	"reflect"
	"testing"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
	"github.com/spotsim/spotsim/sim/summary"
)

// Tables, and Summary and Fleets through it, give what the measures mean
// VM by VM, from one pass in storage order: a run with a service workload,
// a batch one, price evictions and replacements.
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
	// What they mean, VM by VM in creation order: each VM added to the run
	// and to its fleet, each fleet's failures, and each workload with its
	// fleet's exact cost.
	wantRun, wantFleets := new(summary.Measures), make([]summary.Measures, len(res.Config.Fleets))
	actual := make([]pricing.Accrued, len(res.Config.Fleets))
	for _, v := range res.VMs.All() {
		wantRun.AddVM(&v, v.Priority)
		wantFleets[v.Fleet].AddVM(&v, v.Priority)
		actual[v.Fleet] = actual[v.Fleet].Add(v.Compute).Add(v.Disk)
	}
	for i, f := range res.Fleets {
		wantRun.AddFleet(f)
		wantFleets[i].AddFleet(f)
	}
	for i := range wantFleets {
		wantRun.AddWorkload(res, i, actual[i])
		wantFleets[i].AddWorkload(res, i, actual[i])
	}
	run, fleets, err := summary.Tables(res)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(run, wantRun) || !reflect.DeepEqual(fleets, wantFleets) {
		t.Fatalf("Tables = %+v, %+v; want %+v, %+v", run, fleets, wantRun, wantFleets)
	}
	if s, err := summary.Summary(res); err != nil || !reflect.DeepEqual(s, wantRun) {
		t.Fatalf("Summary = %+v, %v; want %+v", s, err, wantRun)
	}
	if f, err := summary.Fleets(res); err != nil || !reflect.DeepEqual(f, wantFleets) {
		t.Fatalf("Fleets = %+v, %v; want %+v", f, err, wantFleets)
	}
	if run.VMs < 6 || run.PriceEvictions == 0 || run.Workloads != 2 {
		t.Fatalf("the run is not the one meant: %d VMs, %d price evictions, %d workloads", run.VMs, run.PriceEvictions, run.Workloads)
	}
}
