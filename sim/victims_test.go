package sim

import (
	"fmt"
	"slices"
	"testing"

	"github.com/spotsim/spotsim/pricing"
)

// Victims (R6) among VMs created at the same instant: a fleet of 4 and a
// second fleet of 2 made at 0 s, a fleet of 2 made at 10 min; capacity
// falls from 8 to 5 at 1 h, so 3 are noticed. Within an instant a higher
// number, and a later fleet in the file, was created later: newest takes
// the 10-minute fleet and the last of fleet b, oldest the first three of
// fleet a. Both used to break ties in ascending order and so picked the
// same VMs among those made together.
func TestVictimsNewestOldest(t *testing.T) {
	for _, c := range []struct {
		policy VictimPolicy
		want   []string
	}{
		{VictimsNewest, []string{"b-1", "c-0", "c-1"}},
		{VictimsOldest, []string{"a-0", "a-1", "a-2"}},
	} {
		t.Run(c.policy.String(), func(t *testing.T) {
			cfg := base(steps(0.0, "0.02"),
				Fleet{Name: "a", Count: 4, MaxPrice: -1},
				Fleet{Name: "b", Count: 2, MaxPrice: -1},
				Fleet{Name: "c", Count: 2, MaxPrice: -1, CreateAt: 600})
			cfg.Victims = c.policy
			cfg.Pools[0].Capacity = pricing.Series{Times: []int64{0, hour}, Values: []int64{8, 5}}
			res := run(t, cfg)
			var got []string
			for i, v := range res.VMs.All() {
				if v.Notices > 0 {
					got = append(got, res.VMName(i))
				}
			}
			slices.Sort(got)
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Fatalf("noticed %v, want %v", got, c.want)
			}
		})
	}
}
