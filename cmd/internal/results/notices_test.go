package results

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/spotsim/spotsim/cmd/internal/schedevents"
	"github.com/spotsim/spotsim/sim"
)

// A notice names its VM as encoding/json writes the name, whatever the
// prefix holds (quotes, HTML characters, non-ASCII, a scale set's
// underscore): the prefix is escaped once a fleet, the number appended.
func TestNoticeNamesAreJSON(t *testing.T) {
	res := &sim.Result{
		Config: &sim.Config{Start: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), Fleets: []sim.Fleet{
			{Name: "plain"},
			{Name: "odd", VMPrefix: `q"<&>\é`},
			{Name: "vmss", ScaleSetNames: true},
		}},
		VMs:     sim.NewVMs([]sim.VMResult{{Fleet: 0, Number: 7}, {Fleet: 1, Number: 12}, {Fleet: 2, Number: 0}}),
		Notices: []sim.Notice{{VM: 0, NotBefore: 30}, {VM: 1, NotBefore: 60}, {VM: 2, Kind: sim.RebalanceNotice}},
	}
	var b bytes.Buffer
	if err := WriteNotices(&b, res); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != len(res.Notices) {
		t.Fatalf("%d lines for %d notices", len(lines), len(res.Notices))
	}
	for i, line := range lines {
		var doc schedevents.Document
		if err := json.Unmarshal([]byte(line), &doc); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		want := res.VMName(res.Notices[i].VM)
		if got := doc.Events[0].Resources; len(got) != 1 || got[0] != want {
			t.Errorf("line %d names %q, want %q", i+1, got, want)
		}
		quoted, _ := json.Marshal(want)
		if !strings.Contains(line, `"Resources":[`+string(quoted)+`]`) {
			t.Errorf("line %d: %s; want the name as encoding/json writes it, %s", i+1, line, quoted)
		}
	}
}

// appendEventID writes what EventID.String writes, for ids with every hex
// digit in every position.
func TestAppendEventIDIsString(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	ids := []sim.EventID{{}, {^uint64(0), ^uint64(0)}, {0x0123456789ABCDEF, 0xFEDCBA9876543210}}
	for range 10_000 {
		ids = append(ids, sim.EventID{r.Uint64(), r.Uint64()})
	}
	for _, id := range ids {
		if got := appendEventID([]byte("x"), id); string(got) != "x"+id.String() {
			t.Fatalf("%s; want x%s", got, id.String())
		}
	}
}
