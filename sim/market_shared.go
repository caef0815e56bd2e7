package sim

import (
	"github.com/spotsim/spotsim/internal/mem"
	"github.com/spotsim/spotsim/pricing"
)

// Market is what a run derives from its pools' spot prices before it
// starts, made once for runs that share them (Config.Market): each pool's
// integral of its price capped at pay-as-you-go (pricing.Curve), the
// prefix sums of a year of 5-minute prices, and the maxima the price wake
// searches. A sweep over a year of B1's prices rebuilt them for every run:
// 35 ms of each 0.45 s run. A Market is read, never written, by the runs
// that share it, so they may run at once.
type Market struct {
	pools []marketPool
}

type marketPool struct {
	spot  pricing.Series // the series it was made from, compared by identity
	payg  pricing.Price
	curve *pricing.Curve
	above maxIndex
}

// NewMarket makes the market of pools.
func NewMarket(pools []Pool) *Market {
	var slab mem.Slab[int64]
	slab.Reserve(spotPoints(pools, func(int) bool { return true }))
	m := &Market{pools: make([]marketPool, len(pools))}
	for i := range pools {
		if pools[i].Spot != nil {
			m.pools[i] = newMarketPool(&pools[i], &slab)
		}
	}
	return m
}

// newMarketPool is pool pc's curve, cut from slab, and maxima.
func newMarketPool(pc *Pool, slab *mem.Slab[int64]) marketPool {
	return marketPool{spot: *pc.Spot, payg: pc.PAYG, curve: pricing.NewCurveIn(*pc.Spot, pc.PAYG, slab), above: newMaxIndex(pc.Spot.Values)}
}

// spotPoints is how many spot price points the pools that build says yes
// to have: the size of the slab their curves are cut from.
func spotPoints(pools []Pool, build func(i int) bool) int {
	points := 0
	for i, pc := range pools {
		if pc.Spot != nil && build(i) {
			points += len(pc.Spot.Values)
		}
	}
	return points
}

// has says whether the market serves pool i of a run: the run's pool has
// the very series (the same arrays, not equal ones) and the pay-as-you-go
// price the market was made from.
func (m *Market) has(i int, pc *Pool) bool {
	if m == nil || i >= len(m.pools) || pc.Spot == nil {
		return false
	}
	mp := &m.pools[i]
	return mp.curve != nil && mp.payg == pc.PAYG && sameSeries(mp.spot, *pc.Spot)
}

// pool is the market's curve and maxima for pool i of a run, if it serves
// it (has). The curve is the run's own copy of the shared one: it shares
// the arrays, not the place its searches last stopped.
func (m *Market) pool(i int, pc *Pool) (marketPool, bool) {
	if !m.has(i, pc) {
		return marketPool{}, false
	}
	mp := m.pools[i]
	mp.curve = mp.curve.Fork()
	return mp, true
}

// sameSeries says whether a and b are the same arrays.
func sameSeries(a, b pricing.Series) bool {
	return len(a.Times) == len(b.Times) && len(a.Values) == len(b.Values) && len(a.Times) > 0 && len(a.Values) > 0 &&
		&a.Times[0] == &b.Times[0] && &a.Values[0] == &b.Values[0]
}
