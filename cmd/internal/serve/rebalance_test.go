package serve

import (
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
)

// A polling handler sees a rebalance recommendation under the rebalance
// api-version (and not under 2020-07-01), its acknowledgement is accepted
// and changes nothing, and the event goes when the VM's Preempt notice
// comes, which the same api-version then shows and acknowledges.
func TestRebalanceServed(t *testing.T) {
	cfg := &sim.Config{Name: "rb", Horizon: 86400, Seed: 1, Notice: sim.NoticeLead{Min: 30, Max: 30},
		Billing: sim.AzureBilling, Record: sim.Record{Events: true, Notices: true},
		Pools: []sim.Pool{{Region: "eastus", SKU: "Standard_D2s_v5", VCPUs: 2, PAYG: 96_000_000,
			Spot: &pricing.Series{Times: []int64{0}, Values: []int64{20_000_000}}, Capacity: pricing.Constant(pricing.Unlimited),
			Hazard: 0.5, Rebalance: sim.Rebalance{Recall: 1, Lead: sim.FixedDist(600)}}},
		Fleets: []sim.Fleet{{Name: "w", Pool: 0, Count: 1, MaxPrice: pricing.Uncapped, Policy: sim.Deallocate}}}
	res, err := sim.Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var rec, notice *sim.Notice
	for i := range res.Notices {
		switch n := &res.Notices[i]; {
		case n.Kind == sim.RebalanceNotice && rec == nil:
			rec = n
		case n.Kind == sim.PreemptNotice && rec != nil && notice == nil:
			notice = n
		}
	}
	if rec == nil || notice == nil || notice.IssuedAt-rec.IssuedAt != 600 {
		t.Fatalf("notices %+v; want a recommendation 600 s before a notice", res.Notices)
	}
	clock := NewManualClock(rec.IssuedAt)
	s, err := New(res, start, Options{Clock: clock, VM: "w-0", RebalanceVersion: "rebalance-test"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	c := &client{t, srv, clock}
	poll := func(version string) Document {
		code, body := c.do("GET", "/metadata/scheduledevents?api-version="+version, true, "")
		var doc Document
		if code != 200 || json.Unmarshal([]byte(body), &doc) != nil {
			t.Fatalf("%s: %d %s", version, code, body)
		}
		return doc
	}
	doc := poll("rebalance-test")
	if len(doc.Events) != 1 || doc.Events[0].EventType != "SpotRebalanceRecommendation" || doc.Events[0].EventID != rec.EventID.String() ||
		doc.Events[0].NotBefore != "" || doc.DocumentIncarnation != 1 {
		t.Fatalf("rebalance document %+v", doc)
	}
	if d := poll("2020-07-01"); len(d.Events) != 0 {
		t.Fatalf("Preempt document shows %+v before the notice", d)
	}
	ack := `{"StartRequests": [{"EventId": "` + rec.EventID.String() + `"}]}`
	if code, body := c.do("POST", "/metadata/scheduledevents?api-version=rebalance-test", true, ack); code != 200 {
		t.Fatalf("acknowledgement: %d %s", code, body)
	}
	if code, _ := c.do("POST", "/metadata/scheduledevents?api-version=rebalance-test", true, `{"StartRequests": [{"EventId": "nope"}]}`); code != 400 {
		t.Fatalf("unknown EventId: %d; want 400", code)
	}
	if again := poll("rebalance-test"); len(again.Events) != 1 || again.DocumentIncarnation != 1 {
		t.Fatalf("after the acknowledgement %+v; want it unchanged", again)
	}
	clock.Advance(600)
	// At the notice the recommendation goes and the Preempt comes: under
	// the rebalance api-version both are one document (a newer version of
	// the same endpoint shows every event type), its incarnation the sum of
	// the two parts' (1 for the Preempt + 2 for the recommendation gone).
	d := poll("rebalance-test")
	if len(d.Events) != 1 || d.Events[0].EventType != "Preempt" || d.Events[0].EventStatus != "Scheduled" || d.DocumentIncarnation != 3 {
		t.Fatalf("rebalance api-version at the notice %+v; want the Preempt (incarnation 3)", d)
	}
	if d := poll("2020-07-01"); len(d.Events) != 1 || d.Events[0].EventType != "Preempt" || d.DocumentIncarnation != 1 {
		t.Fatalf("Preempt document %+v at the notice", d)
	}
	// The Preempt is acknowledged under the rebalance api-version as under
	// any other; the recommendation, gone, no longer is.
	if code, _ := c.do("POST", "/metadata/scheduledevents?api-version=rebalance-test", true, ack); code != 400 {
		t.Fatalf("acknowledging a recommendation that is gone: %d; want 400", code)
	}
	pack := `{"StartRequests": [{"EventId": "` + notice.EventID.String() + `"}]}`
	if code, body := c.do("POST", "/metadata/scheduledevents?api-version=rebalance-test", true, pack); code != 200 {
		t.Fatalf("acknowledging the Preempt under the rebalance api-version: %d %s", code, body)
	}
	if d := poll("rebalance-test"); len(d.Events) != 1 || d.Events[0].EventStatus != "Started" || d.DocumentIncarnation != 4 {
		t.Fatalf("after the acknowledgement %+v; want the Preempt Started (incarnation 4)", d)
	}
	for _, r := range s.Report() {
		if r.EventID == notice.EventID.String() && (r.FirstSeen == "" || r.AckedAt == "") {
			t.Fatalf("report %+v: the polls and acknowledgement under the rebalance api-version count", r)
		}
	}
}
