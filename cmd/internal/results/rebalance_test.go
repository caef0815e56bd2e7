package results

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/spotsim/spotsim/cmd/internal/schedevents"
	"github.com/spotsim/spotsim/sim"
)

// A rebalance recommendation is written as a SpotRebalanceRecommendation
// document with an empty NotBefore, in the shape of TestNoticesAreScheduledEvents.
func TestRebalanceDocument(t *testing.T) {
	res := sample(t)
	res.Notices = []sim.Notice{{VM: 0, IssuedAt: 3600, NotBefore: -1, Kind: sim.RebalanceNotice, EventID: sim.EventID{1, 2}, Incarnation: 1}}
	var b bytes.Buffer
	if err := WriteNotices(&b, res); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(strings.NewReader(b.String()))
	dec.DisallowUnknownFields()
	var doc schedevents.Document
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("%s: %v", b.String(), err)
	}
	e := doc.Events[0]
	if doc.DocumentIncarnation != 1 || e.EventType != schedevents.RebalanceEventType || e.NotBefore != "" || e.EventStatus != "Scheduled" || e.Resources[0] != res.VMName(0) {
		t.Fatalf("%s", b.String())
	}
}
