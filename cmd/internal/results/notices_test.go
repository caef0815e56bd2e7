package results

import (
	"bytes"
	"encoding/json"
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
