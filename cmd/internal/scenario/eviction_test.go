package scenario

import (
	"reflect"
	"strings"
	"testing"

	"github.com/spotsim/spotsim/sim"
)

// The eviction-model keys decode to what the engine runs, the resolved file
// reads back to the same Config, and bad values are positioned errors.
func TestEvictionModelKeys(t *testing.T) {
	head := "name: t\nstart: 2026-01-05T00:00:00Z\nhorizon: 1d\n"
	pool := "pools:\n  - {region: eastus, sku: Standard_D2s_v5, vcpus: 2, payg_price: 0.096, spot_price: 0.02"
	fleet := "}\nfleets:\n  - {name: w, region: eastus, sku: Standard_D2s_v5, count: 1"
	for _, c := range []struct {
		top, pool, fleet string
		check            func(*sim.Config) bool
		want             string
	}{
		{"", ", eviction_rate: 5-10", "", func(c *sim.Config) bool {
			return c.Pools[0].Reclaim.Model == sim.Independent && c.Pools[0].Rebalance.Recall == 0 && c.NoticeLeads == nil
		}, ""},
		{"", ", eviction_rate: 5-10, reclaims: correlated", "", func(c *sim.Config) bool {
			return reflect.DeepEqual(c.Pools[0].Reclaim, sim.Reclaim{Model: sim.Correlated, Share: DefaultReclaimShare, Recovery: DefaultRecovery})
		}, ""},
		{"", ", hazard: 0.1, reclaims: {share: [{share: 0.1, weight: 3}, {share: 1, weight: 1}], recovery: 30m, group: z1}", "", func(c *sim.Config) bool {
			rc := c.Pools[0].Reclaim
			return rc.Model == sim.Correlated && rc.Group == "z1" && reflect.DeepEqual(rc.Recovery, sim.FixedDist(1800)) &&
				reflect.DeepEqual(rc.Share.Values, []float64{0.1, 1}) && rc.Share.Mean() == 0.325
		}, ""},
		{"", ", hazard: 0.1, rebalance: {recall: 0.8, lead: {min: 1m, max: 1h}}", ", on_rebalance: {launch_before_terminate: 2m}", func(c *sim.Config) bool {
			rb := c.Pools[0].Rebalance
			return rb.Recall == 0.8 && reflect.DeepEqual(rb.Lead, sim.Dist{Kind: sim.Uniform, Min: 60, Max: 3600}) && rb.FalseShare == DefaultFalseShare &&
				c.Fleets[0].OnRebalance == sim.OnRebalance{Action: sim.LaunchBeforeTerminate, Delay: 120}
		}, ""},
		{"", ", hazard: 0.1, rebalance: {}", ", on_rebalance: launch", func(c *sim.Config) bool {
			return c.Pools[0].Rebalance.Recall == DefaultRecall && c.Fleets[0].OnRebalance.Action == sim.LaunchOnRebalance
		}, ""},
		{"notice: operators\n", "", "", func(c *sim.Config) bool { return reflect.DeepEqual(*c.NoticeLeads, OperatorNotice) }, ""},
		{"notice: [{lead: 5s, weight: 3}, {lead: 30s, weight: 1}]\n", "", "", func(c *sim.Config) bool {
			return c.NoticeLeads.Mean() == 11.25 && c.Notice == sim.NoticeLead{Min: 5, Max: 30}
		}, ""},
		{"", ", reclaims: correlated", "", nil, "pools[0].reclaims: needs the pool's stochastic evictions"},
		{"", ", hazard: 0.1, reclaims: clustered", "", nil, `pools[0].reclaims: "clustered" is not accepted`},
		{"", ", hazard: 0.1, reclaims: {share: 1.5}", "", nil, "pools[0].reclaims.share: 1.5 is not accepted; want a share in (0, 1]"},
		{"", ", hazard: 0.1, reclaims: {share: {min: 0.5, max: 0.2}}", "", nil, "pools[0].reclaims.share.max: is less than min"},
		{"", ", hazard: 0.1, rebalance: {false_alarms: 1}", "", nil, "pools[0].rebalance.false_alarms: 1 is not accepted"},
		{"", ", hazard: 0.1, rebalance: {lead: {mean: 1h, min: 1m}}", "", nil, "give {mean} or {min, max}, not both"},
		{"", "", ", on_rebalance: relaunch", nil, `fleets[0].on_rebalance: "relaunch" is not accepted`},
		{"", ", hazard: 0.1, reclaims: {share: 0.5, group: z}}\n  - {region: eastus, sku: Standard_D4s_v5, vcpus: 4, payg_price: 0.192, spot_price: 0.04, hazard: 0.2, reclaims: {share: 0.4, group: z}", "", nil,
			"pools[1].reclaims.group: z's share differs from pools[0].reclaims's; the pools"},
		{"notice: [{lead: 5s}]\n", "", "", nil, "notice[0].weight: missing"},
	} {
		src := head + c.top + pool + c.pool + fleet + c.fleet + "}\n"
		s, err := Parse("s.yaml", []byte(src), nil)
		if c.want != "" {
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: %v, want %q", src, err, c.want)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if !c.check(&s.Config) {
			t.Errorf("%s: decoded %+v %+v %+v", src, s.Config.Pools[0], s.Config.Fleets[0], s.Config.NoticeLeads)
		}
		resolved, err := s.ResolvedYAML("test")
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse("r.yaml", resolved, nil)
		if err != nil || !reflect.DeepEqual(again.Config, s.Config) {
			t.Fatalf("%s: resolved reads back differently (%v):\n%s", src, err, resolved)
		}
	}
}
