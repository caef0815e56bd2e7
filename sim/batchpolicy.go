package sim

import (
	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim/policy"
)

// BatchPolicy is a batch fleet's deadline policy (docs/policies.md): at
// create_at and every Tick seconds after, the fleet's VMs are all spot, all
// regular or none, as the policy chooses — the tick model of Can't Be Late
// and SkyNomad (package policy) run on the engine's VMs, with Azure's
// evictions, timings and per-second billing.
type BatchPolicy struct {
	Set  bool
	Kind policy.Kind
	Tick int64 // seconds between decisions; > 0
}

// batchPolicy is a policy fleet's running state.
type batchPolicy struct {
	d    policy.Decider
	mode policy.Choice // what the last decision asked for
}

func (s *engine) policyStart(f *fleet) {
	f.pol = &batchPolicy{d: policy.Decider{
		Kind: f.cfg.Batch.Kind,
		Job:  jobOf(s.cfg, f.cfg),
		Gap:  f.cfg.Batch.Tick,
	}}
	s.policyTick(f)
}

// jobOf is a policy fleet's job as one VM's: the work is shared by count
// VMs. Every start the policy makes
// is a create: the VM is creating for timings.create, then spends the
// restart overhead, before it progresses, so the policies' overhead d is
// both (as the deadline fallback's rule counts them); with zero timings it
// is the restart overhead alone, the papers' model.
func jobOf(cfg *Config, f *Fleet) policy.Job {
	w := f.Workload
	n := int64(max(f.Count, 1))
	return policy.Job{Work: (w.Work + n - 1) / n, Deadline: w.Deadline, Overhead: cfg.Timings.Create + w.RestartOverhead}
}

// up says whether a VM is running or on its way there.
func up(v *vm) bool {
	return v.live && !v.noticed && (v.state == Running || v.state == Creating || v.state == Starting)
}

// policyTick is one decision: what runs, what the policy wants, and the
// deletes and creates that make it so.
func (s *engine) policyTick(f *fleet) {
	if f.done {
		return
	}
	ps := f.pol
	if f.target == 0 {
		// Scaled to nothing: no VMs, and the next look in a tick.
		ps.mode = policy.None
		for _, id := range f.vms {
			if v := s.vm(id); v != nil && v.live && !v.noticed && v.state != Deleting {
				s.deleteByUser(id, WhyPolicy)
			}
		}
		s.q.after(s.now, f.cfg.Batch.Tick, evPolicy, int32(f.idx), 0)
		return
	}
	w := f.cfg.Workload
	done := f.workSaved
	spotUp, regUp := 0, 0
	overhead := int64(0)
	for _, id := range f.vms {
		v := s.vm(id)
		if v == nil {
			continue
		}
		if v.state == Running {
			done += s.progress(v)
		}
		if !up(v) {
			continue
		}
		if v.regular {
			regUp++
		} else {
			spotUp++
		}
		// What is left of its start: all of creating or starting (at most
		// that: a conservative figure) and the overhead, or of the overhead.
		var left int64
		switch v.state {
		case Running:
			left = max(0, v.runStart+w.RestartOverhead-s.now)
		case Starting:
			left = s.cfg.Timings.Start + w.RestartOverhead
		default:
			left = s.cfg.Timings.Create + w.RestartOverhead
		}
		overhead = max(overhead, left)
	}
	// Shared by count VMs: the decision is about one VM's share.
	n := int64(f.target)
	cur := policy.None
	switch {
	case ps.mode == policy.Spot && spotUp >= f.target:
		cur = policy.Spot
	case ps.mode == policy.Regular && regUp >= f.target:
		cur = policy.Regular
	}
	if cur == policy.None {
		overhead = 0
	}
	st := policy.State{
		Tick:     (s.now - f.cfg.CreateAt) / f.cfg.Batch.Tick,
		Done:     done / n,
		Last:     ps.mode,
		Cur:      cur,
		Overhead: overhead,
		Avail:    s.spotRoom(f),
	}
	req := ps.d.Decide(st)
	ps.mode = req
	kept := 0
	for _, id := range f.vms {
		v := s.vm(id)
		if v == nil || !v.live || v.noticed || v.state == Deleting {
			continue // an eviction under way takes its course
		}
		keep := up(v) && (req == policy.Spot && !v.regular || req == policy.Regular && v.regular)
		if keep && kept < f.target {
			kept++
			continue
		}
		s.deleteByUser(id, WhyPolicy)
	}
	if req != policy.None {
		for range f.target - kept {
			s.createAs(f.idx, WhyPolicy, req == policy.Regular)
		}
	}
	if !f.done {
		s.q.after(s.now, f.cfg.Batch.Tick, evPolicy, int32(f.idx), 0)
	}
}

// spotRoom says whether the fleet's count of spot VMs can run now: the
// price is within its max price and the pool has room for them beside
// other fleets' VMs.
func (s *engine) spotRoom(f *fleet) bool {
	p := &s.pools[f.cfg.Pool]
	if p.cfg.Spot == nil || f.cfg.MaxPrice >= 0 && s.spot(p) > f.cfg.MaxPrice {
		return false
	}
	if p.capacity == pricing.Unlimited {
		return true
	}
	own := int64(0)
	for _, id := range f.vms {
		if v := s.vm(id); v != nil && v.holdsCap && !v.noticed {
			own++
		}
	}
	return p.capacity-p.allocated+own >= int64(f.target)
}

// policyResults fills a policy fleet's spot and regular seconds and its
// optimal-in-hindsight baseline: the pool's market sampled at the fleet's
// ticks (spot available when its capacity holds the fleet's count and the
// price is within its max price), for one VM's share of the work, times
// count.
func (s *engine) policyResults() {
	for i := range s.res.Fleets {
		f := &s.cfg.Fleets[i]
		if !f.Batch.Set {
			continue
		}
		r := &s.res.Fleets[i]
		for v := range s.res.VMs.Unordered() {
			if int(v.Fleet) != i {
				continue
			}
			if v.Priority == Regular {
				r.RegularSeconds += v.BilledSeconds
			} else {
				r.SpotSeconds += v.BilledSeconds
			}
		}
		if f.Workload.Deadline <= 0 {
			continue
		}
		pc := &s.cfg.Pools[f.Pool]
		g := f.Batch.Tick
		m := policy.Market{Gap: g, Regular: pc.PAYG}
		for t := f.CreateAt; t+g <= min(s.cfg.Horizon, f.CreateAt+f.Workload.Deadline+g-1); t += g {
			price := pricing.Price(-1)
			if pc.Spot != nil {
				price = pricing.Price(pc.Spot.At(t))
				if f.MaxPrice < 0 {
					price = min(price, pc.PAYG)
				}
			}
			c := pc.Capacity.At(t)
			m.Avail = append(m.Avail, price >= 0 && (f.MaxPrice < 0 || price <= f.MaxPrice) && (c == pricing.Unlimited || c >= int64(f.Count)))
			m.Spot = append(m.Spot, max(price, 0))
		}
		if len(m.Avail) == 0 {
			continue
		}
		// The optimum stays on the papers' model (d the restart overhead,
		// billed): counting the create too would bill seconds Azure does
		// not (creating is not billed for compute) and could put the
		// "optimum" above a real policy's cost.
		job := jobOf(s.cfg, f)
		job.Overhead = f.Workload.RestartOverhead
		if o, err := policy.OptimalCached(m, job); err == nil && o.Done {
			o.Cost = o.Cost.Mul(int64(f.Count))
			r.Optimal = o
		}
	}
}
