package sim

import (
	"slices"
	"unsafe"
)

// vm is VM id's engine state, or nil once the VM is deleted and its state
// released: a timer or list entry for it is then stale.
func (s *engine) vm(id int32) *vm {
	if slot := *s.slotOf.at(id); slot >= 0 {
		return s.vms.at(slot)
	}
	return nil
}

// newVM is a new VM's zeroed slot, for the caller to fill in, and its id:
// the slot released last if there is one (its memory is the likeliest to
// be in cache).
func (s *engine) newVM() (*vm, int32) {
	var v *vm
	var slot int32
	if n := len(s.free); n > 0 {
		slot = s.free[n-1]
		s.free = s.free[:n-1]
		v = s.vms.at(slot)
		*v = vm{}
	} else {
		slot = int32(s.vms.len())
		v = s.vms.push()
		if next := s.vms.ahead(lookahead); next != nil {
			prefetch(uintptr(unsafe.Pointer(next)), 3) // a slot never used is not in cache
		}
	}
	v.id = s.slotOf.add(slot)
	return v, v.id
}

// releaseDead moves the records of the VMs the event in hand deleted to the
// done list and frees their slots. Deleted is final (nothing starts or
// restarts a deleted VM), so what the horizon would add to a record is
// known now: the seconds from here to the horizon in deleted, which bill
// nothing. Under a billing table that bills the deleted state the VMs are
// kept to the end, so that their usage rows keep their order.
func (s *engine) releaseDead() {
	if s.cfg.Billing[Deleted].Compute || s.cfg.Billing[Deleted].Disk {
		s.dead = s.dead[:0]
		return
	}
	for _, id := range s.dead {
		slot := s.slotOf.at(id)
		if *slot < 0 {
			continue
		}
		v := s.vms.at(*slot)
		if v.state != Deleted {
			continue
		}
		s.accrue(v)
		v.rec.clock.add(Deleted, s.cfg.Horizon-s.now)
		v.rec.final = Deleted
		s.free = append(s.free, *slot)
		*slot = ^int32(s.done.len())
		*s.done.push() = v.rec
		if next := s.done.ahead(lookahead); next != nil {
			prefetch(uintptr(unsafe.Pointer(next)), 3)
		}
		v.id = -1 // a free slot, which VMs.Unordered skips
		f := &s.fleets[v.rec.fleet]
		if f.released++; 2*f.released > len(f.vms) {
			s.pruneVMs(f)
		}
	}
	s.dead = s.dead[:0]
}

// warm has the processor fetch VM id's state, for an event a few places
// on (queue.ahead), and the entry of the VM of the event after that
// (further) in slotOf, while it handles the events before them, instead of
// waiting for each VM when its event comes: most of B2's time went to
// such waits, one VM after another.
func (s *engine) warm(id int32, further pending) {
	if k := further.kind; k != numKinds && vmEvent[k] {
		s.fetchSlotOf(further.id)
	}
	s.fetchVM(id)
}

// warmList is warm for a list of VMs handled one after another: at the
// i-th, the VM lookahead places on and the slotOf entry of the one after.
func (s *engine) warmList(ids []int32, i int) {
	if j := i + 2*lookahead; j < len(ids) {
		s.fetchSlotOf(ids[j])
	}
	if j := i + lookahead; j < len(ids) {
		s.fetchVM(ids[j])
	}
}

// fetchSlotOf prefetches VM id's entry in slotOf.
func (s *engine) fetchSlotOf(id int32) {
	prefetch(uintptr(unsafe.Pointer(s.slotOf.at(id))), 1)
}

// fetchVM prefetches the three cache lines of VM id's slot, if it has one.
func (s *engine) fetchVM(id int32) {
	if slot := *s.slotOf.at(id); slot >= 0 {
		prefetch(uintptr(unsafe.Pointer(s.vms.at(slot))), 3)
	}
}

// vmEvent says which kinds of event carry a VM's id (the others a pool's
// or fleet's index, or nothing).
var vmEvent = [numKinds]bool{
	evEvictDue: true, evTransitionDone: true, evRestart: true, evHazard: true,
	evRebalance: true, evFalseAlarm: true, evRebalanceDelete: true,
}

// pruneVMs drops the released VMs from the fleet's list, once they are half
// of it: every walk of the list skipped them (a released VM is deleted),
// and a fleet that replaces its evicted VMs would otherwise walk and grow a
// list of every VM it ever had.
func (s *engine) pruneVMs(f *fleet) {
	f.vms = slices.DeleteFunc(f.vms, func(id int32) bool { return *s.slotOf.at(id) < 0 })
	f.released = 0
}
