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

// batchConfig: one spot VM, max price 0.04, 10 h of work, 5 min restart
// overhead, a checkpoint every hour of progress; the price passes the max
// from 3 h to 3 h 30 m (notice at 3 h, eviction 30 s later, timings 0), and
// automation restarts the VM an hour after it is deallocated.
func batchConfig(checkpointTime int64) *Config {
	return &Config{Name: "batch", Horizon: 24 * 3600, Seed: 1, Notice: NoticeLead{30, 30}, Billing: AzureBilling,
		Pools: []Pool{{Region: "r", SKU: "s", VCPUs: 2, PAYG: usd("0.096"),
			Spot:     &pricing.Series{Times: []int64{0, 10800, 12600}, Values: []int64{int64(usd("0.02")), int64(usd("0.05")), int64(usd("0.02"))}},
			Capacity: pricing.Constant(pricing.Unlimited)}},
		Fleets: []Fleet{{Name: "job", Pool: 0, Count: 1, MaxPrice: usd("0.04"), Policy: Deallocate, After: RestartAutomation, Interval: 3600,
			Workload: Workload{Kind: Batch, Work: 36000, CheckpointEvery: 3600, CheckpointTime: checkpointTime, RestartOverhead: 300}}}}
}

// Worked by hand. Before the eviction the VM progressed 10830 − 300 = 10530 s.
// Deallocated at 10830, restarted at 14430, productive from 14730.
//
//	checkpoint (20 s) fits the 30 s notice: nothing lost; 36000 − 10530 =
//	25470 s left → done at 14730 + 25470 = 40200.
//	checkpoint (60 s) does not fit: back to the 2 h checkpoint, 7200 saved,
//	3330 lost; 28800 left → done at 14730 + 28800 = 43530.
func TestBatchCheckpoints(t *testing.T) {
	for _, c := range []struct {
		checkpointTime, lost, completed int64
	}{{20, 0, 40200}, {60, 3330, 43530}} {
		res, err := Run(batchConfig(c.checkpointTime))
		if err != nil {
			t.Fatal(err)
		}
		f := res.Fleets[0]
		if f.WorkLost != c.lost || f.CompletedAt != c.completed || f.WorkDone != 36000 {
			t.Errorf("checkpoint %d s: lost %d, completed at %d, done %d; want %d, %d, 36000",
				c.checkpointTime, f.WorkLost, f.CompletedAt, f.WorkDone, c.lost, c.completed)
		}
		// Done: the VM is deleted then and stops costing.
		if v := res.VMs[0]; v.FinalState != Deleted || v.StateSeconds[Deleted] != 24*3600-c.completed {
			t.Errorf("checkpoint %d s: final %v, %d s deleted", c.checkpointTime, v.FinalState, v.StateSeconds[Deleted])
		}
	}
}

// With no evictions, N VMs finish W seconds of work at overhead + ⌈W/N⌉, and
// pay for every running second — the work plus each VM's overhead — at the
// spot rate, plus disks for the same time.
func TestBatchNoEvictionsProperty(t *testing.T) {
	for _, c := range []struct{ n, work, overhead int64 }{{1, 3600, 0}, {4, 36000, 300}, {3, 10000, 60}, {7, 1, 0}} {
		cfg := &Config{Name: "p", Horizon: 86400, Seed: 1, Notice: NoticeLead{30, 30}, Billing: AzureBilling,
			Pools: []Pool{{Region: "r", SKU: "s", VCPUs: 2, PAYG: usd("0.096"),
				Spot: &pricing.Series{Times: []int64{0}, Values: []int64{int64(usd("0.02"))}}, Capacity: pricing.Constant(pricing.Unlimited)}},
			Fleets: []Fleet{{Name: "job", Pool: 0, Count: int(c.n), MaxPrice: pricing.Uncapped, DiskPrice: usd("0.01"),
				Workload: Workload{Kind: Batch, Work: c.work, RestartOverhead: c.overhead}}}}
		res, err := Run(cfg)
		if err != nil {
			t.Fatal(err)
		}
		done := c.overhead + (c.work+c.n-1)/c.n
		if f := res.Fleets[0]; f.CompletedAt != done || f.WorkDone != c.work || f.WorkLost != 0 {
			t.Fatalf("%+v: completed %d (want %d), done %d lost %d", c, f.CompletedAt, done, f.WorkDone, f.WorkLost)
		}
		var compute, disk pricing.Accrued
		for _, v := range res.VMs {
			compute += v.Compute
			disk += v.Disk
		}
		running := c.n * done
		if compute != pricing.Accrue(usd("0.02"), running) || disk != pricing.Accrue(usd("0.01"), running) {
			t.Fatalf("%+v: compute %d disk %d, want %d %d", c, compute, disk, pricing.Accrue(usd("0.02"), running), pricing.Accrue(usd("0.01"), running))
		}
	}
}
