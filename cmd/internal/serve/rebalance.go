package serve

import (
	"slices"

	"github.com/spotsim/spotsim/cmd/internal/schedevents"
	"github.com/spotsim/spotsim/sim"
)

// Spot Rebalance Recommendations (docs/evictions.md). Azure serves them on
// the Scheduled Events endpoint "but it uses a different version", and
// acknowledging them "has no effect" (learn.microsoft.com, "Spot eviction
// risk notifications"). The page as we could read it does not give that
// version, so the server serves them under Options.RebalanceVersion (the
// --rebalance-api-version flag), and not at all when it is empty. That
// version is newer than every documented one, so its document holds the
// Preempt events too, with every field: a handler polling it must not miss
// its eviction (before, it saw only recommendations and its acknowledgement
// of a Preempt was refused).

// recommendation is one rebalance recommendation of a VM and how long its
// document shows it: from issue until the VM's next notice of either kind,
// or the VM's eviction, deallocation or deletion.
type recommendation struct {
	id            sim.EventID
	issued, until int64
	incarnation   int
}

func newRecommendations(res *sim.Result) [][]recommendation {
	byVM := make([][]recommendation, res.VMs.Len())
	next := make([]int64, res.VMs.Len()) // per VM: when its current one ends
	for i := len(res.Notices) - 1; i >= 0; i-- {
		n := &res.Notices[i]
		if n.Kind == sim.RebalanceNotice {
			byVM[n.VM] = append(byVM[n.VM], recommendation{id: n.EventID, issued: n.IssuedAt, incarnation: n.Incarnation})
		}
	}
	for v := range byVM {
		slices.Reverse(byVM[v])
		next[v] = res.Config.Horizon
	}
	// Each ends at the VM's next notice, or when the VM leaves (whichever
	// is first after it was issued).
	for v, rs := range byVM {
		for k := range rs {
			rs[k].until = next[v]
			if k+1 < len(rs) {
				rs[k].until = rs[k+1].issued
			}
		}
	}
	for i := range res.Notices {
		n := &res.Notices[i]
		if n.Kind == sim.PreemptNotice {
			endAt(byVM[n.VM], n.IssuedAt)
		}
	}
	for i := range res.Events {
		e := &res.Events[i]
		if e.VM >= 0 && (e.Kind == sim.EvEvict || e.Kind == sim.EvDeallocate || e.Kind == sim.EvDelete) {
			endAt(byVM[e.VM], e.Time)
		}
	}
	return byVM
}

// endAt ends the recommendation shown at t, if any, at t.
func endAt(rs []recommendation, t int64) {
	for k := range rs {
		if rs[k].issued <= t && t < rs[k].until {
			rs[k].until = t
		}
	}
}

// rebalanceDocument is VM v's document under the rebalance api-version at
// simulated second t: incarnation 2k+1 while its k-th recommendation shows,
// 2k+2 after it ends.
func (s *Server) rebalanceDocument(v int, t int64) (Document, *recommendation) {
	doc := Document{Events: []Event{}}
	for k := range s.recs[v] {
		r := &s.recs[v][k]
		if r.issued > t {
			break
		}
		if t < r.until {
			doc.DocumentIncarnation = r.incarnation
			doc.Events = append(doc.Events, Event{EventID: r.id.String(), EventType: schedevents.RebalanceEventType,
				ResourceType: "VirtualMachine", Resources: []string{s.res.VMName(v)}, EventStatus: "Scheduled",
				Description: "", EventSource: "Platform", DurationInSeconds: -1})
			return doc, r
		}
		doc.DocumentIncarnation = r.incarnation + 1
	}
	return doc, nil
}

// withRecommendation adds VM v's rebalance recommendation at simulated
// second t, if one shows, to doc (the Preempt document as version shows
// it). The incarnation is the sum of the two timelines' own, so it changes
// whenever either part of the document does.
func (s *Server) withRecommendation(doc shownDocument, v int, t int64, version string) shownDocument {
	rdoc, _ := s.rebalanceDocument(v, t)
	doc.DocumentIncarnation += rdoc.DocumentIncarnation
	doc.Events = append(doc.Events, shown(rdoc, version).Events...)
	return doc
}
