package results

import (
	"io"
	"testing"
	"time"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
)

// bigResult is a synthetic result with many VMs and events, for the writers.
func bigResult(vms, events int) *sim.Result {
	cfg := &sim.Config{Name: "bench", Start: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), Horizon: 365 * 86400, Seed: 1,
		Pools:  []sim.Pool{{Region: "eastus", SKU: "Standard_D2s_v5", VCPUs: 2, PAYG: 96_000_000}},
		Fleets: []sim.Fleet{{Name: "workers", Pool: 0, Count: vms, MaxPrice: 40_000_000}}}
	res := &sim.Result{Config: cfg, Fleets: make([]sim.FleetResult, 1)}
	var vs []sim.VMResult
	for i := range vms {
		v := sim.VMResult{Number: int32(i), CreatedAt: int64(i), FinalState: sim.Running, MaxPrice: 40_000_000,
			BilledSeconds: 86400, Compute: pricing.Accrue(19_200_000, 86400), PAYGCompute: pricing.Accrue(96_000_000, 86400)}
		v.StateSeconds[sim.Running] = 86400
		vs = append(vs, v)
	}
	res.VMs = sim.NewVMs(vs)
	for i := range events {
		res.Events = append(res.Events, sim.Event{Time: int64(i / 8), VM: i % vms, Number: int32(i % vms),
			Kind: sim.EvState, From: sim.Creating, To: sim.Running, SpotPrice: 19_200_000})
	}
	return res
}

// BenchmarkWriteEvents: go test -bench=Write -run='^$' ./cmd/internal/results
func BenchmarkWriteEvents(b *testing.B) {
	res := bigResult(1000, 1_000_000)
	for b.Loop() {
		if err := WriteEvents(io.Discard, res); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ns/row")
}

func BenchmarkWriteVMs(b *testing.B) {
	res := bigResult(1_000_000, 0)
	for b.Loop() {
		if err := WriteVMs(io.Discard, res); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ns/row")
}
