package policy

import (
	"fmt"

	"github.com/spotsim/spotsim/pricing"
)

// A run follows the papers' simulator (sky_spot's Strategy.step): at the
// start of tick k the progress of tick k−1 is counted, then the policy
// chooses for tick k, then two shared rules apply (the "strong guarantee"
// and "spot requested but not available"), and a start of a VM sets the
// restart overhead. Times are whole seconds, so where sky_spot compares
// floats with a 1e-3 tolerance spotsim compares exactly.

// State is what a policy sees at the start of a tick.
type State struct {
	Tick     int64  // the tick being decided, from 0
	Done     int64  // seconds of progress
	Last     Choice // what ran during the tick before
	Cur      Choice // Last, or None if spot was preempted at the start of this tick
	Overhead int64  // restart overhead still to spend, seconds
	Avail    bool   // spot can run during this tick
}

// Decider is one batch policy applied to one job on a tick grid; it keeps
// the little memory a policy has (greedy's switch), so use one per run.
type Decider struct {
	Kind    Kind
	Job     Job
	Gap     int64
	latched bool
}

type run struct {
	m       Market
	j       Job
	k       int64  // the tick being decided
	done    int64  // seconds of progress
	last    Choice // what ran during tick k−1
	cur     Choice // last, or None if spot was preempted at the start of tick k
	ohLeft  int64  // restart overhead still to spend, seconds
	latched *bool  // greedy has switched to regular for good
}

// Decide is the policy's choice for the tick, after the shared rules: the
// strong guarantee (deadline policies but greedy) and "spot asked for but
// not available" (regular in the critical window, else nothing). The
// caller starts a VM — and its restart overhead — when the choice is not
// None and differs from st.Cur.
func (d *Decider) Decide(st State) Choice {
	r := run{m: Market{Gap: d.Gap}, j: d.Job, k: st.Tick, done: st.Done, last: st.Last, cur: st.Cur, ohLeft: st.Overhead, latched: &d.latched}
	return r.choose(d.Kind, st.Avail)
}

func (r *run) choose(kind Kind, avail bool) Choice {
	req := r.decide(kind, avail)
	if kind == UniformProgress || kind == RevertToSpot {
		req = r.guarantee(req)
	}
	if req == Spot && !avail {
		req = None
		if kind != SpotOnly && r.critical() {
			req = Regular
		}
	}
	return req
}

// floorDiv and ceilDiv are integer divisions rounding as Python's
// math.floor and math.ceil do, for any sign of a (b > 0).
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

func ceilDiv(a, b int64) int64 { return -floorDiv(-a, b) }

// left is the time to the deadline in whole ticks, in seconds:
// ⌊(D − t)/g⌋·g.
func (r *run) left() int64 {
	g := r.m.Gap
	return floorDiv(r.j.Deadline-r.k*g, g) * g
}

// need is the time the remaining work takes after n restarts, rounded up to
// whole ticks: ⌈(W − done + n·d)/g⌉·g.
func (r *run) need(n int64) int64 {
	g := r.m.Gap
	return ceilDiv(r.j.Work-r.done+n*r.j.Overhead, g) * g
}

// critical is the hard switch: one more start (of a regular VM) is all the
// slack there is.
func (r *run) critical() bool { return r.need(1) >= r.left() }

