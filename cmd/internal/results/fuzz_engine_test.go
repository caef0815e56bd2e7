package results

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/big"
	"slices"
	"strings"
	"testing"

	"github.com/spotsim/spotsim/cmd/internal/usage"
	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
	"github.com/spotsim/spotsim/sim/meter"
)

// fuzzBytes hands out the fuzzer's bytes as small numbers; past the end it
// gives zeros, so every input is a scenario.
type fuzzBytes struct{ b []byte }

func (f *fuzzBytes) byte() int64 {
	if len(f.b) == 0 {
		return 0
	}
	v := f.b[0]
	f.b = f.b[1:]
	return int64(v)
}

// n is a number in [0, m).
func (f *fuzzBytes) n(m int64) int64 {
	v := f.byte()<<24 | f.byte()<<16 | f.byte()<<8 | f.byte()
	return v % m
}

// fuzzConfig builds a run from the fuzzer's bytes: pools with spot prices
// and capacity, fleets of every priority, policy and automation (batch and
// service workloads too), and scripted operations. Sizes stay small, so that
// one input runs in milliseconds, but prices reach the largest validation
// allows and horizons years, where money passes int64.
func fuzzConfig(f *fuzzBytes) *sim.Config {
	horizon := 1 + f.n(30*86400)
	if f.byte()%8 == 0 {
		// Ten years: with the largest prices far past int64 money, and
		// metering a century by the day would take a second an input.
		horizon = 1 + f.n(3650*86400)
	}
	cfg := &sim.Config{Name: "fuzz", Start: start, Horizon: horizon, Seed: uint64(f.n(1 << 30)),
		Notice:  sim.NoticeLead{Min: f.n(60), Max: 60 + f.n(600)},
		Timings: sim.Timings{Create: f.n(300), Start: f.n(120), Stop: f.n(60), Deallocate: f.n(60), Delete: f.n(60)},
		Victims: sim.VictimPolicy(f.byte() % 3),
		Billing: sim.AzureBilling, Record: sim.Record{Events: true, Notices: true, Usage: true, Workload: true}}
	for p := range 1 + f.byte()%3 {
		payg := 1 + f.n(10*pricing.NanosPerDollar)
		if f.byte()%8 == 0 {
			payg = 1 + f.n(1<<62) // up to the largest price ParsePrice reads
		}
		spot := &pricing.Series{}
		for t := int64(0); t < horizon && len(spot.Times) < 200; t += 1 + f.n(max(1, horizon/8)) {
			spot.Times = append(spot.Times, t)
			spot.Values = append(spot.Values, f.n(2*payg))
		}
		capy := pricing.Series{Times: []int64{0}, Values: []int64{pricing.Unlimited}}
		for t := 1 + f.n(horizon); t < horizon && len(capy.Times) < 50; t += 1 + f.n(max(1, horizon/4)) {
			capy.Times = append(capy.Times, t)
			capy.Values = append(capy.Values, f.n(8)-1) // -1: unlimited
		}
		cfg.Pools = append(cfg.Pools, sim.Pool{Region: fmt.Sprintf("r%d", p), SKU: "Standard_D2s_v5", VCPUs: 2, PAYG: pricing.Price(payg), Spot: spot, Capacity: capy})
	}
	// Timers that fire every few seconds for years make billions of
	// events; a fuzz input must run in milliseconds.
	every := func() int64 { return 1 + f.n(7200) + horizon/500 }
	for i := range 1 + f.byte()%4 {
		pool := int(f.byte()) % len(cfg.Pools)
		payg := int64(cfg.Pools[pool].PAYG)
		fl := sim.Fleet{Name: fmt.Sprintf("f%d", i), Pool: pool, Count: 1 + int(f.byte()%4), MaxPrice: pricing.Uncapped,
			DiskPrice: pricing.Price(f.n(1 + payg/4)), Tenant: "t", Subscription: fmt.Sprintf("s%d", f.byte()%2),
			CreateAt: f.n(horizon)}
		switch f.byte() % 4 {
		case 0:
			fl.Priority = sim.Regular
		case 1:
			fl.MaxPrice, fl.Policy, fl.After, fl.Interval = pricing.Price(1+f.n(payg)), sim.Deallocate, sim.RestartAutomation, every()
			fl.RegularBase = int(f.byte() % 2)
		case 2:
			fl.MaxPrice, fl.Policy, fl.After, fl.Interval = pricing.Price(1+f.n(payg)), sim.Delete, sim.ReplaceAutomation, every()
		}
		switch f.byte() % 4 {
		case 0:
			fl.Workload = sim.Workload{Kind: sim.Service}
		case 1:
			fl.Workload = sim.Workload{Kind: sim.Batch, Work: 1 + f.n(horizon), CheckpointEvery: f.n(2) * every(), CheckpointTime: f.n(60), RestartOverhead: f.n(300), Deadline: f.n(horizon)}
			if fl.After == sim.NoAutomation && fl.Priority == sim.Spot {
				fl.After, fl.Interval, fl.Policy = sim.ReplaceAutomation, every(), sim.Delete
			}
		}
		cfg.Fleets = append(cfg.Fleets, fl)
	}
	for range f.byte() % 6 {
		a := sim.Action{At: f.n(horizon), Fleet: int(f.byte()) % len(cfg.Fleets), VM: -1, Op: sim.Op(f.byte() % 6)}
		if f.byte()%2 == 0 {
			a.VM = int(f.byte() % 4)
		}
		switch a.Op {
		case sim.OpSetMaxPrice:
			a.MaxPrice = pricing.Price(1 + f.n(int64(cfg.Pools[cfg.Fleets[a.Fleet].Pool].PAYG)))
		case sim.OpScale:
			a.Count, a.VM = int(f.byte()%6), -1
		}
		cfg.Actions = append(cfg.Actions, a)
	}
	slices.SortStableFunc(cfg.Actions, func(a, b sim.Action) int { return int(a.At - b.At) })
	return cfg
}

