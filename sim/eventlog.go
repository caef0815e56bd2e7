package sim

import (
	"github.com/spotsim/spotsim/pricing"
)

func (s *engine) log(id int32, kind EventKind, from, to State, reason Why) {
	if !s.cfg.Record.Events {
		return
	}
	v := s.vm(id)
	s.events.add(Event{
		Time: s.now, VM: int(id), Fleet: int(v.rec.fleet), Number: v.rec.number, Kind: kind,
		From: from, To: to, SpotPrice: s.spotPrice(v), Reason: reason,
	})
}

// logFailed logs a create that made no VM, under the name it would have
// had, with the price of the pool that turned it down (choose's preferred).
func (s *engine) logFailed(fi int, code Why, pool int32, regular bool) {
	if !s.cfg.Record.Events {
		return
	}
	price := pricing.Price(-1)
	if !regular {
		price = s.spot(&s.pools[pool])
	}
	s.events.add(Event{
		Time: s.now, VM: -1, Fleet: fi, Number: int32(s.fleets[fi].next), Kind: EvCreateFailed,
		From: NoState, To: NoState, SpotPrice: price, Reason: code,
	})
}

// logLead logs a notice or rebalance row with its lead in seconds (-1: none).
func (s *engine) logLead(id int32, kind EventKind, from, to State, reason Why, lead int64) {
	s.log(id, kind, from, to, reason)
	if s.cfg.Record.Events {
		s.events.at(int32(s.events.len() - 1)).Lead = lead
	}
}
