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

const zoneFmt = "an availability zone such as 1, 2 or 3"

// isZone accepts Azure's zone names: logical zones are 1, 2 and 3 today;
// any short word of letters and digits is taken.
func isZone(s string) bool {
	if s == "" || len(s) > 8 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// poolIndex maps a pool to its index in Config.Pools, and lists the pools a
// fleet could have meant.
type poolIndex struct {
	byKey     map[poolKey]int
	names     []string
	spotGiven []bool // whether the pool has a spot_price key, valid or not
	keys      []poolKey
}

func (d *decoder) pools(n *yaml.Node, s *Scenario, win *window) poolIndex {
	idx := poolIndex{byKey: map[poolKey]int{}}
	if n == nil {
		return idx
	}
	for i, item := range d.list(n, "pools", "a list of pools") {
		path := index("pools", i)
		m := d.fields(item, path, poolKeys...)
		if m == nil {
			continue
		}
		var p sim.Pool
		ok := true
		region, sku := d.require(m, item, path, "region", "a region such as eastus"), d.require(m, item, path, "sku", "a VM size such as Standard_D2s_v5")
		if region != nil {
			p.Region, _ = d.word(region, path+".region", "a region such as eastus", ident)
		}
		if sku != nil {
			p.SKU, _ = d.word(sku, path+".sku", "a VM size such as Standard_D2s_v5", ident)
		}
		if v := m["zone"]; v != nil {
			p.Zone, _ = d.word(v, path+".zone", zoneFmt, isZone)
		}
		if v := m["placement_score"]; v != nil {
			if i, ok := d.enum(v, path+".placement_score", sim.PlacementNames()); ok {
				p.Placement = sim.PlacementScore(i + 1)
			}
		}
		key := poolKey{traces.Pool{Region: p.Region, SKU: p.SKU}, p.Zone}
		if p.Region == "" || p.SKU == "" {
			ok = false
		} else if prev, dup := idx.byKey[key]; dup {
			d.fail(deref(sku), path, "pool %s is already defined by pools[%d]; want each region, sku and zone once", key, prev)
			ok = false
		}
		if v := d.require(m, item, path, "vcpus", "a whole number of vCPUs > 0"); v != nil {
			p.VCPUs, _ = d.integer(v, path+".vcpus", 1, maxVCPUs, fmt.Sprintf("a whole number of vCPUs from 1 to %d", maxVCPUs))
		}
		if v := d.require(m, item, path, "payg_price", "the pay-as-you-go price in USD per hour, such as 0.096"); v != nil {
			p.PAYG, _ = d.price(v, path+".payg_price", func(p pricing.Price) bool { return p > 0 }, "a decimal > 0 in USD per hour with at most 9 decimal places, such as 0.096")
		}
		if v := m["spot_price"]; v != nil && ok {
			if series, ok := d.spotPrice(v, path+".spot_price", s, key, win); ok {
				p.Spot = &series
			}
		}
		p.Capacity = pricing.Constant(pricing.Unlimited)
		if v := m["capacity"]; v != nil && ok {
			if series, ok := d.capacity(v, path+".capacity", s, key, win); ok {
				p.Capacity = series
			}
		}
		d.hazard(m, path, s, key, &p, s.sources[source{key, traces.CapacityTrace}].path != "")
		d.evictionModels(m, path, &p)
		// A pool with other problems is still defined, so that fleets naming
		// it get no second, misleading error; the Config is dropped anyway.
		if ok {
			idx.byKey[key] = len(s.Config.Pools)
			idx.names = append(idx.names, key.String())
			idx.spotGiven = append(idx.spotGiven, m["spot_price"] != nil)
			idx.keys = append(idx.keys, key)
			s.Config.Pools = append(s.Config.Pools, p)
		}
	}
	return idx
}

func (d *decoder) spotPrice(n *yaml.Node, path string, s *Scenario, pool poolKey, win *window) (pricing.Series, bool) {
	want := "a decimal >= 0 in USD per hour such as 0.0192, {csv: PATH} or {file: PATH, format: F} (F: " + strings.Join(priceFormats, ", ") + ")"
	if deref(n).Kind == yaml.MappingNode {
		return d.trace(n, path, s, pool, traces.PriceTrace, win)
	}
	p, ok := d.price(n, path, func(p pricing.Price) bool { return p >= 0 }, want)
	return pricing.Constant(int64(p)), ok
}

func (d *decoder) capacity(n *yaml.Node, path string, s *Scenario, pool poolKey, win *window) (pricing.Series, bool) {
	want := "a whole number >= 0, unlimited, {csv: PATH} or {file: PATH, format: F} (F: " + strings.Join(capacityFormats, ", ") + ")"
	if deref(n).Kind == yaml.MappingNode {
		return d.trace(n, path, s, pool, traces.CapacityTrace, win)
	}
	if is(n, "unlimited") {
		return pricing.Constant(pricing.Unlimited), true
	}
	c, ok := d.integer(n, path, 0, 1<<31-1, want)
	return pricing.Constant(c), ok
}

// vcpuLimit reads a quota: a whole number >= 0, or unlimited (-1), which is
// also what an absent key means.
func (d *decoder) vcpuLimit(m map[string]*yaml.Node, key, path string) int64 {
	const want = "a whole number of vCPUs >= 0, or unlimited"
	v := m[key]
	if v == nil {
		return -1
	}
	if is(v, "unlimited") {
		return -1
	}
	q, _ := d.integer(v, join(path, key), 0, 1<<53, want)
	return q
}

// quotas reads quota[]; a region no pool is in is a warning in s (its
// quota limits nothing, most likely a misspelt region), not an error: a
// sweep that moves pools between regions may leave one unused.
func (d *decoder) quotas(n *yaml.Node, s *Scenario) []sim.Quota {
	var out []sim.Quota
	seen := map[string]int{}
	for i, item := range d.list(n, "quota", "a list of regional quotas") {
		path := index("quota", i)
		m := d.fields(item, path, quotaKeys...)
		if m == nil {
			continue
		}
		q := sim.Quota{SpotVCPUs: d.vcpuLimit(m, "spot_vcpus", path), RegularVCPUs: d.vcpuLimit(m, "regular_vcpus", path)}
		v := d.require(m, item, path, "region", "a region such as eastus")
		if v == nil {
			continue
		}
		region, ok := d.word(v, path+".region", "a region such as eastus", ident)
		if !ok {
			continue
		}
		if prev, dup := seen[region]; dup {
			d.fail(deref(v), path+".region", "%s already has a quota in quota[%d]; want each region once", region, prev)
			continue
		}
		seen[region] = i
		q.Region = region
		out = append(out, q)
		if !slices.ContainsFunc(s.Config.Pools, func(p sim.Pool) bool { return p.Region == region }) {
			s.Warnings = append(s.Warnings, fmt.Sprintf("%s:%d:%d: %s.region: no pool is in %s, so this quota limits nothing; check the region's spelling", d.file, deref(v).Line, deref(v).Column, path, region))
		}
	}
	return out
}
