package sim

import (
	"slices"
)

// act carries out one scripted action on its fleet's VMs in number order.
func (s *engine) act(a *Action) {
	f := &s.fleets[a.Fleet]
	if a.Op == OpScale {
		s.scale(a.Fleet, a.Count)
		return
	}
	for _, id := range slices.Clone(f.vms) {
		v := s.vm(id)
		if v == nil || a.VM >= 0 && int(v.rec.number) != a.VM || v.state == Deleted {
			continue
		}
		s.apply(id, a)
	}
}

func (s *engine) apply(id int32, a *Action) {
	v := s.vm(id)
	why := opWhy[a.Op]
	switch opRules[a.Op][v.state] {
	case ignore:
	case refuse:
		switch a.Op {
		case OpStart:
			s.res.Fleets[v.rec.fleet].FailedStarts++
			s.log(id, EvStartFailed, v.state, v.state, WhyNotAllowed)
		case OpSetMaxPrice:
			s.log(id, EvSetMaxPriceFailed, v.state, v.state, WhyMaxPriceNeedsDealloc)
		}
	case checked:
		s.start(id, why)
	case proceed:
		switch a.Op {
		case OpSetMaxPrice:
			v.rec.maxPrice = a.MaxPrice
			s.log(id, EvSetMaxPrice, v.state, v.state, why)
		default:
			if a.Op == OpDeallocate || a.Op == OpDelete {
				// The user got there first: the pending eviction is moot
				// and not counted, and automation does not react to it.
				s.endNotice(v)
				v.evicted = false
			}
			kind := [...]EventKind{OpStart: EvStart, OpStop: EvStop, OpDeallocate: EvDeallocate, OpDelete: EvDelete}[a.Op]
			s.log(id, kind, v.state, opTarget[a.Op], why)
			s.begin(id, opTarget[a.Op])
		}
	}
}

// scale sets a fleet's count: new VMs are created at once; a smaller count
// deletes live VMs, newest first within the split a priority mix keeps
// (sim/mix.go). Before the fleet's create_at it only sets the count it is
// created with.
func (s *engine) scale(fi int, count int) {
	f := &s.fleets[fi]
	if s.now < f.cfg.CreateAt {
		// A scale set that does not exist yet is created at the new count.
		f.target = count
		return
	}
	s.measure(f)
	f.target = count
	s.recordWorkload(f)
	if f.cfg.Unit == UnitVCPUs {
		s.fill(f, WhyScale)
	} else {
		for range f.target - f.live {
			s.create(fi, WhyScale)
		}
	}
	s.scaleIn(f)
}

// deleteByUser deletes a VM on the user's (or automation's) behalf: a
// pending eviction is moot and not counted, and automation does not react.
func (s *engine) deleteByUser(id int32, why Why) {
	v := s.vm(id)
	s.endNotice(v)
	v.evicted = false
	s.log(id, EvDelete, v.state, Deleting, why)
	s.begin(id, Deleting)
}