// Run runs one batch policy over the market. keepPlan records the choice
// of each tick in Result.Plan.
func Run(kind Kind, m Market, j Job, keepPlan bool) (Result, error) {
	if err := m.check(j); err != nil {
		return Result{}, err
	}
	if j.Deadline <= 0 && kind != SpotOnly && kind != RegularOnly {
		return Result{}, fmt.Errorf("policy: %s needs a deadline", kind)
	}
	r := run{m: m, j: j, latched: new(bool)}
	res := Result{Policy: kind.String(), Gap: m.Gap}
	g := m.Gap
	n := int64(len(m.Avail))
	for r.k = 0; ; r.k++ {
		if r.k > 0 && r.last != None {
			// Tick k−1 ran: overhead first, then progress.
			used := min(r.ohLeft, g)
			r.ohLeft -= used
			d := min(g-used, j.Work-r.done)
			r.done += d
			if r.done >= j.Work {
				res.Done = true
				res.CompletedAt = (r.k-1)*g + used + d
				break
			}
		}
		if r.k == n {
			res.CompletedAt = n * g
			break
		}
		avail := m.Avail[r.k]
		r.cur = r.last
		if r.last == Spot && !avail {
			r.cur = None // preempted at the start of this tick
		}
		req := r.choose(kind, avail)
		if req != None && req != r.cur {
			r.ohLeft = j.Overhead
			res.Restarts++
		}
		switch req {
		case Spot:
			res.Cost = res.Cost.Add(pricing.Accrue(m.Spot[r.k], g))
			res.SpotTicks++
		case Regular:
			res.Cost = res.Cost.Add(pricing.Accrue(m.Regular, g))
			res.RegTicks++
		}
		if keepPlan {
			res.Plan = append(res.Plan, req)
		}
		r.last = req
	}
	res.DeadlineMet = res.Done && (j.Deadline <= 0 || res.CompletedAt <= j.Deadline)
	return res, nil
}

// guarantee is sky_spot's "strong guarantee", the last word on every
// deadline policy: in the critical window keep a spot VM that is running
// past its overhead (a preemption then still leaves time for one regular
// start), else run regular.
func (r *run) guarantee(req Choice) Choice {
	if r.done >= r.j.Work || !r.critical() {
		return req
	}
	if r.last == Spot && r.ohLeft == 0 {
		return Spot
	}
	return Regular
}

func (r *run) decide(kind Kind, avail bool) Choice {
	spotOr := func(c Choice) Choice {
		if avail {
			return Spot
		}
		return c
	}
	switch kind {
	case SpotOnly:
		return spotOr(None)
	case RegularOnly:
		return Regular
	case Greedy:
		if !*r.latched && r.critical() {
			*r.latched = true
		}
		if *r.latched {
			return Regular
		}
		return spotOr(None)
	case RevertToSpot:
		if r.cur == Regular && !(avail && r.need(2) < r.left()) {
			// Back to spot only if, after that start, a return to
			// regular would still meet the deadline.
			return Regular
		}
		return spotOr(Regular)
	case UniformProgress:
		return r.uniformProgress(avail)
	}
	panic("policy: unknown kind")
}

// uniformProgress is Can't Be Late's Uniform Progress as sky_spot's
// rc_cr_threshold.py has it (W work, D deadline, d overhead, t = k·g):
//
//  1. spot if available, else wait;
//  2. behind the line — done < t·W/D — spot if available, else regular;
//  3. on regular, stay while spot is unavailable or while the progress has
//     not reached the line 2d ahead: (t + 2d)·W/D ≥ done (hysteresis);
//  4. idle or on regular with ⌈(W − done + 2d)/g⌉·g ≥ ⌊(D − t)/g⌋·g:
//     regular;
//  5. ⌈(W − done + d)/g⌉·g ≥ ⌊(D − t)/g⌋·g: keep a spot VM that is past
//     its overhead, else regular (with d = 0, spot when available).
//
// Both line tests are multiplied through by D to stay exact.
func (r *run) uniformProgress(avail bool) Choice {
	W, D, d := r.j.Work, r.j.Deadline, r.j.Overhead
	t := r.k * r.m.Gap
	req := None
	if avail {
		req = Spot
	}
	if r.done*D < t*W { // rule 2
		req = Regular
		if avail {
			req = Spot
		}
	}
	if r.cur == Regular && (!avail || (t+2*d)*W >= r.done*D) { // rule 3
		req = Regular
	}
	left := r.left()
	if r.need(2) >= left && (r.cur == None || r.cur == Regular) { // rule 4
		req = Regular
	}
	if r.need(1) >= left { // rule 5
		if r.cur == Spot && r.ohLeft == 0 {
			req = Spot
		} else {
			req = Regular
		}
		if d == 0 && avail {
			req = Spot
		}
	}
	return req
}
