package sim

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// randomWorkloadConfig is randomConfig with what it leaves out: batch and
// service workloads (checkpoints, overheads, deadlines), priority mixes,
// both fallbacks, stochastic pools, and a horizon that is often short
// enough to cut work in flight.
func randomWorkloadConfig(r *rand.Rand) *Config {
	cfg := randomConfig(r)
	if r.IntN(2) == 0 {
		cfg.Horizon = int64(60 + r.IntN(2*hour))
		for i := range cfg.Fleets {
			cfg.Fleets[i].CreateAt = min(cfg.Fleets[i].CreateAt, cfg.Horizon-1)
		}
		for i := range cfg.Actions {
			cfg.Actions[i].At %= cfg.Horizon
		}
	}
	for i := range cfg.Pools {
		if r.IntN(3) == 0 {
			cfg.Pools[i].Hazard = []float64{0.025, 0.5, 5}[r.IntN(3)]
		}
	}
	for i := range cfg.Fleets {
		f := &cfg.Fleets[i]
		switch r.IntN(3) {
		case 1:
			f.Workload = Workload{Kind: Service}
		case 2:
			f.Workload = Workload{Kind: Batch, Work: int64(1 + r.IntN(8*hour)),
				CheckpointEvery: int64(r.IntN(3) * 600), CheckpointTime: int64(r.IntN(3) * 20),
				RestartOverhead: int64(r.IntN(3) * 120), Deadline: int64(r.IntN(3) * hour)}
			f.Fallback.Deadline = f.Priority == Spot && r.IntN(2) == 0
		}
		if f.Priority == Spot && r.IntN(3) == 0 {
			f.RegularBase, f.RegularPercentAboveBase = r.IntN(3), 10*r.IntN(11)
			f.Fallback.AfterEvictions = r.IntN(3)
		}
	}
	cfg.Record = Record{Events: true, Notices: true, Usage: r.IntN(2) == 0, Workload: true}
	return cfg
}

// No run panics, whatever the mix of mechanisms, and each ends with its
// measures in range; the per-second reference of TestPropertiesAgainstReference
// holds for these too.
func TestRandomWorkloadsNeverPanic(t *testing.T) {
	for iter := range 400 {
		cfg := randomWorkloadConfig(rand.New(rand.NewPCG(uint64(iter), 12)))
		var res *Result
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("iteration %d panicked: %v\nconfig: %+v", iter, r, cfg)
				}
			}()
			res = run(t, cfg)
		}()
		t.Run(fmt.Sprint(iter), func(t *testing.T) {
			checkRun(t, cfg, res)
			checkWorkloads(t, cfg, res)
		})
		if t.Failed() {
			return
		}
	}
}

func checkWorkloads(t *testing.T, cfg *Config, res *Result) {
	t.Helper()
	for i, f := range cfg.Fleets {
		r := res.Fleets[i]
		if r.ServedVMSeconds < 0 || r.ServedVMSeconds > r.WantedVMSeconds || r.BelowSeconds > cfg.Horizon-f.CreateAt {
			t.Errorf("fleet %s: served %d wanted %d below %d", f.Name, r.ServedVMSeconds, r.WantedVMSeconds, r.BelowSeconds)
		}
		if f.Workload.Kind != Batch {
			continue
		}
		switch {
		case r.CompletedAt >= 0 && (r.CompletedAt < f.CreateAt || r.CompletedAt >= cfg.Horizon || r.WorkDone != f.Workload.Work):
			t.Errorf("fleet %s: completed at %d with %d of %d done (created at %d, horizon %d)", f.Name, r.CompletedAt, r.WorkDone, f.Workload.Work, f.CreateAt, cfg.Horizon)
		case r.CompletedAt < 0 && (r.CompletedAt != -1 || r.WorkDone > f.Workload.Work):
			t.Errorf("fleet %s: not completed (%d) with %d of %d done", f.Name, r.CompletedAt, r.WorkDone, f.Workload.Work)
		case r.WorkDone < 0 || r.WorkLost < 0:
			t.Errorf("fleet %s: done %d lost %d", f.Name, r.WorkDone, r.WorkLost)
		}
	}
}
