package scenario

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/pricing/traces"
	"github.com/spotsim/spotsim/sim"
)

// fleetIndex maps fleet names to their index in Config.Fleets.
type fleetIndex struct {
	byName  map[string]int
	names   []string
	vmNames map[string]string // "<prefix><sep>" → the fleet's path (vmnames.go)
}

func (d *decoder) fleets(n *yaml.Node, s *Scenario, pools poolIndex, within int64) fleetIndex {
	idx := fleetIndex{byName: map[string]int{}}
	if n == nil {
		return idx
	}
	items := d.list(n, "fleets", "a list of fleets")
	if len(items) == 0 && deref(n).Kind == yaml.SequenceNode {
		d.fail(deref(n), "fleets", "is empty; want at least one fleet")
	}
	for i, item := range items {
		d.fleet(item, index("fleets", i), s, pools, &idx, within)
	}
	return idx
}

// workload reads {type: service} or {type: batch, work: DURATION,
// checkpoint_every: DURATION, checkpoint_time: DURATION, restart_overhead:
// DURATION, deadline: DURATION}; work is VM-time (500h = 500 VM-hours).
func (d *decoder) workload(n *yaml.Node, path string, f *sim.Fleet) {
	m := d.fields(n, path, "type", "work", "checkpoint_every", "checkpoint_time", "restart_overhead", "deadline")
	if m == nil {
		return
	}
	v := d.require(m, n, path, "type", "service or batch")
	if v == nil {
		return
	}
	i, ok := d.enum(v, path+".type", []string{"service", "batch"})
	if !ok {
		return
	}
	if i == 0 {
		f.Workload.Kind = sim.Service
		for _, k := range []string{"work", "checkpoint_every", "checkpoint_time", "restart_overhead", "deadline"} {
			if m[k] != nil {
				d.fail(deref(m[k]), path+"."+k, "only a batch workload takes %s", k)
			}
		}
		return
	}
	w := &f.Workload
	w.Kind = sim.Batch
	if v := d.require(m, n, path, "work", "the work to do in VM-time, such as 500h"); v != nil {
		w.Work, _ = d.duration(v, path+".work", 1, 1<<50, "a duration of VM-time > 0, such as 500h")
	}
	for _, k := range []struct {
		key string
		to  *int64
	}{{"checkpoint_every", &w.CheckpointEvery}, {"checkpoint_time", &w.CheckpointTime}, {"restart_overhead", &w.RestartOverhead}, {"deadline", &w.Deadline}} {
		if v := m[k.key]; v != nil {
			*k.to, _ = d.duration(v, path+"."+k.key, 0, 1<<50, "a duration >= 0")
		}
	}
}

// The tenant and subscription of a fleet that names none (R12).
const (
	DefaultTenant       = "default"
	DefaultSubscription = "00000000-0000-0000-0000-000000000000"
)

const billingIDFmt = "1 to 64 of A-Z a-z 0-9 _ . -, such as contoso or a subscription GUID"

func isBillingID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

