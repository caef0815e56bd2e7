package results

import (
	"bytes"
	"encoding/csv"
	"io/fs"
	"strconv"
	"strings"
	"testing"

	"github.com/spotsim/spotsim/cmd/internal/scenario"
	examples "github.com/spotsim/spotsim/scenarios"
	"github.com/spotsim/spotsim/sim"
)

func runExample(t *testing.T) *sim.Result {
	t.Helper()
	data, err := examples.Example.ReadFile(examples.ExampleFile)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse("example.yaml", data, func(rel string) ([]byte, error) { return fs.ReadFile(examples.Example, rel) })
	if err != nil {
		t.Fatal(err)
	}
	sc.Config.Record = sim.Record{Events: true}
	res, err := sim.Run(&sc.Config)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestTimelineEndsInFinalStates: replaying timeline.csv's steps to the end
// gives, per fleet and state, the number of VMs whose final state it is
// (deleted VMs excepted), and no count ever goes below zero.
func TestTimelineEndsInFinalStates(t *testing.T) {
	res := runExample(t)
	var b bytes.Buffer
	if err := WriteTimeline(&b, res); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	prev := ""
	for i, r := range rows[1:] {
		if r[0] < prev {
			t.Fatalf("row %d: time %s before %s", i+2, r[0], prev)
		}
		prev = r[0]
		n, err := strconv.Atoi(r[3])
		if err != nil || n < 0 {
			t.Fatalf("row %d: vms %q", i+2, r[3])
		}
		if r[2] == "deleted" {
			t.Errorf("row %d: deleted VMs are not in the timeline", i+2)
		}
		got[r[1]+"/"+r[2]] = n
	}
	want := map[string]int{}
	for _, v := range res.VMs.All() {
		if v.FinalState != sim.Deleted {
			want[res.Config.Fleets[v.Fleet].Name+"/"+v.FinalState.String()]++
		}
	}
	for k, n := range got {
		if n != want[k] {
			t.Errorf("%s ends at %d VMs, vms final states say %d", k, n, want[k])
		}
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d VMs end there, timeline says %d", k, n, got[k])
		}
	}
}

// TestTimelineRejectsInconsistentLog: a VM leaving a state no VM is in is a
// broken event log, not a negative count.
func TestTimelineRejectsInconsistentLog(t *testing.T) {
	res := sample(t)
	res.Events = append(res.Events, sim.Event{Time: 86000, VM: 1, Fleet: 0, Number: 1, Kind: sim.EvStart, From: sim.Starting, To: sim.Running})
	err := WriteTimeline(new(bytes.Buffer), res)
	if err == nil || !strings.Contains(err.Error(), "leaves starting") {
		t.Fatalf("error %v, want one about leaving starting", err)
	}
}

// TestTimelineNeedsEvents: Write refuses a timeline from a run that kept no
// event log rather than writing an empty one.
func TestTimelineNeedsEvents(t *testing.T) {
	res := sample(t)
	res.Config.Record.Events = false
	outs, _ := ParseOutputs("timeline")
	if !outs.Record().Events {
		t.Fatal("Record() for timeline does not ask for events")
	}
	err := Write(t.TempDir(), res, nil, outs, false)
	if err == nil || !strings.Contains(err.Error(), "timeline.csv") {
		t.Fatalf("error %v, want one naming timeline.csv", err)
	}
}