// FuzzEngine drives the engine with scenarios made from the fuzzer's bytes,
// through costs, usage metering and every writer, and checks what must hold
// whatever the scenario: nothing panics; each VM's state seconds add up to
// its life; compute is billed exactly in the states the billing table bills
// (never while deallocated); no VM pays more than pay-as-you-go; and the
// usage files and FOCUS add up to summary.csv to the micro-dollar.
//
// CI runs it briefly (.ci/run); locally, for long:
//
//	go test -run '^$' -fuzz FuzzEngine -fuzztime 10m ./cmd/internal/results
func FuzzEngine(f *testing.F) {
	for _, seed := range []string{"", "\x01\x02\x03\x04", strings.Repeat("\xff", 64), strings.Repeat("\x00\x07\x80\x13", 40)} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg := fuzzConfig(&fuzzBytes{data})
		res, err := sim.Run(cfg)
		if err != nil {
			t.Logf("refused: %v", err)
			return // a configuration the engine refuses: not a run
		}
		for i := range res.VMs.Len() {
			v := res.VMs.At(i)
			var life, billed int64
			for s, sec := range v.StateSeconds {
				if sec < 0 {
					t.Fatalf("%s: %d s in %v", res.VMName(i), sec, sim.State(s))
				}
				life += sec
				if cfg.Billing[s].Compute {
					billed += sec
				}
			}
			if life != cfg.Horizon-v.CreatedAt {
				t.Fatalf("%s: state seconds add to %d; created at %d of %d", res.VMName(i), life, v.CreatedAt, cfg.Horizon)
			}
			if billed != v.BilledSeconds {
				t.Fatalf("%s: %d s billed, but %d s in billed states (deallocated %d s)", res.VMName(i), v.BilledSeconds, billed, v.StateSeconds[sim.Deallocated])
			}
			if v.Compute.Sign() < 0 || v.Disk.Sign() < 0 || v.Compute.Cmp(v.PAYGCompute) > 0 {
				t.Fatalf("%s: compute %s disk %s pay-as-you-go %s", res.VMName(i), v.Compute, v.Disk, v.PAYGCompute)
			}
		}
		var summary bytes.Buffer
		writers := []func(io.Writer, *sim.Result) error{WriteFleets, WriteVMs, WriteEvents, WriteNotices, WriteTimeline, WritePrices, WriteWorkload}
		for _, w := range writers {
			if err := w(io.Discard, res); err != nil {
				t.Fatal(err)
			}
		}
		if err := WriteSummary(&summary, res); err != nil {
			t.Fatal(err)
		}
		// The run again with a market made from its own pools (what a
		// sweep's runs share): the same summary and VMs, to the byte.
		shared := *cfg
		shared.Market = sim.NewMarket(cfg.Pools)
		again, err := sim.Run(&shared)
		if err != nil {
			t.Fatalf("with a market made from its pools: %v", err)
		}
		for _, w := range []func(io.Writer, *sim.Result) error{WriteSummary, WriteVMs} {
			var a, b bytes.Buffer
			if err := errors.Join(w(&a, res), w(&b, again)); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Fatalf("with a market made from its pools:\n%s\nwithout:\n%s", b.Bytes(), a.Bytes())
			}
		}
		want := column(t, summary.Bytes(), "total_cost_usd")
		daily := meter.New(res).Rows(meter.Options{Period: 86400})
		for _, c := range []struct {
			name, col string
			write     func(io.Writer) error
		}{
			{"usage_hourly.csv", "cost_usd", func(w io.Writer) error {
				return usage.WriteUsage(w, res, meter.New(res).Rows(meter.Options{Period: 3600, ByResource: true}))
			}},
			{"usage_daily.csv", "cost_usd", func(w io.Writer) error { return usage.WriteUsage(w, res, daily) }},
			{"focus.csv", "BilledCost", func(w io.Writer) error { return usage.WriteFOCUS(w, res, daily, usage.FOCUS12) }},
		} {
			if c.name == "usage_hourly.csv" && cfg.Horizon > 30*86400 {
				continue // hourly rows of years: too slow for a fuzz input
			}
			var b bytes.Buffer
			if err := c.write(&b); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if got := column(t, b.Bytes(), c.col); got.Cmp(want) != 0 {
				t.Fatalf("%s: %s sums to %s µ$; summary.csv's total_cost_usd is %s", c.name, c.col, got, want)
			}
		}
	})
}

// column sums a money column of a CSV exactly, in micro-dollars.
func column(t *testing.T, data []byte, name string) *big.Int {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	k := slices.Index(rows[0], name)
	if k < 0 {
		t.Fatalf("no column %s in %v", name, rows[0])
	}
	sum := new(big.Int)
	for _, r := range rows[1:] {
		whole, frac, ok := strings.Cut(r[k], ".")
		n, good := new(big.Int).SetString(whole+frac, 10)
		if !ok || len(frac) != 6 || !good {
			t.Fatalf("%s = %q: want a decimal with six places", name, r[k])
		}
		sum.Add(sum, n)
	}
	return sum
}
