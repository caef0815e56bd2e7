package meter_test

import (
	"testing"
	"time"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
	"github.com/spotsim/spotsim/sim/meter"
)

// Every granularity meters the same money: per fleet or per VM, hourly or
// daily, the rows' exact costs add up to the engine's per-VM amounts, and a
// Meter gives the same rows each time it is asked (its curves are shared,
// not consumed).
func TestRowsAddUpToTheEngine(t *testing.T) {
	cfg := &sim.Config{Name: "m", Start: time.Date(2026, 1, 30, 21, 17, 5, 0, time.UTC), Horizon: 3 * 86400, Seed: 5,
		Notice: sim.NoticeLead{Min: 30, Max: 30}, Billing: sim.AzureBilling,
		Record: sim.Record{Events: true, Usage: true},
		Pools: []sim.Pool{{Region: "eastus", SKU: "Standard_D2s_v5", VCPUs: 2, PAYG: price("0.096"),
			Spot: &pricing.Series{Times: []int64{0, 5000, 40000, 90000, 150000},
				Values: []int64{int64(price("0.02")), int64(price("0.05")), int64(price("0.021")), int64(price("0.06")), int64(price("0.03"))}},
			Capacity: pricing.Constant(pricing.Unlimited)}},
		Fleets: []sim.Fleet{
			{Name: "capped", Pool: 0, Count: 3, MaxPrice: price("0.04"), Policy: sim.Deallocate, DiskPrice: price("0.01"),
				After: sim.RestartAutomation, Interval: 1800},
			{Name: "any", Pool: 0, Count: 2, MaxPrice: pricing.Uncapped, DiskPrice: price("0.02"), CreateAt: 7000},
			{Name: "base", Pool: 0, Count: 1, Priority: sim.Regular, MaxPrice: pricing.Uncapped}}}
	res, err := sim.Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var compute, disk pricing.Total
	evictions := 0
	for i := range res.VMs.Len() {
		compute.Add(res.VMs.At(i).Compute)
		disk.Add(res.VMs.At(i).Disk)
		evictions += int(res.VMs.At(i).Evictions[sim.PriceEviction] + res.VMs.At(i).Evictions[sim.CapacityEviction])
	}
	if evictions == 0 {
		t.Fatal("the scenario evicts no VM: it no longer tests eviction counts")
	}
	m := meter.New(res)
	for _, o := range []meter.Options{{Period: 3600}, {Period: 86400}, {Period: 3600, ByResource: true}, {Period: 86400, ByResource: true}} {
		for range 2 {
			var c, d pricing.Total
			var cMicros, dMicros pricing.Micros
			n := 0
			for _, r := range m.Rows(o) {
				if r.Meter == meter.Disk {
					d.Add(r.Cost)
					dMicros = dMicros.Add(r.CostMicros)
				} else {
					c.Add(r.Cost)
					cMicros = cMicros.Add(r.CostMicros)
					n += r.Evictions
				}
			}
			if c.Accrued() != compute.Accrued() || d.Accrued() != disk.Accrued() {
				t.Errorf("%+v: rows cost compute %s disks %s; the engine %s and %s", o, c.Micros(), d.Micros(), compute.Micros(), disk.Micros())
			}
			if cMicros != compute.Micros() || dMicros != disk.Micros() {
				t.Errorf("%+v: rounded rows add to %s and %s; want %s and %s", o, cMicros, dMicros, compute.Micros(), disk.Micros())
			}
			if n != evictions {
				t.Errorf("%+v: rows count %d evictions, the engine %d", o, n, evictions)
			}
		}
	}
}
