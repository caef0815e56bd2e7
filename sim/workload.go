package sim

// Batch workloads: each VM in running makes one second of progress per
// second once its restart overhead is over; progress is saved at every
// checkpoint (each CheckpointEvery of the VM's own progress), when the VM
// leaves running gracefully, or at an eviction whose notice is long enough
// to write a checkpoint (CheckpointTime); otherwise an eviction loses the
// progress since the last checkpoint — all of it since the VM last started
// when the job does not checkpoint (CheckpointEvery 0). When saved progress plus the running
// VMs' progress reaches Work, the fleet is done and its VMs are deleted.

// progress is a running VM's progress since it entered running.
func (s *engine) progress(v *vm) int64 {
	return max(0, s.now-v.runStart-s.fleets[v.rec.fleet].cfg.Workload.RestartOverhead)
}

// batchLeave saves or loses a VM's progress as it leaves running.
func (s *engine) batchLeave(v *vm) {
	f := &s.fleets[v.rec.fleet]
	w := f.cfg.Workload
	if w.Kind != Batch || f.done {
		return
	}
	p := s.progress(v)
	saved := p
	switch {
	case !v.evicted:
		// A user's or automation's stop, deallocate or delete is graceful.
	case w.CheckpointEvery == 0:
		// A job that never checkpoints has nothing to write in the notice
		// either: everything since the VM last started is lost.
		saved = 0
	case s.now-v.noticedAt < w.CheckpointTime:
		// No time to checkpoint in the notice: back to the last checkpoint.
		saved = p / w.CheckpointEvery * w.CheckpointEvery
	}
	r := &s.res.Fleets[f.idx]
	r.WorkDone += saved
	r.WorkLost += p - saved
	f.workSaved += saved
}

// batchPlan finishes the fleet's work if it is done, else schedules the
// next look: when the productive VMs would finish it, or when a VM's
// restart overhead ends, whichever is first.
func (s *engine) batchPlan(f *fleet) {
	w := f.cfg.Workload
	if f.done {
		return
	}
	inFlight, productive := int64(0), int64(0)
	next := int64(-1)
	for _, id := range f.vms {
		v := s.vm(id)
		if v == nil || v.state != Running {
			continue
		}
		inFlight += s.progress(v)
		if ready := v.runStart + w.RestartOverhead; ready <= s.now {
			productive++
		} else if next < 0 || ready < next {
			next = ready
		}
	}
	remaining := w.Work - f.workSaved - inFlight
	if remaining <= 0 {
		s.batchDone(f)
		return
	}
	if f.cfg.Fallback.Deadline && w.Deadline > 0 && !f.fallback && f.target > 0 {
		// The last moment regular VMs, created now, would still meet the
		// deadline (Can't Be Late's rule): past it, switch; else look again
		// then. A regular VM is creating for timings.create before it runs.
		need := s.cfg.Timings.Create + w.RestartOverhead + (remaining+int64(f.target)-1)/int64(f.target)
		last := f.cfg.CreateAt + w.Deadline - need
		if s.now >= last {
			s.switchToRegular(f)
			return
		}
		if next < 0 || last < next {
			next = last
		}
	}
	if productive > 0 {
		if t := s.now + (remaining+productive-1)/productive; next < 0 || t < next {
			next = t
		}
	}
	f.batchGen++
	if next >= 0 {
		s.q.at(next, evBatch, int32(f.idx), f.batchGen)
	}
}

// firstPlan makes a deadline-aware batch fleet's first plan when it is
// created, if none of its VMs runs yet (creating takes time, or every create
// failed): the moment to switch to regular VMs may come before any spot VM
// runs, or none may ever run. Otherwise the first plan waits for the first
// VM to enter running (enter).
func (s *engine) firstPlan(f *fleet) {
	if f.cfg.Workload.Kind == Batch && f.cfg.Fallback.Deadline && f.batchGen == 0 {
		s.batchPlan(f)
	}
}

// batchDone records the end of the work and deletes the fleet's VMs.
func (s *engine) batchDone(f *fleet) {
	f.done = true
	r := &s.res.Fleets[f.idx]
	// The last second's progress may overshoot the work: count the work.
	r.WorkDone = f.cfg.Workload.Work
	r.CompletedAt = s.now
	s.measure(f)
	f.target = 0
	s.recordWorkload(f)
	for _, id := range f.vms {
		v := s.vm(id)
		if v == nil || !v.live {
			continue
		}
		s.deleteByUser(id, WhyWorkDone)
	}
}

// switchToRegular moves a batch fleet onto regular VMs: its spot VMs are
// deleted (gracefully: their progress is saved) and regular VMs created in
// their place.
func (s *engine) switchToRegular(f *fleet) {
	f.fallback = true
	for _, id := range f.vms {
		v := s.vm(id)
		if v == nil || !v.live || v.regular {
			continue
		}
		s.deleteByUser(id, WhyFallback)
	}
	for f.live < f.target {
		if !s.createAs(f.idx, WhyFallback, true) {
			break
		}
	}
	s.batchPlan(f)
}
