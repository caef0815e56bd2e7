package serve

import (
	"cmp"
	"slices"
)

// NoticeReport is, per notice, what the handler saw and did. A poll counts
// only while the event was Scheduled: seeing it once the eviction had begun
// gave the handler nothing.
type NoticeReport struct {
	VM        string `json:"vm"`
	EventID   string `json:"event_id"`
	IssuedAt  string `json:"issued_at"`
	FirstSeen string `json:"first_seen_at"` // the first poll that returned it Scheduled; "" when none did
	LastPoll  string `json:"last_poll_at"`  // the last such poll before the eviction began
	AckedAt   string `json:"acknowledged_at"`
	EvictedAt string `json:"evicted_at"`
	// WarningSec is evicted − first seen: how long the handler had from
	// learning of the notice to the eviction (an acknowledgement ends it
	// early). Null when no poll saw the notice.
	WarningSec *int64 `json:"warning_seconds"`
}

// Report lists every notice issued up to now, in time order.
func (s *Server) Report() []NoticeReport {
	t := s.opt.Clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	type key struct {
		at   int64
		v, k int
	}
	var keys []key
	for v, ns := range s.tl.byVM {
		for k, n := range ns {
			if n.issued <= t {
				keys = append(keys, key{n.issued, v, k})
			}
		}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := cmp.Compare(a.at, b.at); c != 0 {
			return c
		}
		return a.v - b.v
	})
	out := []NoticeReport{}
	for _, kk := range keys {
		n := s.tl.byVM[kk.v][kk.k]
		ack := int64(-1)
		if a := s.acked[kk.v]; kk.k < len(a) {
			ack = a[kk.k]
		}
		evicted := s.tl.evictedAt(kk.v, kk.k, ack)
		r := NoticeReport{VM: s.res.VMName(kk.v), EventID: n.id.String(), IssuedAt: s.served(n.issued)}
		if evicted <= t {
			r.EvictedAt = s.served(evicted)
		}
		if ack >= 0 {
			r.AckedAt = s.served(ack)
		}
		if p, ok := s.polls[[2]int{kk.v, kk.k}]; ok {
			r.FirstSeen, r.LastPoll = s.served(p.first), s.served(p.last)
			w := evicted - p.first
			r.WarningSec = &w
		}
		out = append(out, r)
	}
	return out
}
