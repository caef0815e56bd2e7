package scenario

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/spotsim/spotsim/sim"
	"github.com/spotsim/spotsim/sim/policy"
)

// defaultPolicyTick is how often a batch policy decides when the scenario
// does not say (chosen: a minute, Azure's finest billing step that matters
// against restart overheads of minutes).
const defaultPolicyTick = 60

var policyNames = func() []string {
	var n []string
	for _, k := range policy.Kinds {
		n = append(n, k.String())
	}
	return n
}()

// policies reads a fleet's policy keys after its workload, fallback and
// automation: policy: NAME or {name: NAME, tick: DURATION} (batch),
// overprovision: N and fallback.dynamic (service), and checks they fit the
// fleet.
func (d *decoder) policies(m map[string]*yaml.Node, n *yaml.Node, path string, f *sim.Fleet) {
	if v := m["policy"]; v != nil {
		d.batchPolicy(v, path+".policy", f)
	}
	if v := m["overprovision"]; v != nil {
		k, ok := d.integer(v, path+".overprovision", 0, maxCount, fmt.Sprintf("a whole number of extra spot VMs from 0 to %d", maxCount))
		if ok && k > 0 && f.Workload.Kind != sim.Service {
			d.fail(deref(v), path+".overprovision", "is for a service workload (extra spot VMs beyond the count); this fleet's workload is %s", workloadName(f))
		}
		f.Service.Overprovision = int(k)
	}
	if (f.Service != sim.ServicePolicy{}) && f.Priority == sim.Regular {
		d.fail(deref(n), path, "overprovision and a dynamic fallback are for a spot fleet; this one is regular")
	}
	if (f.Batch.Set || f.Service != sim.ServicePolicy{}) && (len(f.Pools) > 1 || f.Unit != sim.UnitVMs) {
		d.fail(deref(n), path, "a batch policy, overprovision and a dynamic fallback are for a fleet of one size in one zone, counted in VMs; this one has %d pool(s) and counts %s", max(len(f.Pools), 1), unitName(f))
	}
}

func unitName(f *sim.Fleet) string {
	if f.Unit == sim.UnitVMs {
		return "VMs"
	}
	return "vCPUs"
}

func workloadName(f *sim.Fleet) string {
	if f.Workload.Kind == sim.NoWorkload {
		return "none"
	}
	return f.Workload.Kind.String()
}

func (d *decoder) batchPolicy(v *yaml.Node, path string, f *sim.Fleet) {
	want := "one of " + strings.Join(policyNames, ", ") + ", or {name: NAME, tick: DURATION}"
	nameNode := v
	f.Batch.Tick = defaultPolicyTick
	if deref(v).Kind == yaml.MappingNode {
		pm := d.fields(v, path, "name", "tick")
		if pm == nil {
			return
		}
		if nameNode = d.require(pm, v, path, "name", want); nameNode == nil {
			return
		}
		if t := pm["tick"]; t != nil {
			f.Batch.Tick, _ = d.duration(t, path+".tick", 1, anyLength, "a duration > 0 between decisions, such as 60s")
		}
		path += ".name"
	}
	i, ok := d.enum(nameNode, path, policyNames)
	if !ok {
		return
	}
	f.Batch.Set, f.Batch.Kind = true, policy.Kinds[i]
	k := f.Batch.Kind
	switch {
	case f.Workload.Kind != sim.Batch:
		d.fail(deref(nameNode), path, "%s is a batch policy; this fleet's workload is %s (a service takes overprovision and fallback: {dynamic: true})", k, workloadName(f))
	case f.Workload.Deadline == 0 && k != policy.SpotOnly && k != policy.RegularOnly:
		d.fail(deref(nameNode), path, "%s needs a deadline: give the workload a deadline, or use spot_only or regular_only", k)
	case f.Priority == sim.Regular:
		d.fail(deref(nameNode), path, "%s decides between spot and regular VMs; this fleet is regular (use regular_only on a spot fleet)", k)
	case f.After != sim.NoAutomation || f.Fallback != (sim.Fallback{}):
		d.fail(deref(nameNode), path, "%s makes every create and delete of the fleet; remove after_eviction and fallback", k)
	}
}
