package main

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/spotsim/spotsim/cmd/internal/scenario"
	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/pricing/traces"
	"github.com/spotsim/spotsim/sim"
)

// sharedTraces is ../shared/traces seen from the repository root.
var sharedTraces = filepath.Join("..", "..", "..", "shared", "traces")

// engineTolerance is the largest relative difference from a published cell
// allowed for the engine's run of the reproduction. The issue asked for
// 2 %. The engine bills seconds and deletes the VM the second the work is
// done, where the paper's simulator bills the whole last tick: it is below
// the paper by up to one tick — 195 s, at most 0.166 USD on regular, 0.44 %
// of the cheapest cell (37.9 USD). It lands within 0.11 %; the test holds it
// to that one tick, 0.5 %.
const engineTolerance = 0.005

// The reproduction (docs/policies.md) run by the engine from the committed
// scenario files: SkyNomad's 15 single-region Uniform Progress costs.
func TestReproductionEngine(t *testing.T) {
	if _, err := os.Stat(sharedTraces); err != nil {
		t.Skipf("SKIPPED: the reproduction needs the real traces at %s (%v); run from a checkout beside ../shared/traces", sharedTraces, err)
	}
	published := map[[2]string]float64{} // zone, env_start_hours → cost
	rows := readCSV(t, filepath.Join(sharedTraces, "skynomad-artifact", "research", "data", "v100.csv"))
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, r := range rows[1:] {
		if r[col["strategy"]] == "rc_cr_threshold" && r[col["trace_mode"]] == "" {
			c, _ := strconv.ParseFloat(r[col["cost"]], 64)
			published[[2]string{traces.ZoneRegion(r[col["region"]]), r[col["env_start_hours"]]}] = c
		}
	}
	// The sweep's starts are the trace's first tick plus env_start_hours.
	hours := map[string]string{
		"2023-02-23T09:51:46Z": "179.725", "2023-02-28T09:40:46Z": "299.5416666666667", "2023-03-05T09:29:46Z": "419.35833333333335",
		"2023-03-07T21:24:16Z": "479.26666666666665", "2023-03-22T20:51:16Z": "838.7166666666667",
	}
	sw, err := scenario.LoadSweep(filepath.Join("..", "..", "scenarios", "reproduction", "skynomad-up-sweep.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cells := 0
	for i, r := range sw.Runs {
		if !slices.Contains(r.Values, "uniform_progress") {
			continue
		}
		sc, err := sw.Scenario(i)
		if err != nil {
			t.Fatal(err)
		}
		res, err := sim.Run(&sc.Config)
		if err != nil {
			t.Fatal(err)
		}
		for fi, fl := range sc.Config.Fleets {
			var cost pricing.Total
			for _, v := range res.VMs.All() {
				if int(v.Fleet) == fi {
					cost.Add(v.Compute)
				}
			}
			zone := sc.Config.Pools[fl.Pool].Region
			want, ok := published[[2]string{zone, hours[r.Values[0]]}]
			if !ok {
				t.Fatalf("no published cell for %s at %s", zone, r.Values[0])
			}
			micros, _ := cost.Micros().Int64()
			got := float64(micros) / 1e6
			diff := (got - want) / want
			fr := res.Fleets[fi]
			t.Logf("%s %s: published %.4f engine %.4f (%+.3f%%), done at %.2f h", zone, r.Values[0], want, got, 100*diff, float64(fr.CompletedAt)/3600)
			if math.Abs(diff) > engineTolerance {
				t.Errorf("%s %s: engine %.4f, published %.4f: %+.3f%% is beyond ±%g%%", zone, r.Values[0], got, want, 100*diff, 100*engineTolerance)
			}
			if fr.CompletedAt < 0 || fr.CompletedAt > fl.Workload.Deadline {
				t.Errorf("%s %s: completed at %d s; deadline %d s", zone, r.Values[0], fr.CompletedAt, fl.Workload.Deadline)
			}
			cells++
		}
	}
	if cells != 15 {
		t.Errorf("%d cells; want 15", cells)
	}
}
