package pricing

import (
	"math"
	"math/bits"
	"sort"

	"github.com/spotsim/spotsim/internal/mem"
)

// Series is a step function of simulated time: Values[i] holds from Times[i]
// until Times[i+1] (the last value holds to the end). Times are seconds from
// the scenario start, strictly increasing, and Times[0] is 0.
type Series struct {
	Times  []int64
	Values []int64
}

// Unlimited is the capacity value for "no limit".
const Unlimited int64 = -1

// Constant is a series with one value from time 0.
func Constant(v int64) Series { return Series{Times: []int64{0}, Values: []int64{v}} }

// Index is the index of the step in effect at t (t >= 0).
func (s Series) Index(t int64) int {
	return sort.Search(len(s.Times), func(i int) bool { return s.Times[i] > t }) - 1
}

// At is the value in effect at t.
func (s Series) At(t int64) int64 { return s.Values[s.Index(t)] }

// Curve integrates a spot price series capped at a ceiling (the pool's
// pay-as-you-go price, R5) in O(log n) per interval through prefix sums, so
// closing a VM's billing interval costs the same whatever the number of
// price points inside it.
//
// A year of 5-minute prices for 20 pools is 2.1 million points, so the
// curve shares what it can: the rates are the spot values themselves when
// none is above the ceiling, and the prefix sums are 64-bit when the last
// one fits (a year of prices up to $290 an hour does), 128-bit past that.
//
// A Curve remembers where it last looked (step), so it is not safe for
// concurrent use.
type Curve struct {
	times    []int64
	rates    []int64   // min(spot, ceiling)
	prefix64 []int64   // prefix[i] = integral from 0 to times[i], when it fits
	prefix   []Accrued // else
	step     int       // the step found by the last forward search
}

// Fork is a curve that shares c's arrays (read, never written) and keeps
// its own search position, for another run: a Curve is not safe for
// concurrent use, its forks are.
func (c *Curve) Fork() *Curve {
	f := *c
	f.step = 0
	return &f
}

// NewCurve builds the integral of min(spot, ceiling).
func NewCurve(spot Series, ceiling Price) *Curve { return NewCurveIn(spot, ceiling, nil) }

// NewCurveIn is NewCurve with its arrays cut from slab (nil: made on their
// own), so that the curves of a run's pools share huge pages.
func NewCurveIn(spot Series, ceiling Price, slab *mem.Slab[int64]) *Curve {
	c := &Curve{times: spot.Times, rates: spot.Values}
	for i, v := range spot.Values {
		if Price(v) > ceiling {
			c.rates = slab.Make(len(spot.Values))
			copy(c.rates, spot.Values[:i])
			for j := i; j < len(spot.Values); j++ {
				c.rates[j] = int64(min(Price(spot.Values[j]), ceiling))
			}
			break
		}
	}
	if p, ok := prefix64(c.times, c.rates, slab); ok {
		c.prefix64 = p
		return c
	}
	c.prefix = make([]Accrued, len(c.rates))
	for i := 1; i < len(c.rates); i++ {
		c.prefix[i] = c.prefix[i-1].Add(Accrue(Price(c.rates[i-1]), c.times[i]-c.times[i-1]))
	}
	return c
}

// prefix64 is the prefix sums of rates over times in 64 bits, or false if
// a rate is negative or a sum does not fit (then the 128-bit ones serve).
func prefix64(times, rates []int64, slab *mem.Slab[int64]) ([]int64, bool) {
	out := slab.Make(len(rates))
	if fast, ok := prefixNoOverflow(times, rates, out); fast {
		return out, ok
	}
	var sum uint64
	for i := 1; i < len(rates); i++ {
		r := rates[i-1]
		if r < 0 {
			return nil, false
		}
		hi, term := bits.Mul64(uint64(r), uint64(times[i]-times[i-1]))
		next, carry := bits.Add64(sum, term, 0)
		if hi != 0 || carry != 0 || next > math.MaxInt64 {
			return nil, false
		}
		sum = next
		out[i] = int64(sum)
	}
	return out, true
}