// fleet decodes one fleet and adds it to the Config and to idx. A fleet with
// other problems is still added when its name is good, so that actions
// naming it get no second, misleading error.
func (d *decoder) fleet(n *yaml.Node, path string, s *Scenario, pools poolIndex, idx *fleetIndex, within int64) {
	f := sim.Fleet{MaxPrice: pricing.Uncapped, Pool: -1}
	m := d.fields(n, path, fleetKeys...)
	if m == nil {
		return
	}
	nameOK := false
	if v := d.require(m, n, path, "name", nameFmt); v != nil {
		f.Name, nameOK = d.word(v, path+".name", nameFmt, func(s string) bool { return isName(s) && len(s) <= maxNameLen })
		if prev, dup := idx.byName[f.Name]; nameOK && dup {
			d.fail(deref(v), path+".name", "%q is already the name of fleets[%d]; want unique fleet names", f.Name, prev)
			nameOK = false
		}
	}
	d.vmNames(m, path, &f, idx)
	var region string
	regionNode := d.require(m, n, path, "region", "the region of a pool")
	if regionNode != nil {
		region, _ = d.word(regionNode, path+".region", "a region such as eastus", ident)
	}
	sizes := d.sizes(m, n, path)
	zones := d.zones(m, path)
	if region != "" {
		for _, sz := range sizes {
			for _, z := range zones {
				key := poolKey{traces.Pool{Region: region, SKU: sz.sku}, z.name}
				// Point at the zone when the size has pools elsewhere in
				// the region, else at the size.
				at, atPath := sz.node, sz.path
				if z.node != nil && slices.ContainsFunc(pools.keys, func(k poolKey) bool { return k.Region == region && k.SKU == sz.sku }) {
					at, atPath = z.node, z.path
				}
				if i, ok := pools.byKey[key]; ok {
					f.Pools = append(f.Pools, sim.FleetPool{Pool: i, Rank: sz.rank})
				} else if len(pools.names) == 0 {
					d.fail(deref(at), atPath, "no pool %s is defined, nor any other; define it under pools", key)
				} else {
					d.fail(deref(at), atPath, "no pool %s is defined; want one of %s", key, strings.Join(pools.names, ", "))
				}
			}
		}
		switch {
		case len(f.Pools) != len(sizes)*len(zones) || len(f.Pools) == 0:
			f.Pools = nil
		case len(f.Pools) == 1 && f.Pools[0].Rank == 0 && pools.keys[f.Pools[0].Pool].Zone == "":
			// One size in one place: sim.Fleet.Pool alone says it.
			f.Pool, f.Pools = f.Pools[0].Pool, nil
		default:
			f.Pool = f.Pools[0].Pool
		}
	}
	d.allocation(m, path, &f, sizes)
	if v := d.require(m, n, path, "count", "a whole number of VMs > 0"); v != nil {
		c, _ := d.integer(v, path+".count", 1, maxCount, fmt.Sprintf("a whole number of VMs from 1 to %d", maxCount))
		f.Count = int(c)
	}
	if v := m["priority"]; v != nil {
		if i, ok := d.azureEnum(v, path+".priority", []string{sim.Spot.String(), sim.Regular.String()}); ok {
			f.Priority = sim.Priority(i)
		}
	}
	if v := m["max_price"]; v != nil {
		if f.Priority == sim.Regular {
			// -1 is accepted so that a resolved file, which writes every
			// key, stays valid.
			if p, ok := d.maxPrice(v, path+".max_price"); ok && p != pricing.Uncapped {
				d.fail(deref(v), path+".max_price", "%s is not accepted on a regular fleet, which pays the pay-as-you-go price and is never evicted (R11); remove it or use -1", p)
			}
		} else if p, ok := d.maxPrice(v, path+".max_price"); ok {
			f.MaxPrice = p
		}
	}
	if v := m["eviction_policy"]; v != nil {
		if i, ok := d.azureEnum(v, path+".eviction_policy", []string{sim.Deallocate.String(), sim.Delete.String()}); ok {
			f.Policy = sim.EvictionPolicy(i)
		}
	}
	if v := m["disk_price"]; v != nil {
		f.DiskPrice, _ = d.price(v, path+".disk_price", func(p pricing.Price) bool { return p >= 0 }, "a decimal >= 0 in USD per hour per VM, such as 0.01")
	}
	if v := m["create_at"]; v != nil {
		f.CreateAt, _ = d.duration(v, path+".create_at", 0, within, "a duration >= 0 and less than the horizon")
	}
	f.Tenant, f.Subscription = DefaultTenant, DefaultSubscription
	if v := m["tenant"]; v != nil {
		f.Tenant, _ = d.word(v, path+".tenant", billingIDFmt, isBillingID)
	}
	if v := m["subscription"]; v != nil {
		f.Subscription, _ = d.word(v, path+".subscription", billingIDFmt, isBillingID)
	}
	if v := m["tags"]; v != nil {
		f.Tags = tagsJSON(d.tags(v, path+".tags"))
	}
	if d.tenantOf == nil {
		d.tenantOf = map[string]owner{}
	}
	if prev, ok := d.tenantOf[f.Subscription]; !ok {
		d.tenantOf[f.Subscription] = owner{f.Tenant, path, deref(n).Line}
	} else if prev.tenant != f.Tenant {
		at := n
		if v := m["tenant"]; v != nil {
			at = v
		}
		d.fail(deref(at), path+".tenant", "%q, but subscription %q belongs to tenant %q (%s, line %d); a subscription has one tenant",
			f.Tenant, f.Subscription, prev.tenant, prev.path, prev.line)
	}
	if v := m["workload"]; v != nil {
		d.workload(v, path+".workload", &f)
	}
	if v := m["regular_base"]; v != nil {
		n, _ := d.integer(v, path+".regular_base", 0, 1_000_000, "a whole number of regular VMs from 0 to 1000000")
		f.RegularBase = int(n)
	}
	if v := m["regular_percent_above_base"]; v != nil {
		n, _ := d.integer(v, path+".regular_percent_above_base", 0, 100, "a whole percent from 0 to 100")
		f.RegularPercentAboveBase = int(n)
	}
	if v := m["fallback"]; v != nil {
		fm := d.fields(v, path+".fallback", "after_evictions", "deadline", "dynamic")
		if fm != nil {
			if n := fm["after_evictions"]; n != nil {
				k, _ := d.integer(n, path+".fallback.after_evictions", 1, 1_000_000, "a whole number of evictions >= 1")
				f.Fallback.AfterEvictions = int(k)
			}
			if n := fm["deadline"]; n != nil {
				f.Fallback.Deadline, _ = d.boolean(n, path+".fallback.deadline")
				if f.Fallback.Deadline && (f.Workload.Kind != sim.Batch || f.Workload.Deadline == 0) {
					d.fail(deref(n), path+".fallback.deadline", "needs a batch workload with a deadline")
				}
			}
			if n := fm["dynamic"]; n != nil {
				f.Service.DynamicFallback, _ = d.boolean(n, path+".fallback.dynamic")
				if f.Service.DynamicFallback && f.Workload.Kind != sim.Service {
					d.fail(deref(n), path+".fallback.dynamic", "is for a service workload (regular VMs fill in for missing spot VMs); this fleet's workload is %s", workloadName(&f))
				}
			}
		}
	}
	if (f.RegularBase > 0 || f.RegularPercentAboveBase > 0 || f.Fallback != (sim.Fallback{})) && f.Priority == sim.Regular {
		d.fail(deref(n), path, "a priority mix or a fallback is for a spot fleet; this one is regular")
	}
	if v := m["after_eviction"]; v != nil {
		d.afterEviction(v, path+".after_eviction", &f)
	}
	d.capacityUnit(m, n, path, &f)
	d.policies(m, n, path, &f)
	if v := m["on_rebalance"]; v != nil {
		d.onRebalance(v, path+".on_rebalance", &f)
	}
	if f.Priority == sim.Spot {
		for i, sz := range sizes {
			if i > 0 {
				regionNode = nil // one error about the region is enough
			}
			d.spotRules(f, path, sz.path, regionNode, sz.node, region, sz.sku, pools)
		}
	}
	if nameOK {
		idx.byName[f.Name] = len(s.Config.Fleets)
		idx.names = append(idx.names, f.Name)
		s.Config.Fleets = append(s.Config.Fleets, f)
	}
}

