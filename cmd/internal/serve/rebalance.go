package serve

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/spotsim/spotsim/cmd/internal/schedevents"
	"github.com/spotsim/spotsim/sim"
)

// Spot Rebalance Recommendations (docs/evictions.md). Azure serves them on
// the Scheduled Events endpoint "but it uses a different version", and
// acknowledging them "has no effect" (learn.microsoft.com, "Spot eviction
// risk notifications"). The page as we could read it does not give that
// version, so the server serves them under Options.RebalanceVersion (the
// --rebalance-api-version flag), and not at all when it is empty.

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

// rebalanceEvents answers GET with the document and POST with 200 for an
// acknowledgement of the current recommendation, which changes nothing.
func (s *Server) rebalanceEvents(w http.ResponseWriter, r *http.Request, v int) {
	t := s.opt.Clock.Now()
	doc, cur := s.rebalanceDocument(v, t)
	switch r.Method {
	case http.MethodGet:
		writeJSON(w, http.StatusOK, doc)
	case http.MethodPost:
		var body struct {
			StartRequests []struct {
				EventID string `json:"EventId"`
			} `json:"StartRequests"`
		}
		data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil || json.Unmarshal(data, &body) != nil || len(body.StartRequests) == 0 {
			writeJSON(w, http.StatusBadRequest, imdsError{Error: `Bad request. Want a JSON body {"StartRequests": [{"EventId": "..."}]}`})
			return
		}
		for _, sr := range body.StartRequests {
			if cur == nil || !strings.EqualFold(cur.id.String(), sr.EventID) {
				writeJSON(w, http.StatusBadRequest, imdsError{Error: fmt.Sprintf("Bad request. EventId %q is not a current event of this VM", sr.EventID)})
				return
			}
		}
		fmt.Fprintf(s.opt.Log, "%s  %s acknowledged %s (a rebalance recommendation: no effect)\n", s.served(t), s.res.VMName(v), cur.id)
		w.WriteHeader(http.StatusOK)
	default:
		w.Header().Set("Allow", "GET, POST")
		writeJSON(w, http.StatusMethodNotAllowed, imdsError{Error: "Method not allowed. Scheduled Events answers GET and POST"})
	}
}