// prefixNoOverflow fills out with the prefix sums when the largest rate
// over the whole span fits in 63 bits, so that no sum can overflow and the
// loop needs no check per step (fast); ok is false if a rate is negative.
// A year of prices under $290 an hour takes this path.
func prefixNoOverflow(times, rates, out []int64) (fast, ok bool) {
	n := len(rates)
	if n < 2 || len(times) != n {
		return false, false
	}
	var top, sign int64
	for _, r := range rates[:n-1] {
		top, sign = max(top, r), sign|r
	}
	if hi, lo := bits.Mul64(uint64(top), uint64(times[n-1]-times[0])); hi != 0 || lo > math.MaxInt64 {
		return false, false
	}
	if sign < 0 {
		return true, false
	}
	var sum int64
	for i := 1; i < n; i++ {
		sum += rates[i-1] * (times[i] - times[i-1])
		out[i] = sum
	}
	return true, true
}

// at is the integral from 0 to times[i].
func (c *Curve) at(i int) Accrued {
	if c.prefix64 != nil {
		return Units(c.prefix64[i])
	}
	return c.prefix[i]
}

func (c *Curve) upTo(t int64) Accrued {
	i := c.find(t)
	return c.at(i).Add(Accrue(Price(c.rates[i]), t-c.times[i]))
}

// find is the step in effect at t (t >= times[0]): the last i with
// times[i] <= t. The engine asks about now, which only moves forward, and
// about a VM's last accrual, often in the same step as now: so find looks
// at the step it found last and the next before it bisects, and bisects
// only the part of the times on the side of t. Half of a large run's
// searches then touch one or two cache lines instead of seventeen.
func (c *Curve) find(t int64) int {
	ts, h := c.times, c.step
	if t < ts[h] {
		return sort.Search(h, func(i int) bool { return ts[i] > t }) - 1
	}
	switch {
	case h+1 == len(ts) || t < ts[h+1]:
		return h
	case h+2 == len(ts) || t < ts[h+2]:
		c.step = h + 1
	default:
		c.step = h + 1 + sort.Search(len(ts)-h-1, func(i int) bool { return ts[h+1+i] > t }) - 1
	}
	return c.step
}

// Integrate is the cost of one VM from t0 to t1 at min(spot, ceiling).
func (c *Curve) Integrate(t0, t1 int64) Accrued {
	if t1 <= t0 {
		return Accrued{}
	}
	return c.upTo(t1).Sub(c.upTo(t0))
}

// IntegrateCapped is the cost from t0 to t1 at min(spot, ceiling, limit). It
// walks the steps inside the interval, so callers use it only where the spot
// price may exceed the limit: a VM's notice period, a few seconds long.
func (c *Curve) IntegrateCapped(t0, t1 int64, limit Price) Accrued {
	if t1 <= t0 {
		return Accrued{}
	}
	if limit < 0 {
		return c.Integrate(t0, t1)
	}
	i := c.find(t0)
	var sum Accrued
	for t := t0; t < t1; i++ {
		end := t1
		if i+1 < len(c.times) && c.times[i+1] < t1 {
			end = c.times[i+1]
		}
		sum = sum.Add(Accrue(min(Price(c.rates[i]), limit), end-t))
		t = end
	}
	return sum
}

// CurveCursor integrates a Curve at increasing times in amortised O(1) each:
// UpTo(t) for t at or after the previous call's.
type CurveCursor struct {
	c *Curve
	i int
}

// Cursor starts a cursor at time t0.
func (c *Curve) Cursor(t0 int64) *CurveCursor {
	return &CurveCursor{c: c, i: sort.Search(len(c.times), func(i int) bool { return c.times[i] > t0 }) - 1}
}

// UpTo is the integral of min(spot, ceiling) from 0 to t; t must not go
// back in time from the previous call.
func (k *CurveCursor) UpTo(t int64) Accrued {
	c := k.c
	for k.i+1 < len(c.times) && c.times[k.i+1] <= t {
		k.i++
	}
	return c.at(k.i).Add(Accrue(Price(c.rates[k.i]), t-c.times[k.i]))
}
