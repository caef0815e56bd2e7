package traces

import (
	"math"

	"github.com/spotsim/spotsim/pricing"
)

// ReclaimFit is what a capacity trace says about the correlated-reclaim
// model's parameters (sim/reclaim.go): how often capacity drops, by how
// much, and how long it takes to come back.
type ReclaimFit struct {
	// Reclaims is the number of reclaim events: drops in capacity, those
	// within MergeGap of the previous drop counting as one.
	Reclaims int
	// Hours is the exposure: hours with capacity > 0, when a reclaim can
	// happen.
	Hours float64
	// MeanShare is the mean fraction of the capacity an event took.
	MeanShare float64
	// Recovered counts the events after which capacity came back to its
	// level before the drop within the trace; MeanRecovery is their mean
	// time to do so, in seconds (the others are censored, left out).
	Recovered    int
	MeanRecovery float64
}

// MergeGap is how close, in seconds, two drops must be to count as one
// reclaim event: 5 minutes, as the tail measures' episodes.
const MergeGap = 300

// Rate is the reclaim events per hour of exposure.
func (f ReclaimFit) Rate() float64 {
	if f.Hours == 0 {
		return 0
	}
	return float64(f.Reclaims) / f.Hours
}

// Hazard is the per-VM eviction rate per hour the fit implies (events per
// hour × mean share), and Band the chance of eviction within an hour,
// 1 − e^(−hazard): what a pool's `hazard` or `eviction_rate` would be set to.
func (f ReclaimFit) Hazard() float64 { return f.Rate() * f.MeanShare }
func (f ReclaimFit) Band() float64   { return -math.Expm1(-f.Hazard()) }

// FitReclaims measures a capacity trace (unlimited points are skipped).
// An event's share is the capacity its drops took over the capacity it
// found; it recovers when capacity is back to that level.
func FitReclaims(tr *Trace) ReclaimFit {
	var fit ReclaimFit
	var shares, recovery float64
	type event struct {
		before, last int64 // capacity found; time of the last drop
	}
	var pending []event // events not yet recovered
	merging := false    // the last change was a drop that a next one may join
	for i := 1; i < len(tr.Times); i++ {
		prev, v, t := tr.Values[i-1], tr.Values[i], tr.Times[i]
		if prev == pricing.Unlimited || v == pricing.Unlimited {
			merging = false
			continue
		}
		if prev > 0 {
			fit.Hours += float64(t-tr.Times[i-1]) / 3600
		}
		switch {
		case v < prev && prev > 0:
			if e := len(pending) - 1; merging && e >= 0 && t-pending[e].last <= MergeGap {
				shares += float64(prev-v) / float64(pending[e].before)
				pending[e].last = t
				continue
			}
			fit.Reclaims++
			shares += float64(prev-v) / float64(prev)
			pending = append(pending, event{before: prev, last: t})
			merging = true
		case v > prev:
			merging = false
			kept := pending[:0]
			for _, e := range pending {
				if v >= e.before {
					fit.Recovered++
					recovery += float64(t - e.last)
				} else {
					kept = append(kept, e)
				}
			}
			pending = kept
		}
	}
	if fit.Reclaims > 0 {
		fit.MeanShare = shares / float64(fit.Reclaims)
	}
	if fit.Recovered > 0 {
		fit.MeanRecovery = recovery / float64(fit.Recovered)
	}
	return fit
}
