package policy

import (
	"fmt"
	"math"

	"github.com/spotsim/spotsim/pricing"
)

// Optimal is the cheapest schedule that meets the deadline, knowing the
// whole market in advance: SkyNomad's "Optimal" (multi_region_oracle_dp,
// one region). As there, time and work are whole ticks — the work takes
// K = ⌈W/g⌉ productive ticks, every start H = ⌈d/g⌉ ticks of overhead — so
// it can be a few cents dearer than a policy that finishes on a partial
// tick; it never counts a partial tick of progress.
//
// Dynamic programming over ticks t < T = ⌊D/g⌋ (and within the market): the
// state is (what runs, overhead ticks left, productive ticks done) and its
// value the least cost so far; each tick every state may stop (free), keep
// running (spot only while available) or start spot or regular (paying H
// ticks of overhead). Time O(T·K·(H+1)·9), memory O(K·(H+1)) — a 60-hour job
// on a 195 s trace with a 90-hour deadline is about 0.1 billion steps.
func Optimal(m Market, j Job) (Result, error) {
	if err := m.check(j); err != nil {
		return Result{}, err
	}
	if j.Deadline <= 0 {
		return Result{}, fmt.Errorf("policy: optimal needs a deadline")
	}
	g := m.Gap
	K := int((j.Work + g - 1) / g)
	H := int((j.Overhead + g - 1) / g)
	T := min(int(j.Deadline/g), len(m.Avail))
	// Costs in the table are pricing.Accrued units held in int64: a tick
	// costs rate × seconds, far below 2^63 for any horizon the DP can hold.
	const inf = int64(math.MaxInt64)
	// cost[c][h][k], flattened; c: 0 none, 1 spot, 2 regular.
	size := 3 * (H + 1) * K
	at := func(c, h, k int) int { return (c*(H+1)+h)*K + k }
	cur, next := make([]int64, size), make([]int64, size)
	for i := range cur {
		cur[i] = inf
	}
	cur[at(0, 0, 0)] = 0
	best := inf
	res := Result{Policy: "optimal", Gap: g}
	relax := func(c, h, k int, v int64, t int) {
		if k >= K {
			if v < best {
				best = v
				res.CompletedAt = int64(t+1) * g
			}
			return
		}
		if i := at(c, h, k); v < next[i] {
			next[i] = v
		}
	}
	for t := range T {
		for i := range next {
			next[i] = inf
		}
		price := [3]int64{0, int64(m.Spot[t]) * g, int64(m.Regular) * g}
		// A start (H overhead ticks) gains nothing this tick unless H = 0.
		startH, startGain := max(H-1, 0), 0
		if H == 0 {
			startGain = 1
		}
		// Only states that can still finish: K − k productive ticks need
		// at least as many ticks left.
		lo := max(0, K-(T-t))
		hi := min(K-1, t)
		for c := range 3 {
			for h := 0; h <= H; h++ {
				for k := lo; k <= hi; k++ {
					v := cur[at(c, h, k)]
					if v == inf {
						continue
					}
					relax(0, 0, k, v, t) // stop, or stay stopped
					for c2 := 1; c2 < 3; c2++ {
						if c2 == 1 && !m.Avail[t] {
							continue
						}
						if c2 == c {
							gain := 0
							if h == 0 {
								gain = 1
							}
							relax(c, max(h-1, 0), k+gain, v+price[c], t)
						} else {
							relax(c2, startH, k+startGain, v+price[c2], t)
						}
					}
				}
			}
		}
		cur, next = next, cur
	}
	if best == inf {
		res.CompletedAt = int64(T) * g
		return res, nil
	}
	res.Cost, res.Done, res.DeadlineMet = pricing.Units(best), true, true
	return res, nil
}
