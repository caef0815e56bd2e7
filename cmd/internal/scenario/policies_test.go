package scenario

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/spotsim/spotsim/sim"
	"github.com/spotsim/spotsim/sim/policy"
)

const (
	batchWL   = ", workload: {type: batch, work: 10h, deadline: 20h}"
	batchNoDL = ", workload: {type: batch, work: 10h}"
	serviceWL = ", workload: {type: service}"
)

// The policy keys' bad inputs, each at its position with what is accepted.
func TestPolicyErrors(t *testing.T) {
	for _, tc := range []struct{ name, extra, want string }{
		{"policy without a deadline", batchNoDL + ", policy: " + mark + "greedy",
			"fleets[0].policy: greedy needs a deadline: give the workload a deadline, or use spot_only or regular_only"},
		{"uniform progress on a service", serviceWL + ", policy: " + mark + "uniform_progress",
			"fleets[0].policy: uniform_progress is a batch policy; this fleet's workload is service (a service takes overprovision and fallback: {dynamic: true})"},
		{"uniform progress without a workload", ", policy: {name: " + mark + "uniform_progress}",
			"fleets[0].policy.name: uniform_progress is a batch policy; this fleet's workload is none"},
		{"unknown policy", batchWL + ", policy: " + mark + "uniform",
			`fleets[0].policy: "uniform" is not accepted; want greedy, uniform_progress, revert_to_spot, spot_only or regular_only`},
		{"overprovision on a batch", batchWL + ", overprovision: " + mark + "2",
			"fleets[0].overprovision: is for a service workload (extra spot VMs beyond the count); this fleet's workload is batch"},
		{"negative overprovision", serviceWL + ", overprovision: " + mark + "-1",
			"fleets[0].overprovision: -1 is not accepted; want a whole number of extra spot VMs from 0 to 1000000"},
		{"dynamic fallback on a batch", batchWL + ", fallback: {dynamic: " + mark + "true}",
			"fleets[0].fallback.dynamic: is for a service workload (regular VMs fill in for missing spot VMs); this fleet's workload is batch"},
		{"policy and automation", batchWL + ", eviction_policy: delete, after_eviction: {replace: 5m}, policy: " + mark + "greedy",
			"fleets[0].policy: greedy makes every create and delete of the fleet; remove after_eviction and fallback"},
		{"zero tick", batchWL + ", policy: {name: greedy, tick: " + mark + "0s}",
			"fleets[0].policy.tick: 0s is not accepted; want a duration > 0 between decisions, such as 60s"},
		{"policy on a vCPU-counted fleet", "\x00" + serviceWL + ", capacity_unit: vcpu, overprovision: 1",
			"fleets[0]: a batch policy, overprovision and a dynamic fallback are for a fleet of one size in one zone, counted in VMs; this one has 1 pool(s) and counts vCPUs"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			yml := head("0.02") + fleet(tc.extra)
			if strings.HasPrefix(tc.extra, "\x00") {
				// The error is about the whole fleet: it points at its mapping.
				yml = head("0.02") + strings.Replace(fleet(tc.extra[1:]), "  - {", "  - "+mark+"{", 1)
			}
			src, line, col := marked(t, yml)
			_, err := Parse("test.yaml", []byte(src), openTest)
			var es Errors
			if !errors.As(err, &es) || len(es) != 1 {
				t.Fatalf("want one problem; got %v", err)
			}
			want := fmt.Sprintf("test.yaml:%d:%d: %s", line, col, tc.want)
			if !strings.HasPrefix(es[0].Error(), want) {
				t.Errorf("got  %s\nwant %s", es[0], want)
			}
		})
	}
}

// The keys decode, default and survive the resolved file.
func TestPolicyKeys(t *testing.T) {
	s := mustParse(t, head("0.02")+fleet(batchWL+", policy: uniform_progress"))
	if b := s.Config.Fleets[0].Batch; !b.Set || b.Kind != policy.UniformProgress || b.Tick != 60 {
		t.Errorf("batch policy %+v; want uniform_progress every 60 s", b)
	}
	s = mustParse(t, head("0.02")+fleet(serviceWL+", overprovision: 2, eviction_policy: delete, after_eviction: {replace: 5m}, fallback: {dynamic: true}"))
	if sp := s.Config.Fleets[0].Service; sp != (sim.ServicePolicy{Overprovision: 2, DynamicFallback: true}) {
		t.Errorf("service policy %+v", sp)
	}
	for _, extra := range []string{
		batchWL + ", policy: {name: revert_to_spot, tick: 195s}",
		serviceWL + ", overprovision: 1, fallback: {dynamic: true, after_evictions: 2}",
	} {
		s := mustParse(t, head("0.02")+fleet(extra))
		y, err := s.ResolvedYAML("test")
		if err != nil {
			t.Fatal(err)
		}
		back := mustParse(t, string(y))
		if back.Config.Fleets[0].Batch != s.Config.Fleets[0].Batch || back.Config.Fleets[0].Service != s.Config.Fleets[0].Service {
			t.Errorf("%s: resolved file gives %+v %+v; want %+v %+v", extra, back.Config.Fleets[0].Batch, back.Config.Fleets[0].Service, s.Config.Fleets[0].Batch, s.Config.Fleets[0].Service)
		}
	}
}
