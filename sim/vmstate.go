package sim

import (
	"fmt"
	"math"
	"sort"

	"github.com/spotsim/spotsim/pricing"
)

// begin enters a transitional state; a zero timing settles it at once.
func (s *engine) begin(id int32, st State) {
	s.enter(id, st)
	var d int64
	switch st {
	case Creating:
		d = s.cfg.Timings.Create
	case Starting:
		d = s.cfg.Timings.Start
	case Stopping:
		d = s.cfg.Timings.Stop
	case Deallocating:
		d = s.cfg.Timings.Deallocate
	case Deleting:
		d = s.cfg.Timings.Delete
	}
	if d == 0 {
		s.settle(id)
		return
	}
	s.q.after(s.now, d, evTransitionDone, id, s.vm(id).gen)
}

func (s *engine) settle(id int32) {
	v := s.vm(id)
	from := v.state
	to := settlesTo[from]
	s.log(id, EvState, from, to, NoReason)
	s.enter(id, to)
	if !v.evicted {
		return
	}
	if fl := &s.fleets[v.rec.fleet]; fl.fallback && !fl.done && (to == Deallocated || to == Deleted) {
		s.fallBack(id)
		return
	}
	f := s.fleets[v.rec.fleet].cfg
	switch {
	case to == Deallocated && f.After == RestartAutomation:
		s.q.after(s.now, f.Interval, evRestart, id, v.gen)
	case to == Deleted && f.After == ReplaceAutomation:
		s.q.after(s.now, f.Interval, evReplace, v.rec.fleet, 0)
	}
	if to == Deallocated || to == Deleted {
		v.evicted = false
	}
}

// fallBack brings an evicted spot VM's capacity back as a regular VM, at
// once; a deallocated spot VM is deleted first. It is what either policy's
// automation does once the fleet has fallen back, so that deallocate with
// restart and delete with replace end the same way.
func (s *engine) fallBack(id int32) {
	v := s.vm(id)
	fl := &s.fleets[v.rec.fleet]
	v.evicted = false
	if v.state == Deallocated {
		s.log(id, EvDelete, Deallocated, Deleting, WhyFallback)
		s.begin(id, Deleting)
	}
	if fl.live < fl.target {
		s.createAs(int(v.rec.fleet), WhyFallback, true)
	}
}

// enter closes the interval spent in the old state and keeps every index
// (capacity, quota, price buckets, fleet count) in step with the new one.
func (s *engine) enter(id int32, st State) {
	v := s.vm(id)
	if !legal[v.state][st] {
		s.impossible(v, st)
	}
	s.accrue(v)
	leftRunning := v.state == Running && st != Running
	if (v.state == Running) != (st == Running) {
		f := &s.fleets[v.rec.fleet]
		s.measure(f)
		if st == Running {
			f.running += s.weight(f, v.rec.pool)
		} else {
			f.running -= s.weight(f, v.rec.pool)
		}
		if leftRunning {
			s.batchLeave(v)
		}
		s.recordWorkload(f)
		s.serviceWake(f)
	}
	v.state = st
	v.gen++
	s.relink(id)
	if st == Deleted {
		s.dead = append(s.dead, id)
	}
	if st == Running {
		v.runStart = s.now
	}
	if f := &s.fleets[v.rec.fleet]; f.cfg.Workload.Kind == Batch && (leftRunning || st == Running) {
		s.batchPlan(f)
	}
	s.armHazard(v)
}

// armHazard keeps a stochastic eviction pending while a spot VM of a pool
// with a rate is allocated — creating, starting, running, stopping or
// stopped: Azure evicts spot VMs when it needs their capacity back, and a
// stopped VM holds capacity as a running one does (R6). The draw is made
// when the VM becomes allocated and dropped when it stops being so; the
// exponential is memoryless, so states within the allocated stretch need no
// new draw.
func (s *engine) armHazard(v *vm) {
	p := &s.pools[v.rec.pool]
	if p.cfg.Hazard <= 0 || v.regular {
		return
	}
	switch allocated := v.state.Allocated(); {
	case allocated && !v.hazardArmed:
		v.hazardArmed = true
		v.hazardSeq++
		v.armedAt = s.now
		// Under the correlated model the pool's reclaim events pick the
		// victims (reclaim.go); the VM only becomes one to pick.
		if p.cfg.Reclaim.Model == Independent {
			wait := max(1, int64(math.Ceil(p.hazard.Rand())))
			// The recommendation first: one with no lead comes at the
			// notice's instant, and must come before it.
			s.warnAhead(v, wait)
			s.q.at(s.now+wait, evHazard, v.id, v.hazardSeq)
		}
		s.nextFalseAlarm(v)
	case !allocated && v.hazardArmed:
		v.hazardArmed = false
		v.hazardSeq++
	}
}

