package sim

import (
	"testing"

	"github.com/spotsim/spotsim/pricing"
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
		if v := res.VMs.At(0); v.FinalState != Deleted || v.StateSeconds[Deleted] != 24*3600-c.completed {
			t.Errorf("checkpoint %d s: final %v, %d s deleted", c.checkpointTime, v.FinalState, v.StateSeconds[Deleted])
		}
	}
}

// A job that does not checkpoint (the defaults: checkpoint_every 0s,
// checkpoint_time 0s) loses everything since the VM started at an eviction;
// it used to lose nothing, as a 0 s checkpoint always "fit" the notice.
// batchConfig evicts at 10830 after 10530 s of progress, all lost; the VM
// is productive again from 14730 and needs the whole 36000 s: done at 50730.
// A job that checkpoints in 0 s saves everything in the notice.
func TestBatchWithoutCheckpoints(t *testing.T) {
	for _, c := range []struct {
		every, lost, completed int64
	}{{0, 10530, 50730}, {3600, 0, 40200}} {
		cfg := batchConfig(0)
		cfg.Fleets[0].Workload.CheckpointEvery = c.every
		res, err := Run(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if f := res.Fleets[0]; f.WorkLost != c.lost || f.CompletedAt != c.completed || f.WorkDone != 36000 {
			t.Errorf("checkpoint every %d s: lost %d, completed at %d, done %d; want %d, %d, 36000",
				c.every, f.WorkLost, f.CompletedAt, f.WorkDone, c.lost, c.completed)
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
		for _, v := range res.VMs.All() {
			compute = compute.Add(v.Compute)
			disk = disk.Add(v.Disk)
		}
		running := c.n * done
		if compute != pricing.Accrue(usd("0.02"), running) || disk != pricing.Accrue(usd("0.01"), running) {
			t.Fatalf("%+v: compute %s disk %s, want %s %s", c, compute, disk, pricing.Accrue(usd("0.02"), running), pricing.Accrue(usd("0.01"), running))
		}
	}
}

// Priority mix: 10 VMs, base 2, 25% of the rest regular, rounded down:
// 2 + ⌊8 × 0.25⌋ = 4 regular, made first (VMs 0–3), 6 spot. Azure's own
// tables are TestAzurePriorityMixScenario1 and 2.
func TestPriorityMix(t *testing.T) {
	cfg := &Config{Name: "mix", Horizon: 3600, Seed: 1, Notice: NoticeLead{30, 30}, Billing: AzureBilling,
		Pools: []Pool{{Region: "r", SKU: "s", VCPUs: 2, PAYG: usd("0.096"),
			Spot: &pricing.Series{Times: []int64{0}, Values: []int64{int64(usd("0.02"))}}, Capacity: pricing.Constant(pricing.Unlimited)}},
		Fleets: []Fleet{{Name: "web", Pool: 0, Count: 10, MaxPrice: pricing.Uncapped, RegularBase: 2, RegularPercentAboveBase: 25}}}
	for _, c := range []struct{ count, base, pct, want int }{{10, 2, 25, 4}, {10, 0, 0, 0}, {10, 0, 50, 5}, {11, 0, 50, 5}, {3, 5, 50, 3}, {10, 2, 100, 10}, {20, 10, 25, 12}, {41, 10, 50, 25}, {10, 2, 99, 9}} {
		f := Fleet{RegularBase: c.base, RegularPercentAboveBase: c.pct}
		if got := f.RegularWanted(c.count); got != c.want {
			t.Errorf("RegularWanted(%d) with base %d, %d%%: %d, want %d", c.count, c.base, c.pct, got, c.want)
		}
	}
	res, err := Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range res.VMs.All() {
		want := Spot
		if i < 4 {
			want = Regular
		}
		rate := usd("0.02")
		if want == Regular {
			rate = usd("0.096")
		}
		if v.Priority != want || v.Compute != pricing.Accrue(rate, 3600) {
			t.Errorf("vm %d: %v, compute %s; want %v at %v", i, v.Priority, v.Compute, want, rate)
		}
	}
}

// Fallback after 2 evictions: a price spike evicts both spot VMs at 1 h;
// the second eviction turns fallback on, so its VM is replaced by a regular
// one at once; the first VM's replacement (due 10 minutes later) is
// regular too.
func TestFallbackAfterEvictions(t *testing.T) {
	cfg := &Config{Name: "fb", Horizon: 3 * 3600, Seed: 1, Notice: NoticeLead{30, 30}, Billing: AzureBilling,
		Pools: []Pool{{Region: "r", SKU: "s", VCPUs: 2, PAYG: usd("0.096"),
			Spot:     &pricing.Series{Times: []int64{0, 3600}, Values: []int64{int64(usd("0.02")), int64(usd("0.05"))}},
			Capacity: pricing.Constant(pricing.Unlimited)}},
		Fleets: []Fleet{{Name: "w", Pool: 0, Count: 2, MaxPrice: usd("0.04"), Policy: Delete, After: ReplaceAutomation, Interval: 600,
			Fallback: Fallback{AfterEvictions: 2}}}}
	res, err := Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.VMs.Len() != 4 {
		t.Fatalf("%d VMs, want 2 spot and 2 regular replacements", res.VMs.Len())
	}
	wantCreated := []int64{0, 0, 3630, 4230}
	for i, v := range res.VMs.All() {
		regular := i >= 2
		if (v.Priority == Regular) != regular || v.CreatedAt != wantCreated[i] {
			t.Errorf("vm %d: %v created at %d; want regular %v at %d", i, v.Priority, v.CreatedAt, regular, wantCreated[i])
		}
	}
}

// The same under deallocate + restart: the first VM, evicted before the
// fleet fell back, is not restarted as spot at 4230 (it used to be, and to
// retry for ever while the price stayed high) but deleted and replaced by a
// regular VM, as under delete + replace.
func TestFallbackAfterEvictionsDeallocate(t *testing.T) {
	cfg := &Config{Name: "fb", Horizon: 3 * 3600, Seed: 1, Notice: NoticeLead{30, 30}, Billing: AzureBilling,
		Pools: []Pool{{Region: "r", SKU: "s", VCPUs: 2, PAYG: usd("0.096"),
			Spot:     &pricing.Series{Times: []int64{0, 3600}, Values: []int64{int64(usd("0.02")), int64(usd("0.05"))}},
			Capacity: pricing.Constant(pricing.Unlimited)}},
		Fleets: []Fleet{{Name: "w", Pool: 0, Count: 2, MaxPrice: usd("0.04"), Policy: Deallocate, After: RestartAutomation, Interval: 600,
			Fallback: Fallback{AfterEvictions: 2}}}}
	res, err := Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.VMs.Len() != 4 {
		t.Fatalf("%d VMs, want 2 spot and 2 regular replacements", res.VMs.Len())
	}
	wantCreated := []int64{0, 0, 3630, 4230}
	for i, v := range res.VMs.All() {
		regular := i >= 2
		if (v.Priority == Regular) != regular || v.CreatedAt != wantCreated[i] || !regular && v.FinalState != Deleted {
			t.Errorf("vm %d: %v created at %d, %v; want regular %v at %d", i, v.Priority, v.CreatedAt, v.FinalState, regular, wantCreated[i])
		}
	}
	if f := res.Fleets[0]; f.FailedStarts != 0 {
		t.Errorf("%d failed starts; the restart should have fallen back", f.FailedStarts)
	}
}

// Deadline-aware fallback: 10 h of work due in 12 h; the spot VM is evicted
// at 3 h and the price stays above its max. After the eviction 10530 s are
// saved (the checkpoint fits the notice); a regular VM needs 300 + 25470 s,
// so the last moment to switch is 43200 − 25770 = 17430 s. The regular VM
// starts then and finishes at 17730 + 25470 = 43200: exactly the deadline.
// deadlineConfig is batchConfig(20) due in 12 h with the deadline-aware
// fallback, the price staying above its max from 3 h.
func deadlineConfig() *Config {
	cfg := batchConfig(20)
	cfg.Pools[0].Spot = &pricing.Series{Times: []int64{0, 10800}, Values: []int64{int64(usd("0.02")), int64(usd("0.05"))}}
	cfg.Fleets[0].Workload.Deadline = 12 * 3600
	cfg.Fleets[0].Fallback = Fallback{Deadline: true}
	return cfg
}

func TestDeadlineFallback(t *testing.T) {
	cfg := deadlineConfig()
	res, err := Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f := res.Fleets[0]
	if f.CompletedAt != 43200 || f.WorkDone != 36000 || f.WorkLost != 0 {
		t.Fatalf("completed %d, done %d, lost %d; want 43200, 36000, 0", f.CompletedAt, f.WorkDone, f.WorkLost)
	}
	if res.VMs.Len() != 2 || res.VMs.At(1).Priority != Regular || res.VMs.At(1).CreatedAt != 17430 || res.VMs.At(0).FinalState != Deleted {
		t.Fatalf("VMs %+v", res.VMs)
	}
}

// The deadline rule counts a regular VM's create time: with every timing
// 60 s, TestDeadlineFallback's job runs from 60 s, progresses from 360 s,
// and is evicted at 10830 s (the 20 s checkpoint fits the notice: 10470 s
// saved, 25530 s left). It must switch at 43200 − (60 + 300 + 25530) =
// 17310 s for the regular VM, running at 17370 and productive at 17670, to
// finish at 43200. The rule used to leave the create time out, switch at
// 17370 and finish 60 s late.
//
// And a fleet none of whose spot VMs ever runs (the price is above its max
// from the start: every create fails) still switches at the last moment,
// 43200 − (300 + 36000) = 6900 s; it used to plan only when a VM first ran,
// so it never switched and missed its deadline with no work done.
func TestDeadlineFallbackTiming(t *testing.T) {
	cfg := deadlineConfig()
	cfg.Timings = Timings{60, 60, 60, 60, 60}
	res, err := Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if f := res.Fleets[0]; f.CompletedAt != 43200 || f.WorkDone != 36000 || f.WorkLost != 0 {
		t.Errorf("with timings: completed %d, done %d, lost %d; want 43200, 36000, 0", f.CompletedAt, f.WorkDone, f.WorkLost)
	}
	if res.VMs.Len() != 2 || res.VMs.At(1).Priority != Regular || res.VMs.At(1).CreatedAt != 17310 {
		t.Errorf("with timings: %d VMs, the second created at %d; want a regular one at 17310", res.VMs.Len(), res.VMs.At(res.VMs.Len()-1).CreatedAt)
	}

	cfg = deadlineConfig()
	cfg.Fleets[0].MaxPrice = usd("0.01")
	if res, err = Run(cfg); err != nil {
		t.Fatal(err)
	}
	if f := res.Fleets[0]; f.CompletedAt != 43200 || f.WorkDone != 36000 || f.FailedCreates != 1 {
		t.Errorf("no spot VM: completed %d, done %d, failed creates %d; want 43200, 36000, 1", f.CompletedAt, f.WorkDone, f.FailedCreates)
	}
	if res.VMs.Len() != 1 || res.VMs.At(0).Priority != Regular || res.VMs.At(0).CreatedAt != 6900 {
		t.Errorf("no spot VM: %d VMs; want one regular VM created at 6900", res.VMs.Len())
	}
}

// A batch still working at the horizon is an ordinary result (it used to
// panic in the wrap-up): batchConfig with a 60 s checkpoint cut at 12 h,
// before its 43530 s finish. Saved 7200 s before the eviction, 3330 s lost;
// restarted at 14430, productive from 14730, so 43200 − 14730 = 28470 s in
// flight count as done: 35670 s, and no completion.
func TestBatchUnfinishedAtHorizon(t *testing.T) {
	cfg := batchConfig(60)
	cfg.Horizon = 12 * 3600
	cfg.Fleets[0].Workload.Deadline = 12 * 3600
	res, err := Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if f := res.Fleets[0]; f.WorkDone != 35670 || f.WorkLost != 3330 || f.CompletedAt != -1 {
		t.Fatalf("done %d lost %d completed %d; want 35670, 3330, -1", f.WorkDone, f.WorkLost, f.CompletedAt)
	}
	if v := res.VMs.At(0); v.FinalState != Running {
		t.Fatalf("final state %v, want running", v.FinalState)
	}
}
