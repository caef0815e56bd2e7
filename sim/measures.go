package sim

// measure integrates a fleet's service measures up to now: call it before
// its running count or its target changes.
func (s *engine) measure(f *fleet) {
	if dt := s.now - f.since; dt > 0 {
		s.below(f, dt)
		r := &s.res.Fleets[f.idx]
		r.ServedVMSeconds += int64(min(f.running, f.target)) * dt
		r.WantedVMSeconds += int64(f.target) * dt
		if f.running < f.target {
			r.BelowSeconds += dt
		}
		f.since = s.now
	}
}

// recordWorkload keeps a workload fleet's measures after a change; a
// second change at the same instant replaces the first.
func (s *engine) recordWorkload(f *fleet) {
	if !s.cfg.Record.Workload || f.cfg.Workload.Kind == NoWorkload {
		return
	}
	r := &s.res.Fleets[f.idx]
	pt := WorkloadPoint{Time: s.now, Fleet: f.idx, Running: f.running, Wanted: f.target, WorkDone: r.WorkDone, WorkLost: r.WorkLost}
	if n := s.workload.len(); n > 0 {
		if last := s.workload.at(int32(n - 1)); last.Time == pt.Time && last.Fleet == pt.Fleet {
			*last = pt
			return
		}
	}
	s.workload.add(pt)
}
