package runner

import (
	"strings"
	"testing"

	"github.com/spotsim/spotsim/sim"
)

// A fleet is hollow when creates failed and it has no VM at all: one VM,
// wherever it comes among the VMs, clears it, and a fleet whose creates
// never failed is never warned about.
func TestHollowWarningsNameTheFleetsWithoutVMs(t *testing.T) {
	cfg := &sim.Config{Fleets: []sim.Fleet{{Name: "ran"}, {Name: "hollow"}, {Name: "empty"}, {Name: "late"}, {Name: "hollow2"}}}
	res := &sim.Result{Config: cfg, Fleets: []sim.FleetResult{{FailedCreates: 3}, {FailedCreates: 2}, {}, {FailedCreates: 1}, {FailedCreates: 5}}}
	var vs []sim.VMResult
	for range 50 {
		vs = append(vs, sim.VMResult{Fleet: 0}, sim.VMResult{Fleet: 2})
	}
	vs = append(vs, sim.VMResult{Fleet: 3})
	res.VMs = sim.NewVMs(vs)
	got := HollowWarnings(res)
	if len(got) != 2 || !strings.HasPrefix(got[0], "fleet hollow: all 2 creates failed") || !strings.HasPrefix(got[1], "fleet hollow2: all 5 creates failed") {
		t.Fatalf("warnings %q; want fleets hollow and hollow2", got)
	}
	res.Fleets[1].FailedCreates, res.Fleets[4].FailedCreates = 0, 0
	if got := HollowWarnings(res); len(got) != 0 {
		t.Fatalf("warnings %q; want none", got)
	}
}
