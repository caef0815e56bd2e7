package bench

import "testing"

// The scaling tables must span what the README says (VMs 1 k → 1 M, price
// points 10 k → 10 M, pools 1 → 2,000) with valid specs, each growing one
// quantity by about ten a row.
func TestScalingAxes(t *testing.T) {
	want := map[string][2]int64{"vms": {1_000, 1_000_000}, "points": {10_000, 10_000_000}, "pools": {1, 2_000}}
	axes := Scaling()
	if len(axes) != len(want) {
		t.Fatalf("%d axes, want %d", len(axes), len(want))
	}
	for _, a := range axes {
		first, last := a.Count(a.Specs[0]), a.Count(a.Specs[len(a.Specs)-1])
		w := want[a.Name]
		// Within 20 % of the ends the README names.
		if first < w[0]*8/10 || first > w[0]*12/10 || last < w[1]*8/10 || last > w[1]*12/10 {
			t.Errorf("%s: %d → %d, want about %d → %d", a.Name, first, last, w[0], w[1])
		}
		for i, s := range a.Specs {
			if s.Pools() == 0 || s.Fleets%s.Pools() != 0 || s.VMs < s.Fleets {
				t.Errorf("%s: %+v is not a spec Write accepts", a.Name, s)
			}
			if i > 0 {
				if prev := a.Count(a.Specs[i-1]); a.Count(s) <= prev {
					t.Errorf("%s: row %d has %d, not more than %d", a.Name, i, a.Count(s), prev)
				}
			}
		}
	}
}

// P10k is B1 with one key changed, victims newest, so that what the peer
// is compared on is the fleet-year benchmark itself; P1k is it at 1,000 VMs.
func TestPeerSpecsAreB1(t *testing.T) {
	b1, p10k, p1k := B1(1), P10k(1), P1k(1)
	if p10k.Victims != "newest" || p1k.Victims != "newest" {
		t.Fatalf("victims %q and %q, want newest", p10k.Victims, p1k.Victims)
	}
	p10k.Name, p10k.Victims = b1.Name, b1.Victims
	if p10k != b1 {
		t.Errorf("P10k = %+v\nB1   = %+v", p10k, b1)
	}
	if p1k.VMs != 1_000 || p1k.Days != b1.Days || p1k.Pools() != b1.Pools() {
		t.Errorf("P1k = %+v", p1k)
	}
}
