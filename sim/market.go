package sim

import (
	"slices"

	"github.com/spotsim/spotsim/pricing"
)

func (s *engine) wantNoticeCheck() {
	if !s.noticeCheck {
		s.noticeCheck = true
		// Straight into the heap: at most one is pending, so a lane (and
		// its lookup, a price change's largest cost in a small run) buys
		// nothing. The order is the same: (now, notices, next seq).
		s.q.at(s.now, evNoticeCheck, 0, 0)
	}
}

// checkNotices sends the notices that the market changes of this instant call
// for: price notices in every pool first, then capacity notices, so that a VM
// noticed for price is not counted again for capacity.
func (s *engine) checkNotices() {
	for i := range s.pools {
		p := &s.pools[i]
		if !p.dirtyPrice {
			continue
		}
		p.dirtyPrice = false
		for b := range p.buckets {
			bk := &p.buckets[b]
			if bk.price >= s.spot(p) {
				break
			}
			ids := slices.Clone(bk.vms)
			slices.Sort(ids) // creation order, so the log reads naturally
			for i, id := range ids {
				s.warmList(ids, i)
				s.notice(id, PriceEviction)
			}
		}
	}
	for i := range s.pools {
		p := &s.pools[i]
		if !p.dirtyCap {
			continue
		}
		p.dirtyCap = false
		excess := int64(len(p.active)) - p.capacity
		if p.capacity == pricing.Unlimited || excess <= 0 {
			continue
		}
		ids := s.victims(p, int(excess))
		for i, id := range ids {
			s.warmList(ids, i)
			s.notice(id, CapacityEviction)
		}
	}
}

// victims picks n of the pool's noticeable VMs by the scenario's policy (R6).
func (s *engine) victims(p *pool, n int) []int32 { return s.victimsFrom(p, p.active, n) }

// victimsFrom picks n of the candidates by the scenario's policy.
func (s *engine) victimsFrom(p *pool, cands []int32, n int) []int32 {
	if s.cfg.Victims == VictimsRandom {
		out := make([]int32, 0, n)
		picked := slices.Clone(cands)
		for range n {
			j := p.victims.IntN(len(picked))
			out = append(out, picked[j])
			picked[j] = picked[len(picked)-1]
			picked = picked[:len(picked)-1]
		}
		return out
	}
	// A VM's id is its place in creation order: by time, and within an
	// instant fleets in file order, each fleet's VMs in number order. So a
	// higher id was created later, even at the same second, and newest is
	// exactly the reverse of oldest.
	order := slices.Clone(cands)
	slices.Sort(order)
	if s.cfg.Victims == VictimsNewest {
		slices.Reverse(order)
	}
	return order[:n]
}

func (s *engine) notice(id int32, why EvictReason) {
	v := s.vm(id)
	s.accrue(v) // the notice period may be billed at the max price: split here
	v.noticed = true
	v.noticeSeq++
	v.noticedAt = s.now
	v.reason = why
	notices := &v.rec.notices
	*notices++
	s.relink(id)
	s.serviceWake(&s.fleets[v.rec.fleet])
	lead := s.noticeLead(&s.pools[v.rec.pool])
	if s.cfg.NoticeLeads == nil && s.cfg.Notice.Max == s.cfg.Notice.Min {
		s.q.after(s.now, lead, evEvictDue, id, v.noticeSeq) // a constant lead: a FIFO lane
	} else {
		s.q.at(s.now+lead, evEvictDue, id, v.noticeSeq)
	}
	s.logLead(id, EvNotice, v.state, v.state, whyOf(why), lead)
	if s.cfg.Record.Notices {
		s.notices.add(Notice{
			VM: int(id), IssuedAt: s.now, NotBefore: s.now + lead, Reason: why,
			EventID: s.eventID(), Incarnation: 3*int(*notices-1) + 1,
		})
	}
}

// eventID draws a version-4 UUID from the run's own stream.
func (s *engine) eventID() EventID {
	a, b := s.eventIDs.Uint64(), s.eventIDs.Uint64()
	a = a&^(0xf<<12) | 0x4<<12
	b = b&^(0x3<<62) | 0x2<<62
	return EventID{a, b}
}

// endNotice closes the notice period, billed at the capped rate, before the
// VM's notice flag goes.
func (s *engine) endNotice(v *vm) {
	s.accrue(v)
	v.noticed = false
}

func (s *engine) evict(id int32) {
	v := s.vm(id)
	s.endNotice(v)
	v.evicted = true
	v.rec.evictions[v.reason]++
	s.tally(v)
	if f := &s.fleets[v.rec.fleet]; !v.regular {
		f.evictions++
		if n := f.cfg.Fallback.AfterEvictions; n > 0 && f.evictions >= n {
			f.fallback = true
		}
	}
	to := Deallocating
	if s.fleets[v.rec.fleet].cfg.Policy == Delete {
		to = Deleting
	}
	s.log(id, EvEvict, v.state, to, whyOf(v.reason))
	s.begin(id, to)
}

func (s *engine) spotPrice(v *vm) pricing.Price {
	if v.regular {
		return -1
	}
	return s.spot(&s.pools[v.rec.pool])
}

// noticeLead draws a notice's lead (R8): from the scenario's distribution
// when it has one, else uniform in whole seconds over [Min, Max].
func (s *engine) noticeLead(p *pool) int64 {
	if d := s.cfg.NoticeLeads; d != nil {
		return d.seconds(p.leads)
	}
	lead := s.cfg.Notice.Min
	if s.cfg.Notice.Max > lead {
		lead += p.leads.Int64N(s.cfg.Notice.Max - lead + 1)
	}
	return lead
}
