package sim

// ServicePolicy is a service fleet's spot hedge, after SpotHedge/SkyServe
// (EuroSys 2025): Overprovision extra spot VMs beyond the count, and with
// DynamicFallback, whenever fewer spot VMs than the count are running
// (evicted, under notice, or not yet back), regular VMs fill the gap at
// once; they are deleted, newest first, as spot VMs come back.
type ServicePolicy struct {
	Overprovision   int
	DynamicFallback bool
}

// spotWanted is how many spot VMs the fleet's automation keeps: the count
// plus the overprovision.
func (f *fleet) spotWanted() int { return f.target + f.cfg.Service.Overprovision }

// replaceWanted says whether replace automation should create a VM.
func (f *fleet) replaceWanted() bool {
	if f.cfg.Service != (ServicePolicy{}) {
		return f.live-f.liveRegular < f.spotWanted()
	}
	return f.live < f.target
}

// serviceWake queues a fallback check for now, once per instant.
func (s *engine) serviceWake(f *fleet) {
	if !f.cfg.Service.DynamicFallback || f.svcQueued {
		return
	}
	f.svcQueued = true
	s.q.after(s.now, 0, evService, int32(f.idx), 0)
}

// serviceCheck makes the fleet's regular VMs fill exactly the gap between
// its count and its running spot VMs that are not under notice.
func (s *engine) serviceCheck(f *fleet) {
	f.svcQueued = false
	spotUp, regular := 0, 0
	for _, id := range f.vms {
		v := s.vm(id)
		if v == nil || !v.live {
			continue
		}
		if v.regular {
			regular++
		} else if v.state == Running && !v.noticed {
			spotUp++
		}
	}
	gap := max(f.target-spotUp, 0)
	for ; regular < gap; regular++ {
		if !s.createAs(f.idx, WhyFallback, true) {
			break
		}
	}
	for i := len(f.vms) - 1; i >= 0 && regular > gap; i-- {
		id := f.vms[i]
		if v := s.vm(id); v != nil && v.live && v.regular {
			s.deleteByUser(id, WhyFallback)
			regular--
		}
	}
}
