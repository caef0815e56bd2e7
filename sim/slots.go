package sim

// vm is VM id's engine state, or nil once the VM is deleted and its state
// released: a timer or list entry for it is then stale.
func (s *engine) vm(id int32) *vm {
	if slot := *s.slotOf.at(id); slot >= 0 {
		return s.vms.at(slot)
	}
	return nil
}

// newVM adds a VM in the slot released last if there is one (its memory is
// the likeliest to be in cache) and returns its id.
func (s *engine) newVM(v vm) int32 {
	var slot int32
	if n := len(s.free); n > 0 {
		slot = s.free[n-1]
		s.free = s.free[:n-1]
	} else {
		slot = s.vms.add(vm{})
	}
	v.id = s.slotOf.add(slot)
	*s.vms.at(slot) = v
	return v.id
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
		*slot = ^s.done.add(v.rec)
		v.id = -1 // a free slot, which VMs.Unordered skips
	}
	s.dead = s.dead[:0]
}
