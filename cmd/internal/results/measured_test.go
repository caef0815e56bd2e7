package results

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
	"github.com/spotsim/spotsim/sim/summary"
)

// A caller that made the run's summary.Summary measures (spotsim run, to
// print them) hands them to WriteWith and HumanOf instead of another pass
// over the VMs each: summary.csv and the printed lines come out as from
// the VMs, for a run with batch and service workloads, whose measures
// summary.Summary adds to summary.Run's.
func TestMeasuresMadeOnceWriteTheSame(t *testing.T) {
	for name, res := range map[string]*sim.Result{"sample": sample(t), "workloads": workloadRun(t)} {
		m, err := summary.Summary(res)
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		outs := Outputs(1<<Summary | 1<<Fleets)
		if err := WriteWith(dir, res, nil, outs, false, Options{Summary: m}); err != nil {
			t.Fatal(err)
		}
		got, _ := os.ReadFile(filepath.Join(dir, "summary.csv"))
		var want bytes.Buffer
		if err := WriteSummary(&want, res); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s: summary.csv from the measures:\n%s\nfrom the VMs:\n%s", name, got, want.Bytes())
		}
		var human, humanOf bytes.Buffer
		if err := Human(&human, res, dir); err != nil {
			t.Fatal(err)
		}
		if err := HumanOf(&humanOf, res, m, dir); err != nil {
			t.Fatal(err)
		}
		if human.String() != humanOf.String() {
			t.Errorf("%s: HumanOf:\n%s\nHuman:\n%s", name, humanOf.String(), human.String())
		}
	}
}

// workloadRun is a day of a batch fleet with a deadline and a service
// fleet, so that the summary's workload columns are filled.
func workloadRun(t *testing.T) *sim.Result {
	t.Helper()
	cfg := &sim.Config{Name: "w", Start: start, Horizon: 86400, Seed: 1, Notice: sim.NoticeLead{Min: 30, Max: 30}, Billing: sim.AzureBilling,
		Pools: []sim.Pool{{Region: "eastus", SKU: "Standard_D2s_v5", VCPUs: 2, PAYG: price(t, "0.096"),
			Spot: &pricing.Series{Times: []int64{0}, Values: []int64{int64(price(t, "0.02"))}}, Capacity: pricing.Constant(pricing.Unlimited)}},
		Fleets: []sim.Fleet{
			{Name: "job", Count: 2, MaxPrice: pricing.Uncapped, Workload: sim.Workload{Kind: sim.Batch, Work: 4 * 3600, Deadline: 86400}},
			{Name: "web", Count: 1, MaxPrice: pricing.Uncapped, DiskPrice: price(t, "0.01"), Workload: sim.Workload{Kind: sim.Service}},
		}}
	res, err := sim.Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return res
}
