package sim

import (
	"testing"
)

// A scale dated before its fleet's create_at sets the count the fleet is
// created with (a scale set that does not exist yet has nothing to scale).
// Count 2 at 2 h, scale to 3 at 1 h: 3 VMs, all made at 2 h; it used to
// make 3 at 1 h and 2 more at 2 h.
func TestScaleBeforeCreate(t *testing.T) {
	cfg := base(steps(0.0, "0.02"), Fleet{Name: "w", Count: 2, MaxPrice: -1, CreateAt: 2 * hour, Workload: Workload{Kind: Service}})
	cfg.Actions = []Action{{At: hour, Fleet: 0, VM: -1, Op: OpScale, Count: 3}}
	res := run(t, cfg)
	if res.VMs.Len() != 3 {
		t.Fatalf("%d VMs, want 3", res.VMs.Len())
	}
	for i, v := range res.VMs.All() {
		if v.CreatedAt != 2*hour {
			t.Errorf("VM %d created at %d, want %d", i, v.CreatedAt, 2*hour)
		}
	}
	if f := res.Fleets[0]; f.WantedVMSeconds != 3*22*hour {
		t.Errorf("wanted %d VM-s, want 3 × 22 h", f.WantedVMSeconds)
	}
}
