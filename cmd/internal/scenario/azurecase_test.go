package scenario

import (
	"strings"
	"testing"

	"github.com/spotsim/spotsim/sim"
)

// TestAzureCasing: eviction_policy and priority take Azure's own spelling
// (ARM templates write "Deallocate", "Delete", "Spot", "Regular") as well as
// lower case; other casings are still errors that name both.
func TestAzureCasing(t *testing.T) {
	const base = "name: x\nstart: 2026-01-05T00:00:00Z\nhorizon: 1d\npools: [{region: eastus, sku: Standard_D2s_v5, vcpus: 2, payg_price: 0.096, spot_price: 0.02}]\nfleets: [{name: w, region: eastus, sku: Standard_D2s_v5, count: 1, %s}]\n"
	for _, c := range []struct {
		fleet  string
		policy sim.EvictionPolicy
		prio   sim.Priority
		err    string
	}{
		{"eviction_policy: Deallocate", sim.Deallocate, sim.Spot, ""},
		{"eviction_policy: Delete", sim.Delete, sim.Spot, ""},
		{"eviction_policy: delete, priority: Spot", sim.Delete, sim.Spot, ""},
		{"priority: Regular", sim.Deallocate, sim.Regular, ""},
		{"eviction_policy: DELETE", 0, 0, `want deallocate or delete (or Azure's Deallocate or Delete)`},
	} {
		sc, err := Parse("s.yaml", []byte(strings.Replace(base, "%s", c.fleet, 1)), nil)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: error %v, want %q", c.fleet, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.fleet, err)
			continue
		}
		if f := sc.Config.Fleets[0]; f.Policy != c.policy || f.Priority != c.prio {
			t.Errorf("%s: policy %v priority %v", c.fleet, f.Policy, f.Priority)
		}
	}
}