// afterEviction reads the user's automation: none, {restart: DURATION} for a
// deallocate fleet, or {replace: DURATION} for a delete fleet.
func (d *decoder) afterEviction(n *yaml.Node, path string, f *sim.Fleet) {
	const want = "none, {restart: DURATION} or {replace: DURATION}"
	if deref(n).Kind != yaml.MappingNode {
		d.word(n, path, want, func(s string) bool { return s == "none" })
		return
	}
	m := d.fields(n, path, "restart", "replace")
	if m == nil {
		return
	}
	if len(m) != 1 {
		d.fail(deref(n), path, "want exactly one of restart or replace")
		return
	}
	for key, v := range m {
		secs, ok := d.duration(v, join(path, key), 1, anyLength, "an interval > 0 such as 5m")
		if !ok {
			return
		}
		f.After, f.Interval = sim.RestartAutomation, secs
		need := sim.Deallocate
		if key == "replace" {
			f.After, need = sim.ReplaceAutomation, sim.Delete
		}
		if f.Policy != need {
			d.fail(deref(n), path, "%s needs eviction_policy %s, and the fleet's is %s: %s", key, need, f.Policy, automationWhy[f.After])
		}
	}
}

var automationWhy = map[sim.Automation]string{
	sim.RestartAutomation: "restart starts a deallocated VM again, and a deleted one is gone",
	sim.ReplaceAutomation: "replace creates new VMs for deleted ones, and a deallocated VM still counts toward the fleet",
}
