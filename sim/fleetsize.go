package sim

import (
	"cmp"
	"slices"
)

// createFleet makes a fleet's VMs at its create_at. With a minimum
// starting capacity the request is all or nothing, as Compute Fleet's is:
// when fewer units can be placed, it creates nothing and logs one failed
// create with the code of the pool that turned the first missing VM down.
func (s *engine) createFleet(f *fleet) {
	defer s.firstPlan(f)
	if need := f.cfg.MinCapacity; need > 0 {
		if placed, pool, regular, code := s.plan(f, need); placed < need {
			s.res.Fleets[f.idx].FailedCreates++
			s.logFailed(f.idx, code, pool, regular)
			return
		}
	}
	if f.cfg.Unit == UnitVMs {
		// The count, or what a scale dated before creation set it to,
		// and a service's extra spot VMs (servicepolicy.go).
		for range f.target + f.cfg.Service.Overprovision {
			s.create(f.idx, WhyCreate)
		}
		return
	}
	s.fill(f, WhyCreate)
}

// fill creates VMs until a vCPU-counted fleet reaches its target (the last
// one may overshoot it) or a create fails.
func (s *engine) fill(f *fleet, why Why) {
	for f.live < f.target {
		if !s.create(f.idx, why) {
			return
		}
	}
}

// plan counts how many units of need the fleet could place now, by
// placing them for pretend and taking them back; when it falls short, it
// also says which pool turned the next VM down, for which priority, and why.
func (s *engine) plan(f *fleet, need int) (placed int, refused int32, refusedRegular bool, code Why) {
	type step struct {
		pool    int32
		regular bool
		w       int
	}
	var steps []step
	// A placed VM counts as relink counts an allocated one: capacity
	// (spot only), quota and the fleet's live units.
	account := func(st step, sign int) {
		p := &s.pools[st.pool]
		if !st.regular {
			p.allocated += int64(sign)
		}
		s.countQuota(p, st.regular, int64(sign))
		s.countLive(f, st.pool, st.regular, sign*st.w)
	}
	for placed < need {
		regular := s.nextIsRegular(f)
		pool, why := s.choose(f, regular)
		if why != NoReason {
			refused, refusedRegular, code = pool, regular, why
			break
		}
		st := step{pool: pool, regular: regular, w: s.weight(f, pool)}
		account(st, 1)
		steps = append(steps, st)
		placed += st.w
	}
	for _, st := range slices.Backward(steps) {
		account(st, -1)
	}
	return placed, refused, refusedRegular, code
}

// scaleIn deletes live VMs while the rest still reach the target,
// keeping the split a priority mix wants (sim/mix.go): it first decides how
// many regular and how many spot units go, then takes them one at a time.
// On one pool counted in VMs that is scaleInVictims exactly: newest first,
// a scale set's default scale-in policy. Across pools each priority's next
// victim is the newest VM of the pool that comes last in the fleet's order
// — the most crowded zone first, then the pool the strategy likes least:
// lowest price removes the most expensive first, prioritized the lowest
// priority; among pools that tie there, the newest VM goes, as a scale
// set's default scale-in policy deletes "the highest instance ID".
func (s *engine) scaleIn(f *fleet) {
	n := f.live - f.target
	if n <= 0 {
		return
	}
	if len(f.cands) == 1 && f.cfg.Unit == UnitVMs {
		for _, id := range s.scaleInVictims(f, f.target) {
			s.deleteByUser(id, WhyScale)
		}
		return
	}
	spot := f.live - f.liveRegular
	takeRegular := min(n, max(0, f.liveRegular-f.regularWanted(f.target)))
	takeRegular = max(takeRegular, n-spot)
	take := [2]int{n - takeRegular, takeRegular} // units, by regular
	// Each pool's live VMs by priority, newest last, so one pass over the
	// fleet serves the whole scale-in.
	type key struct {
		pool    int32
		regular bool
	}
	live := map[key][]int32{}
	for _, id := range f.vms {
		if v := s.vm(id); v != nil && v.live {
			k := key{v.rec.pool, v.regular}
			live[k] = append(live[k], id)
		}
	}
	order := slices.Clone(f.cands)
	for _, regular := range []bool{true, false} {
		r := 0
		if regular {
			r = 1
		}
		for take[r] > 0 {
			last := func(a, b candidate) int {
				if c := cmp.Compare(f.zoneLive[s.zoneOf[b.pool]], f.zoneLive[s.zoneOf[a.pool]]); c != 0 {
					return c
				}
				return s.prefer(f, &b, &a, regular)
			}
			slices.SortStableFunc(order, last)
			// The first pool with a live VM of this priority, or, among
			// the pools that tie with it, the one holding the newest
			// VM: a scale set's default policy deletes the newest VM of
			// the zones it balances (ids grow with creation).
			victim, from := int32(-1), -1
			for i, c := range order {
				if from >= 0 && last(order[from], c) != 0 {
					break
				}
				if ids := live[key{c.pool, regular}]; len(ids) > 0 && ids[len(ids)-1] > victim {
					victim, from = ids[len(ids)-1], i
				}
			}
			if victim < 0 {
				break
			}
			k := key{order[from].pool, regular}
			live[k] = live[k][:len(live[k])-1]
			w := s.weight(f, s.vm(victim).rec.pool)
			if f.live-w < f.target {
				break // a vCPU target: this VM is needed to reach it
			}
			take[r] -= w
			s.deleteByUser(victim, WhyScale)
		}
	}
}

// countLive adds d units of a VM on pool, regular or spot, to the fleet's
// live counts: in all, by zone, and regular. relink and plan both count
// through it.
func (s *engine) countLive(f *fleet, pool int32, regular bool, d int) {
	f.live += d
	f.zoneLive[s.zoneOf[pool]] += d
	if regular {
		f.liveRegular += d
	}
}

// countQuota adds sign times a VM of pool, regular or spot, to its region's
// vCPU quota use, if the region has a quota.
func (s *engine) countQuota(p *pool, regular bool, sign int64) {
	if p.quota < 0 {
		return
	}
	q := &s.quotas[p.quota]
	if regular {
		q.regularUsed += sign * p.cfg.VCPUs
	} else {
		q.spotUsed += sign * p.cfg.VCPUs
	}
}