func (s *engine) relink(id int32) {
	v := s.vm(id)
	p := &s.pools[v.rec.pool]
	f := &s.fleets[v.rec.fleet]
	spot := !v.regular
	if hold := spot && v.state.Allocated(); hold != v.holdsCap {
		v.holdsCap = hold
		if hold {
			p.allocated++
		} else {
			p.allocated--
		}
	}
	if live := v.state < Deleting; live != v.live {
		v.live = live
		d := s.weight(f, v.rec.pool)
		if !live {
			d = -d
		}
		s.countLive(f, v.rec.pool, v.regular, d)
	}
	if hold := v.state != Deleted; hold != v.holdsQuot {
		v.holdsQuot = hold
		sign := int64(1)
		if !hold {
			sign = -1
		}
		s.countQuota(p, v.regular, sign)
	}
	noticeable := spot && v.state.Allocated() && !v.noticed
	if noticeable == (v.activePos >= 0) {
		return
	}
	if noticeable {
		v.activePos = int32(len(p.active))
		p.active = append(p.active, id)
		if maxPrice := v.rec.maxPrice; maxPrice >= 0 {
			b := sort.Search(len(p.buckets), func(i int) bool { return p.buckets[i].price >= maxPrice })
			v.bucket = int32(b)
			v.bucketPos = int32(len(p.buckets[b].vms))
			p.buckets[b].vms = append(p.buckets[b].vms, id)
			s.wakeFor(p, v.rec.pool, maxPrice)
		}
		return
	}
	last := p.active[len(p.active)-1]
	p.active[v.activePos] = last
	s.vm(last).activePos = v.activePos
	p.active = p.active[:len(p.active)-1]
	v.activePos = -1
	if v.bucket >= 0 {
		bk := &p.buckets[v.bucket]
		last := bk.vms[len(bk.vms)-1]
		bk.vms[v.bucketPos] = last
		s.vm(last).bucketPos = v.bucketPos
		bk.vms = bk.vms[:len(bk.vms)-1]
		v.bucket = -1
	}
}

// admit applies R3 and R7 to a create (needQuota) or a start from
// deallocated in a pool: quota first, as Azure validates it before
// allocating, then the max price, then capacity. It returns "" or Azure's
// error code.
func (s *engine) admit(pool int32, regular bool, maxPrice pricing.Price, needQuota bool) Why {
	p := &s.pools[pool]
	if needQuota && p.quota >= 0 {
		q := &s.quotas[p.quota]
		if !regular && q.spotLimit >= 0 && q.spotUsed+p.cfg.VCPUs > q.spotLimit ||
			regular && q.regularLimit >= 0 && q.regularUsed+p.cfg.VCPUs > q.regularLimit {
			return WhyNotAllowed
		}
	}
	if regular {
		return NoReason
	}
	if maxPrice >= 0 && s.spot(p) > maxPrice {
		return WhyPriceAboveMax
	}
	if p.full() {
		return WhyNoCapacity
	}
	return NoReason
}

func (s *engine) create(fi int, why Why) bool {
	return s.createAs(fi, why, s.nextIsRegular(&s.fleets[fi]))
}

func (s *engine) createAs(fi int, why Why, regular bool) bool {
	f := &s.fleets[fi]
	pool, code := s.choose(f, regular)
	if code != NoReason {
		s.res.Fleets[fi].FailedCreates++
		s.logFailed(fi, code, pool, regular)
		if f.cfg.After == ReplaceAutomation {
			s.q.after(s.now, f.cfg.Interval, evReplace, int32(fi), 0)
		}
		return false
	}
	v, id := s.newVM()
	r := &v.rec
	r.fleet, r.pool, r.number, r.createdAt = int32(fi), pool, int32(f.next), s.now
	r.priority, r.maxPrice = priorityOf(regular), f.maxPrice(regular)
	v.regular, v.state, v.since, v.activePos, v.bucket = regular, Creating, s.now, -1, -1
	f.next++
	f.vms = append(f.vms, id)
	s.log(id, EvCreate, NoState, Creating, why)
	s.relink(id)
	s.begin(id, Creating)
	return true
}

// start tries to start a deallocated VM (R3: no new quota needed).
func (s *engine) start(id int32, why Why) bool {
	v := s.vm(id)
	if code := s.admit(v.rec.pool, v.regular, v.rec.maxPrice, false); code != NoReason {
		s.res.Fleets[v.rec.fleet].FailedStarts++
		s.log(id, EvStartFailed, v.state, v.state, code)
		return false
	}
	s.log(id, EvStart, v.state, Starting, why)
	s.begin(id, Starting)
	return true
}

func priorityOf(regular bool) Priority {
	if regular {
		return Regular
	}
	return Spot
}

// impossible panics on a state change the lifecycle does not allow (an
// engine bug), naming the VM and both states; apart from enter, so that
// the check costs enter one load and a branch.
//
//go:noinline
func (s *engine) impossible(v *vm, st State) {
	prefix, sep := s.cfg.Fleets[v.rec.fleet].VMNaming()
	panic(fmt.Sprintf("sim: impossible transition of VM %s%c%d from %s to %s at %d s", prefix, sep, v.rec.number, v.state, st, s.now))
}
