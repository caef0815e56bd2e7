package traces

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/spotsim/spotsim/pricing"
	"gonum.org/v1/gonum/stat/distuv"
)

// eastusPAYG are the reference Linux pay-as-you-go prices in eastus that the
// Azure dataset's SOURCE.md gives (public list prices).
var eastusPAYG = map[string]pricing.Price{
	"Standard_D2s_v3": 96_000_000, "Standard_D4s_v3": 192_000_000, "Standard_E4s_v3": 252_000_000,
	"Standard_F4s_v2": 169_000_000, "Standard_D8s_v5": 384_000_000, "Standard_D2s_v5": 96_000_000,
}

// afterGap is where the dataset's collection resumed after a year without
// snapshots (2022-09-10 → 2023-09-23): the fit uses the months after it,
// where every change was seen.
var afterGap = day("2023-09-23")

// TestAzureFit: the committed defaults are the fit of the real history
// (eastus, the six sizes with a known pay-as-you-go price, from 2023-09-23).
func TestAzureFit(t *testing.T) {
	dir := filepath.Join(sharedTraces, "azure-spot-prices-data-az-spot-vms", "history")
	if _, err := os.Stat(dir); err != nil {
		skipWithoutTraces(t, dir, err)
	}
	set, err := ReadAzureSnapshots(os.DirFS(dir), "history")
	if err != nil {
		t.Fatal(err)
	}
	var traces []*Trace
	var payg []pricing.Price
	for sku, p := range eastusPAYG {
		tr := set.Pools[Pool{"eastus", sku}]
		if tr == nil {
			continue
		}
		w, err := tr.Window(afterGap, day("2024-01-21"))
		if err != nil {
			t.Fatal(err)
		}
		cut := &Trace{}
		for i := range w.Times {
			cut.Times = append(cut.Times, afterGap+w.Times[i])
			cut.Values = append(cut.Values, w.Values[i])
		}
		cut.Times = append(cut.Times, day("2024-01-21"))
		cut.Values = append(cut.Values, cut.Values[len(cut.Values)-1])
		traces, payg = append(traces, cut), append(payg, p)
	}
	fit, st := FitPrices(traces, payg, AzureFit)
	t.Logf("fit over %d traces, %d points: level %.4f of payg, %.4f changes/day, mean change %.4f of payg -> volatility %.4f",
		len(traces), st.Points, st.Level, st.ChangesPerDay, st.MeanJump, fit.Volatility)
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"Level", fit.Level, AzureFit.Level}, {"ChangesPerDay", fit.ChangesPerDay, AzureFit.ChangesPerDay}, {"Volatility", fit.Volatility, AzureFit.Volatility}} {
		if math.Abs(c.got-c.want) > 0.1*c.want {
			t.Errorf("%s: data says %.4f, AzureFit has %.4f (more than 10%% off: refit)", c.name, c.got, c.want)
		}
	}
}

// Generated traces have the statistics the model asks for (a long draw,
// explicit tolerances), are deterministic, and stay within [floor, payg].
func TestGeneratePrices(t *testing.T) {
	m := AzureFit
	m.PAYG = 96_000_000
	m.ChangesPerDay = 2 // enough changes in a year to measure
	const year = 365 * 86400
	tr := GeneratePrices(m, 0, year, testStreams(1))
	again := GeneratePrices(m, 0, year, testStreams(1))
	if !slices.Equal(tr.Times, again.Times) || !slices.Equal(tr.Values, again.Values) {
		t.Fatal("the same seed gave different traces")
	}
	// Named streams: the change times come from stream "gaps" alone, so a
	// trace drawn with another volatility changes at a subset of the same
	// candidate times (a step that rounds to no change leaves no point).
	candidates := map[int64]bool{}
	gap := distuv.Exponential{Rate: m.ChangesPerDay / 86400, Src: testStreams(1)("gaps")}
	for t := 0.0; t < year; t += gap.Rand() {
		candidates[int64(t)] = true
	}
	calm := m
	calm.Volatility = m.Volatility / 2
	for _, times := range [][]int64{tr.Times, GeneratePrices(calm, 0, year, testStreams(1)).Times} {
		for _, at := range times {
			if !candidates[at] {
				t.Fatalf("a change at %d s is not a time drawn from the gaps stream", at)
			}
		}
	}
	for i, v := range tr.Values {
		if v < int64(float64(m.PAYG)*m.Floor)-10_000 || v > int64(m.PAYG) || v%10_000 != 0 {
			t.Fatalf("point %d: %d outside [floor, payg] or not 5 decimals", i, v)
		}
	}
	st := TraceStats(tr, m.PAYG)
	if math.Abs(st.Level-m.Level) > 0.03 || math.Abs(st.ChangesPerDay-m.ChangesPerDay) > 0.3 {
		t.Fatalf("level %.4f (want %.3f ± 0.03), changes/day %.3f (want %.1f ± 0.3)", st.Level, m.Level, st.ChangesPerDay, m.ChangesPerDay)
	}
}

func TestGenerateCapacity(t *testing.T) {
	m := CapacityModel{Base: 100, ReclaimsPerDay: 1, Depth: 0.5, Recovery: 3600}
	tr := GenerateCapacity(m, 0, 365*86400, testStreams(3))
	drops, sumDepth := 0, 0.0
	for i, v := range tr.Values {
		if v < 0 || v > m.Base || i > 0 && tr.Times[i] <= tr.Times[i-1] {
			t.Fatalf("point %d: %d at %d", i, v, tr.Times[i])
		}
		if v < m.Base {
			drops++
			sumDepth += float64(m.Base-v) / float64(m.Base)
		}
	}
	// ~365 reclaims a year (Poisson: sd ≈ 19), mean depth 0.5 (sd of the
	// mean ≈ 0.012 for Beta(2, 2)).
	if drops < 300 || drops > 430 || math.Abs(sumDepth/float64(drops)-0.5) > 0.05 {
		t.Fatalf("%d reclaims, mean depth %.3f", drops, sumDepth/float64(drops))
	}
}

// testStreams are named streams of one seed, as traces gen makes them.
func testStreams(seed uint64) Streams {
	return func(name string) rand.Source {
		var h uint64 = 14695981039346656037
		for i := 0; i < len(name); i++ {
			h = (h ^ uint64(name[i])) * 1099511628211
		}
		return rand.NewPCG(seed, h)
	}
}
