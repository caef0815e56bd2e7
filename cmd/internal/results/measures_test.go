package results

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
)

// measureRun runs fleets in one eastus D2s_v5 pool (0.096 pay-as-you-go,
// spot 0.02, unlimited capacity, timings 0) for a day, and returns the
// summary.csv row and the fleets.csv rows by fleet name, column by column.
func measureRun(t *testing.T, quota int64, actions []sim.Action, fleets ...sim.Fleet) (map[string]string, map[string]map[string]string) {
	t.Helper()
	cfg := &sim.Config{Name: "m", Start: start, Horizon: 86400, Seed: 1, Notice: sim.NoticeLead{Min: 30, Max: 30}, Billing: sim.AzureBilling,
		Pools: []sim.Pool{{Region: "eastus", SKU: "Standard_D2s_v5", VCPUs: 2, PAYG: price(t, "0.096"),
			Spot: &pricing.Series{Times: []int64{0}, Values: []int64{int64(price(t, "0.02"))}}, Capacity: pricing.Constant(pricing.Unlimited)}},
		Quotas: []sim.Quota{{Region: "eastus", SpotVCPUs: quota, RegularVCPUs: -1}},
		Fleets: fleets, Actions: actions}
	res, err := sim.Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	read := func(write func(*bytes.Buffer) error) [][]string {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&b).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	byName := func(header, row []string) map[string]string {
		m := map[string]string{}
		for i, h := range header {
			m[h] = row[i]
		}
		return m
	}
	s := read(func(b *bytes.Buffer) error { return WriteSummary(b, res) })
	f := read(func(b *bytes.Buffer) error { return WriteFleets(b, res) })
	per := map[string]map[string]string{}
	for _, row := range f[1:] {
		m := byName(f[0], row)
		per[m["fleet"]] = m
	}
	return byName(s[0], s[1]), per
}

func expect(t *testing.T, what string, got map[string]string, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s = %q, want %q", what, k, got[k], v)
		}
	}
}

// A service's baseline is the VMs it wanted over time at pay-as-you-go: 2
// VMs for 12 h, then 4 (a scale at 12 h) for 12 h, is 72 VM-hours ×
// (0.096 + 0.01) = 7.632. It used to be the count from the file over the
// whole day, 2 × 24 h = 5.088, while availability followed the scale.
func TestServiceBaselineFollowsScale(t *testing.T) {
	sum, _ := measureRun(t, -1, []sim.Action{{At: 12 * 3600, Fleet: 0, VM: -1, Op: sim.OpScale, Count: 4}},
		sim.Fleet{Name: "web", Count: 2, MaxPrice: pricing.Uncapped, DiskPrice: price(t, "0.01"), Workload: sim.Workload{Kind: sim.Service}})
	// Cost: 72 VM-hours × (0.02 + 0.01) = 2.16; net (7.632 − 2.16) / 7.632.
	expect(t, "summary", sum, map[string]string{"baseline_cost_usd": "7.632000", "availability_pct": "100.000000",
		"total_cost_usd": "2.160000", "net_savings_pct": "71.698113"})
}

// Availability and hours below target are service measures: a batch-only
// run leaves them empty (it used to report a batch fleet's running VMs
// against its count: 91.7 % and an hour below target), and a batch
// fleet's row leaves them empty beside a service.
func TestServiceMeasuresOnlyForServices(t *testing.T) {
	batch := sim.Fleet{Name: "job", Count: 2, MaxPrice: pricing.Uncapped, Workload: sim.Workload{Kind: sim.Batch, Work: 4 * 3600, RestartOverhead: 600}}
	sum, per := measureRun(t, -1, nil, batch)
	expect(t, "batch only: summary", sum, map[string]string{"availability_pct": "", "hours_below_target": "", "completed_at": "2026-01-05T02:10:00Z"})
	expect(t, "batch only: fleet", per["job"], map[string]string{"availability_pct": "", "hours_below_target": ""})

	web := sim.Fleet{Name: "web", Count: 1, MaxPrice: pricing.Uncapped, Workload: sim.Workload{Kind: sim.Service}}
	sum, per = measureRun(t, -1, nil, batch, web)
	expect(t, "with a service: summary", sum, map[string]string{"availability_pct": "100.000000", "hours_below_target": "0.000000"})
	expect(t, "with a service: batch fleet", per["job"], map[string]string{"availability_pct": "", "hours_below_target": ""})
	expect(t, "with a service: web fleet", per["web"], map[string]string{"availability_pct": "100.000000", "hours_below_target": "0.000000", "work_done_hours": ""})
}

// Batch measures over several batch fleets: the work done and lost add up;
// completed_at is the last completion (empty while any is unfinished); the
// makespan runs from the first batch fleet's create_at to that last
// completion (or to the horizon). Fleet a: 2 VMs, 4 h of work from 0 →
// done at 2 h. Fleet b: 1 VM, 3 h of work from 1 h → done at 4 h. The run's
// makespan is 4 h, not the longer fleet's 3 h.
func TestBatchMeasuresAggregate(t *testing.T) {
	a := sim.Fleet{Name: "a", Count: 2, MaxPrice: pricing.Uncapped, Workload: sim.Workload{Kind: sim.Batch, Work: 4 * 3600}}
	b := sim.Fleet{Name: "b", Count: 1, MaxPrice: pricing.Uncapped, CreateAt: 3600, Workload: sim.Workload{Kind: sim.Batch, Work: 3 * 3600}}
	sum, per := measureRun(t, -1, nil, a, b)
	expect(t, "summary", sum, map[string]string{"work_done_hours": "7.000000", "completed_at": "2026-01-05T04:00:00Z", "makespan_hours": "4.000000"})
	expect(t, "fleet a", per["a"], map[string]string{"completed_at": "2026-01-05T02:00:00Z", "makespan_hours": "2.000000"})
	expect(t, "fleet b", per["b"], map[string]string{"completed_at": "2026-01-05T04:00:00Z", "makespan_hours": "3.000000"})

	b.Workload.Work = 30 * 3600 // not done within the day
	sum, _ = measureRun(t, -1, nil, a, b)
	expect(t, "unfinished", sum, map[string]string{"completed_at": "", "makespan_hours": "24.000000"})
}

// A batch that did no work — its VMs refused for quota — has no baseline
// to save against: net savings empty, not 100 %. Its baseline is the work
// it did at pay-as-you-go: all of it when done, 4 h × 0.096 = 0.384 here.
func TestBatchWithoutWorkHasNoSavings(t *testing.T) {
	job := sim.Fleet{Name: "job", Count: 1, MaxPrice: pricing.Uncapped, Workload: sim.Workload{Kind: sim.Batch, Work: 4 * 3600}}
	sum, _ := measureRun(t, 0, nil, job)
	expect(t, "no quota", sum, map[string]string{"work_done_hours": "0.000000", "baseline_cost_usd": "0.000000", "net_savings_pct": "", "total_cost_usd": "0.000000"})
	sum, _ = measureRun(t, -1, nil, job)
	expect(t, "done", sum, map[string]string{"work_done_hours": "4.000000", "baseline_cost_usd": "0.384000", "net_savings_pct": "79.166667"})
}
