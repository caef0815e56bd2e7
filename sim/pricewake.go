package sim

import "github.com/spotsim/spotsim/pricing"

// A pool's spot price is not replayed point by point through the queue: a
// year of 5-minute prices in 20 pools is 2.1 million events, and almost
// none of them changes anything, since billing reads the price curve's
// prefix sums and the price only matters when something reads it or when
// it rises past a max price a VM holds. So the price is read when asked for
// (spot), and the queue holds one wake per pool, at the first price point
// above the lowest max price of the pool's noticeable VMs: at that point
// the notice check runs for the pool as it did at every point (price
// notices are only ever sent at a price point), and at the points in
// between it would have found nobody to notice. A VM joins a bucket only
// when admitted at the current price, at or under its max (admit), so no
// point before the next one can evict it.

// spot is the pool's spot price now: the last price point at or before now
// (0 in a pool with no spot prices, which hosts regular VMs only).
func (s *engine) spot(p *pool) pricing.Price {
	if p.cfg.Spot == nil {
		return p.price
	}
	ts, i := p.cfg.Spot.Times, p.priceIdx
	if i+1 == len(ts) || ts[i+1] > s.now {
		return p.price
	}
	// Walked in locals and stored once: the pool's fields written at every
	// step made a large share of a year's walk.
	for i++; i+1 < len(ts) && ts[i+1] <= s.now; i++ {
	}
	p.priceIdx, p.price = i, pricing.Price(p.cfg.Spot.Values[i])
	return p.price
}

// noWake is a pool's wake time when none is pending, and noBound its wake
// bound when no wake was looked for since the last one.
const (
	noWake  = int64(1<<63 - 1)
	noBound = pricing.Price(1<<63 - 1)
)

// wakeFor makes sure the pool wakes at its first price point after now
// whose price is above x, the max price of a VM that just became
// noticeable: earlier than the pending wake, the pending one is dropped
// (its generation goes stale) for this one.
func (s *engine) wakeFor(p *pool, pi int32, x pricing.Price) {
	if x >= p.wakeBound {
		return // the pending wake (or none) already serves a bound at or below x
	}
	p.wakeBound = x
	s.spot(p)
	j := p.above.next(p.priceIdx+1, int64(x))
	if j == len(p.cfg.Spot.Times) {
		return
	}
	if t := p.cfg.Spot.Times[j]; t < p.wakeAt {
		p.wakeAt = t
		p.wakeGen++
		s.q.at(t, evPrice, pi, p.wakeGen)
	}
}

// priceWake is the pool's wake falling due: the notice check looks at its
// buckets, and the next wake is set for the lowest max price held now (if
// this instant's notices empty that bucket, the next wake comes early and
// finds nobody, as the point-by-point replay did).
func (s *engine) priceWake(pi int32, gen uint32) {
	p := &s.pools[pi]
	if gen != p.wakeGen {
		return
	}
	p.wakeAt, p.wakeBound = noWake, noBound
	p.dirtyPrice = true
	s.wantNoticeCheck()
	for b := range p.buckets {
		if len(p.buckets[b].vms) > 0 {
			s.wakeFor(p, pi, p.buckets[b].price)
			return
		}
	}
}

// maxIndex finds the first value above a bound at or after an index,
// reading the maxima of blocks of 64 and 4,096 values where it can: a
// pool's whole year is scanned in a few hundred steps, not 105,120.
type maxIndex struct {
	v        []int64
	m64, m4k []int64
}

const (
	maxSmall = 64
	maxLarge = 4096
)

func newMaxIndex(v []int64) maxIndex {
	m64 := blockMaxima(v, maxSmall)
	return maxIndex{v: v, m64: m64, m4k: blockMaxima(m64, maxLarge/maxSmall)}
}

// blockMaxima is the maximum of each block of n values (the last may be
// shorter).
func blockMaxima(v []int64, n int) []int64 {
	out := make([]int64, 0, (len(v)+n-1)/n)
	for len(v) > 0 {
		blk := v[:min(n, len(v))]
		m := blk[0]
		for _, x := range blk[1:] {
			m = max(m, x)
		}
		out = append(out, m)
		v = v[len(blk):]
	}
	return out
}

// next is the first index i >= from with v[i] > x, or len(v).
func (m *maxIndex) next(from int, x int64) int {
	n := len(m.v)
	i := from
	for ; i < n && i%maxSmall != 0; i++ {
		if m.v[i] > x {
			return i
		}
	}
	for ; i < n && i%maxLarge != 0; i += maxSmall {
		if m.m64[i/maxSmall] > x {
			return m.scan(i, x)
		}
	}
	for ; i < n; i += maxLarge {
		if m.m4k[i/maxLarge] > x {
			for ; ; i += maxSmall {
				if m.m64[i/maxSmall] > x {
					return m.scan(i, x)
				}
			}
		}
	}
	return n
}

// scan is the first index in the block of 64 from i with a value above x,
// which the block's maximum says there is.
func (m *maxIndex) scan(i int, x int64) int {
	for m.v[i] <= x {
		i++
	}
	return i
}
