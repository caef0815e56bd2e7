package pricing

import "sort"

// Series is a step function of simulated time: Values[i] holds from Times[i]
// until Times[i+1] (the last value holds to the end). Times are seconds from
// the scenario start, strictly increasing, and Times[0] is 0.
type Series struct {
	Times  []int64
	Values []int64
}

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
type Curve struct {
	times  []int64
	rates  []Price
	prefix []Accrued // prefix[i] = integral from 0 to times[i]
}

// NewCurve builds the integral of min(spot, ceiling).
func NewCurve(spot Series, ceiling Price) *Curve {
	c := &Curve{times: spot.Times, rates: make([]Price, len(spot.Values)), prefix: make([]Accrued, len(spot.Values))}
	for i, v := range spot.Values {
		c.rates[i] = min(Price(v), ceiling)
		if i > 0 {
			c.prefix[i] = c.prefix[i-1].Add(Accrue(c.rates[i-1], c.times[i]-c.times[i-1]))
		}
	}
	return c
}

func (c *Curve) upTo(t int64) Accrued {
	i := sort.Search(len(c.times), func(i int) bool { return c.times[i] > t }) - 1
	return c.prefix[i].Add(Accrue(c.rates[i], t-c.times[i]))
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
	i := sort.Search(len(c.times), func(i int) bool { return c.times[i] > t0 }) - 1
	var sum Accrued
	for t := t0; t < t1; i++ {
		end := t1
		if i+1 < len(c.times) && c.times[i+1] < t1 {
			end = c.times[i+1]
		}
		sum = sum.Add(Accrue(min(c.rates[i], limit), end-t))
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
	return c.prefix[k.i].Add(Accrue(c.rates[k.i], t-c.times[k.i]))
}
