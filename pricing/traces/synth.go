package traces

import (
	"math"
	"math/rand/v2"

	"github.com/spotsim/spotsim/pricing"
	"gonum.org/v1/gonum/stat/distuv"
)

// PriceModel is a synthetic spot price process. Prices change at random
// times (exponential gaps, ChangesPerDay on average); at each change the
// price, as a fraction x of pay-as-you-go, moves to
//
//	x + Reversion·(Level − x) + Volatility·N(0, 1)
//
// clamped to [Floor, 1] (R5: never above pay-as-you-go) and rounded to 5
// decimals of a dollar, as Azure's prices are.
type PriceModel struct {
	PAYG          pricing.Price
	Level         float64 // long-run mean, fraction of pay-as-you-go
	Reversion     float64 // share of the distance to Level closed at each change, 0..1
	Volatility    float64 // standard deviation of a change, fraction of pay-as-you-go
	ChangesPerDay float64
	Floor         float64 // lowest price, fraction of pay-as-you-go
}

// AzureFit is PriceModel's default, fitted to the Azure spot history in
// ../shared/traces (Retail Prices API snapshots of 10 sizes in 11 US and
// Canada regions, 2022-04 to 2024-01) by FitPrices: see docs/traces.md for
// the fit and TestAzureFit for its check against the data.
var AzureFit = PriceModel{Level: 0.1275, Reversion: 0.5, Volatility: 0.0221, ChangesPerDay: 0.0403, Floor: 0.1}

// Stats are the features a fit matches: the time-weighted mean price as a
// fraction of pay-as-you-go, how often the price changes, and the mean size
// of a change as a fraction of pay-as-you-go.
type Stats struct {
	Level, ChangesPerDay, MeanJump float64
	Points                         int
}

// TraceStats measures a trace against its pool's pay-as-you-go price.
func TraceStats(tr *Trace, payg pricing.Price) Stats {
	st := Stats{Points: len(tr.Times)}
	if len(tr.Times) < 2 || payg <= 0 {
		if len(tr.Values) > 0 {
			st.Level = float64(tr.Values[0]) / float64(payg)
		}
		return st
	}
	span := float64(tr.Times[len(tr.Times)-1] - tr.Times[0])
	var weighted, jumps float64
	for i := 0; i+1 < len(tr.Times); i++ {
		weighted += float64(tr.Values[i]) * float64(tr.Times[i+1]-tr.Times[i])
		jumps += math.Abs(float64(tr.Values[i+1] - tr.Values[i]))
	}
	st.Level = weighted / span / float64(payg)
	st.ChangesPerDay = float64(len(tr.Times)-1) / (span / 86400)
	st.MeanJump = jumps / float64(len(tr.Times)-1) / float64(payg)
	return st
}

// Streams gives the named random stream of one seed, so that each quantity
// a generator draws has its own stream and changing how many of one are
// drawn does not shift the others.
type Streams func(name string) rand.Source

// GeneratePrices draws a price trace from start (Unix seconds) over
// horizon seconds: the times between changes from stream "gaps", the
// changes from "steps". The same model and streams always give the same
// trace.
func GeneratePrices(m PriceModel, start, horizon int64, streams Streams) *Trace {
	gap := distuv.Exponential{Rate: m.ChangesPerDay / 86400, Src: streams("gaps")}
	step := distuv.Normal{Mu: 0, Sigma: m.Volatility, Src: streams("steps")}
	x := m.Level
	tr := &Trace{}
	for t := float64(start); t < float64(start+horizon); t += gap.Rand() {
		price := pricing.Price(math.Round(math.Max(m.Floor, math.Min(1, x))*float64(m.PAYG)/10_000) * 10_000)
		if n := len(tr.Values); n == 0 || tr.Values[n-1] != int64(price) {
			tr.Times = append(tr.Times, int64(t))
			tr.Values = append(tr.Values, int64(price))
		}
		x += m.Reversion*(m.Level-x) + step.Rand()
		x = math.Max(m.Floor, math.Min(1, x))
	}
	return tr
}

// CapacityModel is a synthetic spot capacity process: Base VMs of room,
// reclaim events at ReclaimsPerDay (Poisson), each taking a share of Base
// drawn from Beta(2, 2/Depth − 2) (mean Depth), recovered after an
// exponential time of mean Recovery seconds.
type CapacityModel struct {
	Base           int64
	ReclaimsPerDay float64
	Depth          float64 // mean share of Base a reclaim takes, 0..1
	Recovery       float64 // mean seconds to recover
}

// GenerateCapacity draws a capacity trace; reclaims do not overlap. The
// times between reclaims, their depths and their recoveries each have a
// stream ("gaps", "depths", "recoveries").
func GenerateCapacity(m CapacityModel, start, horizon int64, streams Streams) *Trace {
	gap := distuv.Exponential{Rate: m.ReclaimsPerDay / 86400, Src: streams("gaps")}
	depth := distuv.Beta{Alpha: 2, Beta: math.Max(2/math.Max(m.Depth, 0.01)-2, 0.01), Src: streams("depths")}
	recover := distuv.Exponential{Rate: 1 / math.Max(m.Recovery, 1), Src: streams("recoveries")}
	tr := &Trace{Times: []int64{start}, Values: []int64{m.Base}}
	t := float64(start)
	for {
		t += gap.Rand()
		if t >= float64(start+horizon) {
			return tr
		}
		low := int64(math.Round(float64(m.Base) * (1 - depth.Rand())))
		back := t + recover.Rand()
		if int64(t) > tr.Times[len(tr.Times)-1] && low != m.Base {
			tr.Times = append(tr.Times, int64(t))
			tr.Values = append(tr.Values, low)
			if int64(back) > int64(t) && back < float64(start+horizon) {
				tr.Times = append(tr.Times, int64(back))
				tr.Values = append(tr.Values, m.Base)
			}
		}
		t = math.Max(t, back)
	}
}

// FitPrices fits a PriceModel to real traces with known pay-as-you-go
// prices: Level, ChangesPerDay and Volatility from the pooled Stats (a
// change of N(0, σ) has mean size σ·√(2/π)); Reversion and Floor are kept
// from base, as a few changes a month cannot pin them down.
func FitPrices(traces []*Trace, payg []pricing.Price, base PriceModel) (PriceModel, Stats) {
	var all Stats
	var span, weighted, jumps, changes float64
	for i, tr := range traces {
		if len(tr.Times) < 2 {
			continue
		}
		s := float64(tr.Times[len(tr.Times)-1] - tr.Times[0])
		st := TraceStats(tr, payg[i])
		span += s
		weighted += st.Level * s
		changes += float64(len(tr.Times) - 1)
		jumps += st.MeanJump * float64(len(tr.Times)-1)
		all.Points += len(tr.Times)
	}
	if span == 0 || changes == 0 {
		return base, all
	}
	all.Level, all.ChangesPerDay, all.MeanJump = weighted/span, changes/(span/86400), jumps/changes
	m := base
	m.Level, m.ChangesPerDay, m.Volatility = all.Level, all.ChangesPerDay, all.MeanJump/math.Sqrt(2/math.Pi)
	return m, all
}
