package sim

import (
	"math"
	"math/rand/v2"
)

// DistKind is the shape of a Dist.
type DistKind uint8

const (
	// Fixed always gives Min.
	Fixed DistKind = iota
	// Uniform draws from [Min, Max].
	Uniform
	// Empirical draws one of Values with probability proportional to its
	// weight.
	Empirical
	// Exponential draws with mean Min (memoryless: a recovery that may
	// take much longer than usual).
	Exponential
)

// Dist is a distribution of one parameter of the eviction models: a share
// of a pool, or a lead or recovery time in seconds. It is a plain value, so
// a Config stays comparable and printable.
type Dist struct {
	Kind     DistKind
	Min, Max float64
	Values   []float64
	Weights  []float64 // same length as Values, each > 0
}

// FixedDist is the distribution that always gives x.
func FixedDist(x float64) Dist { return Dist{Kind: Fixed, Min: x, Max: x} }

// Mean is the distribution's expected value: what the band derivation needs.
func (d Dist) Mean() float64 {
	switch d.Kind {
	case Uniform:
		return (d.Min + d.Max) / 2
	case Empirical:
		var sum, w float64
		for i, v := range d.Values {
			sum += v * d.Weights[i]
			w += d.Weights[i]
		}
		return sum / w
	default:
		return d.Min
	}
}

// Draw draws one value from r.
func (d Dist) Draw(r *rand.Rand) float64 {
	switch d.Kind {
	case Uniform:
		return d.Min + (d.Max-d.Min)*r.Float64()
	case Empirical:
		var total float64
		for _, w := range d.Weights {
			total += w
		}
		u := r.Float64() * total
		for i, w := range d.Weights {
			if u < w {
				return d.Values[i]
			}
			u -= w
		}
		return d.Values[len(d.Values)-1]
	case Exponential:
		return r.ExpFloat64() * d.Min
	default:
		return d.Min
	}
}

// seconds draws a duration in whole seconds, rounded to the nearest.
func (d Dist) seconds(r *rand.Rand) int64 {
	return max(0, int64(math.Round(d.Draw(r))))
}

// valid reports whether the distribution is well formed and its values lie
// in [lo, hi].
func (d Dist) valid(lo, hi float64) bool {
	in := func(x float64) bool { return x >= lo && x <= hi }
	switch d.Kind {
	case Fixed, Exponential:
		return in(d.Min)
	case Uniform:
		return in(d.Min) && in(d.Max) && d.Min <= d.Max
	case Empirical:
		if len(d.Values) == 0 || len(d.Values) != len(d.Weights) {
			return false
		}
		for i, v := range d.Values {
			if !in(v) || !(d.Weights[i] > 0) || math.IsInf(d.Weights[i], 0) {
				return false
			}
		}
		return true
	}
	return false
}
