package policy

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/pricing/traces"
)

// The reproduction (docs/policies.md): SkyNomad's single-region Uniform
// Progress runs behind its Fig. 9b — research/data/v100.csv, strategy
// rc_cr_threshold, 3 zones × 5 windows of the 2023-02-15 p3.2xlarge trace —
// rerun by spotsim's UniformProgress.

// sharedTraces is ../shared/traces seen from the repository root.
var sharedTraces = filepath.Join("..", "..", "..", "shared", "traces")

// reproTolerance is the largest relative difference allowed per cell and
// for the mean. The issue asked for 2 %; spotsim lands within 0.004 %
// (docs/policies.md says why not exactly), so the test holds it to 0.01 %.
const reproTolerance = 0.0001

// reproMean is the published mean of the 15 runs: Fig. 9b's "UP" bar
// (paper_figs/values/traces_comparison_v100.values.csv, count 15).
const reproMean = 68.713544

const (
	reproGap      = 195
	reproWork     = 143780 // 39.938889 h, SkyNomad's task_duration
	reproDeadline = 215670 // 1.5 × work = 59.908333 h
	reproOverhead = 720    // 0.2 h
)

// reproOnDemand is AWS's on-demand price of a p3.2xlarge in us-east-1 and
// us-east-2/us-west-2, the price SkyNomad's traces carry.
const reproOnDemand pricing.Price = 3_060_000_000

type reproCell struct {
	zone      string
	window    int
	startHour float64
	published float64
}

func needTraces(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(sharedTraces); err != nil {
		t.Skipf("SKIPPED: the reproduction needs the real traces at %s (%v); run from a checkout beside ../shared/traces", sharedTraces, err)
	}
}

// readPublished reads the 15 single-region rows of research/data/v100.csv.
func readPublished(t testing.TB) []reproCell {
	f, err := os.Open(filepath.Join(sharedTraces, "skynomad-artifact", "research", "data", "v100.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	var cells []reproCell
	for _, r := range rows[1:] {
		if r[col["strategy"]] != "rc_cr_threshold" || r[col["trace_mode"]] != "" {
			continue // the multi-region strategies, and two summary rows
		}
		w, _ := strconv.Atoi(r[col["window_index"]])
		start, _ := strconv.ParseFloat(r[col["env_start_hours"]], 64)
		cost, _ := strconv.ParseFloat(r[col["cost"]], 64)
		cells = append(cells, reproCell{zone: r[col["region"]], window: w, startHour: start, published: cost})
	}
	if len(cells) != 15 {
		t.Fatalf("%d single-region rows in v100.csv; want 15", len(cells))
	}
	return cells
}

// reproMarkets reads the three zones' availability (Can't Be Late JSON) and
// per-tick prices (SkyNomad JSON).
func reproMarkets(t testing.TB) (map[string]*traces.Availability, *traces.TickPrices) {
	data, err := os.ReadFile(filepath.Join(sharedTraces, "skynomad-artifact", "data", "v100_spot_prices.json"))
	if err != nil {
		t.Fatal(err)
	}
	prices, err := traces.ReadTickPrices(data, "v100_spot_prices.json")
	if err != nil {
		t.Fatal(err)
	}
	avail := map[string]*traces.Availability{}
	for _, z := range []string{"us-east-1c_v100_1", "us-east-2b_v100_1", "us-west-2a_v100_1"} {
		name := filepath.Join(sharedTraces, "cant-be-late-spot-traces", "availability", "1-node", "aws-02-15-2023", z+".json")
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if avail[z], err = traces.ReadAvailability(data, name); err != nil {
			t.Fatal(err)
		}
	}
	return avail, prices
}

// window cuts a zone's market as SkyNomad's TraceEnv does: from tick
// ⌈start·3600/g⌉, ⌈deadline/g⌉ ticks (enforce_window_bound).
func window(a *traces.Availability, p []pricing.Price, startHour float64) Market {
	from := int(math.Ceil(startHour * 3600 / reproGap))
	n := int((reproDeadline + reproGap - 1) / reproGap)
	m := Market{Gap: reproGap, Regular: reproOnDemand, Avail: make([]bool, n), Spot: p[from : from+n]}
	for i := range n {
		m.Avail[i] = a.Counts[from+i] >= 1
	}
	return m
}

func TestReproduceSkyNomadUniformProgress(t *testing.T) {
	needTraces(t)
	cells := readPublished(t)
	avail, prices := reproMarkets(t)
	job := Job{Work: reproWork, Deadline: reproDeadline, Overhead: reproOverhead}
	sum := 0.0
	for _, c := range cells {
		m := window(avail[c.zone], prices.Prices[c.zone], c.startHour)
		r, err := Run(UniformProgress, m, job, false)
		if err != nil {
			t.Fatal(err)
		}
		diff := (r.CostUSD() - c.published) / c.published
		t.Logf("%s window %d: published %.4f spotsim %.4f (%+.3f%%) spot %.2f h regular %.2f h met %v", c.zone, c.window, c.published, r.CostUSD(), 100*diff, r.SpotHours(), r.RegularHours(), r.DeadlineMet)
		if math.Abs(diff) > reproTolerance {
			t.Errorf("%s window %d: spotsim %.4f, published %.4f: %+.2f%% is beyond ±%g%%", c.zone, c.window, r.CostUSD(), c.published, 100*diff, 100*reproTolerance)
		}
		if !r.DeadlineMet {
			t.Errorf("%s window %d: deadline missed", c.zone, c.window)
		}
		sum += r.CostUSD()
	}
	mean := sum / float64(len(cells))
	t.Logf("mean: published %.6f spotsim %.6f", reproMean, mean)
	if d := (mean - reproMean) / reproMean; math.Abs(d) > reproTolerance {
		t.Errorf("mean %.6f, published %.6f: %+.4f%%", mean, reproMean, 100*d)
	}
}

// Every policy and the optimal baseline on the reproduction's windows: the
// optimum is never dearer than a policy that met the deadline (up to its
// whole-tick rounding: one tick of regular per restart), and every deadline
// policy meets the deadline.
func TestReproductionPolicies(t *testing.T) {
	needTraces(t)
	cells := readPublished(t)
	avail, prices := reproMarkets(t)
	job := Job{Work: reproWork, Deadline: reproDeadline, Overhead: reproOverhead}
	for _, c := range cells {
		m := window(avail[c.zone], prices.Prices[c.zone], c.startHour)
		o, err := Optimal(m, job)
		if err != nil || !o.Done {
			t.Fatalf("%s window %d: optimal %v %v", c.zone, c.window, o.Done, err)
		}
		line := fmt.Sprintf("%s w%d optimal %.2f", c.zone, c.window, o.CostUSD())
		for _, k := range Kinds {
			r, err := Run(k, m, job, false)
			if err != nil {
				t.Fatal(err)
			}
			miss := ""
			if !r.DeadlineMet {
				miss = " missed"
			}
			line += fmt.Sprintf(" %s %.2f (%.2f×%s)", k, r.CostUSD(), r.CostUSD()/o.CostUSD(), miss)
			if k != SpotOnly && !r.DeadlineMet {
				t.Errorf("%s window %d: %s missed the deadline", c.zone, c.window, k)
			}
			slackUSD := float64(r.Restarts+1) * 3.06 * reproGap / 3600
			if r.DeadlineMet && o.CostUSD() > r.CostUSD()+slackUSD {
				t.Errorf("%s window %d: optimal %.4f dearer than %s %.4f", c.zone, c.window, o.CostUSD(), k, r.CostUSD())
			}
		}
		t.Log(line)
	}
}
