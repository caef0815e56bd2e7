package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/pricing/traces"
	"github.com/spotsim/spotsim/sim"
)

// ResolvedYAML writes the scenario as scenario.resolved.yaml: every key with
// its value, defaults included, plus spotsim_version and version, so that a
// result can be reproduced from its folder alone (with the trace files,
// which it names by path and pins by SHA-256). It writes what s.Config holds
// now, so a seed set from the command line is the seed written. Parse of the
// output gives the same Config.
func (s *Scenario) ResolvedYAML(version string) ([]byte, error) {
	c := &s.Config
	doc := newMap(false)
	doc.HeadComment = fmt.Sprintf("Resolved from %s by spotsim %s: every default filled in.\nTrace paths are relative to the folder of %[1]s; sha256 pins their content.", oneLine(s.name), oneLine(version))
	if s.relocated {
		doc.HeadComment = fmt.Sprintf("Resolved from %s by spotsim %s: every default filled in.\nTrace paths are relative to this file's folder; sha256 pins their content.", oneLine(s.name), oneLine(version))
	}
	doc.add("spotsim_version", str(version))
	doc.add("version", num("1"))
	doc.add("name", str(c.Name))
	doc.add("start", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: s.Config.Start.UTC().Format(time.RFC3339)})
	doc.add("horizon", duration(c.Horizon))
	doc.add("seed", num(strconv.FormatUint(c.Seed, 10)))
	if s.Replications > 1 {
		doc.add("replications", num(strconv.Itoa(s.Replications)))
	}
	if c.NoticeLeads != nil {
		doc.add("notice", distNode(*c.NoticeLeads, "lead", true))
	} else if c.Notice.Min == c.Notice.Max {
		doc.add("notice", duration(c.Notice.Min))
	} else {
		doc.add("notice", newMap(true).add("min", duration(c.Notice.Min)).add("max", duration(c.Notice.Max)).Node)
	}
	t := c.Timings
	timings := newMap(true)
	for i, v := range []int64{t.Create, t.Start, t.Stop, t.Deallocate, t.Delete} {
		timings.add(timingKeys[i], duration(v))
	}
	doc.add("timings", timings.Node)
	doc.add("victims", str(c.Victims.String()))
	doc.add("offer", str(s.Offer))
	billing := newMap(false)
	for i, name := range sim.StateNames() {
		billing.add(name, newMap(true).add("compute", boolean(c.Billing[i].Compute)).add("disk", boolean(c.Billing[i].Disk)).Node)
	}
	doc.add("billing", billing.Node)

	pools := newList()
	for _, p := range c.Pools {
		key := poolKey{traces.Pool{Region: p.Region, SKU: p.SKU}, p.Zone}
		m := newMap(false).add("region", str(p.Region))
		if p.Zone != "" {
			m.add("zone", str(p.Zone))
		}
		m.add("sku", str(p.SKU)).
			add("vcpus", num(strconv.FormatInt(p.VCPUs, 10))).add("payg_price", price(p.PAYG))
		if p.Spot != nil {
			v, err := s.series(key, traces.PriceTrace, *p.Spot, func(v int64) *yaml.Node { return price(pricing.Price(v)) })
			if err != nil {
				return nil, err
			}
			m.add("spot_price", v)
		}
		v, err := s.series(key, traces.CapacityTrace, p.Capacity, vcpuOrUnlimited)
		if err != nil {
			return nil, err
		}
		m.add("capacity", v)
		if p.Hazard > 0 {
			m.add(s.rateNode(key, p.Hazard))
		}
		if p.Placement != sim.NoPlacementScore {
			m.add("placement_score", str(p.Placement.String()))
		}
		resolvedModels(m, p)
		pools.Content = append(pools.Content, m.Node)
	}
	doc.add("pools", pools)

	quotas := newList()
	for _, q := range c.Quotas {
		quotas.Content = append(quotas.Content, newMap(false).add("region", str(q.Region)).
			add("spot_vcpus", vcpuOrUnlimited(q.SpotVCPUs)).add("regular_vcpus", vcpuOrUnlimited(q.RegularVCPUs)).Node)
	}
	doc.add("quota", quotas)

	fleets := newList()
	for _, f := range c.Fleets {
		if f.Pool < 0 || f.Pool >= len(c.Pools) {
			return nil, fmt.Errorf("fleet %s: pool %d out of range", f.Name, f.Pool)
		}
		p := c.Pools[f.Pool]
		maxPrice := f.MaxPrice
		if f.Priority == sim.Regular {
			maxPrice = pricing.Uncapped
		}
		after := str(f.After.String())
		if f.After != sim.NoAutomation {
			after = newMap(true).add(f.After.String(), duration(f.Interval)).Node
		}
		fm := newMap(false).add("name", str(f.Name)).add("region", str(p.Region))
		addSizes(fm, c, f)
		fleets.Content = append(fleets.Content, fm.
			add("count", num(strconv.Itoa(f.Count))).add("priority", str(f.Priority.String())).
			add("max_price", maxPriceNode(maxPrice)).add("eviction_policy", str(f.Policy.String())).
			add("disk_price", price(f.DiskPrice)).add("create_at", duration(f.CreateAt)).
			add("after_eviction", after).add("tenant", str(f.Tenant)).add("subscription", str(f.Subscription)).Node)
		last := fleets.Content[len(fleets.Content)-1]
		if f.ScaleSetNames {
			mapNode{last}.add("vm_names", str(vmNameStyles[1]))
		}
		if f.VMPrefix != "" {
			mapNode{last}.add("vm_name_prefix", str(f.VMPrefix))
		}
		if f.Tags != "" {
			var tags map[string]string
			json.Unmarshal([]byte(f.Tags), &tags) // written by tagsJSON: cannot fail
			m := newMap(true)
			for _, k := range slices.Sorted(maps.Keys(tags)) {
				m.add(k, str(tags[k]))
			}
			mapNode{last}.add("tags", m.Node)
		}
		if f.RegularBase > 0 || f.RegularPercentAboveBase > 0 {
			mapNode{last}.add("regular_base", num(strconv.Itoa(f.RegularBase))).
				add("regular_percent_above_base", num(strconv.Itoa(f.RegularPercentAboveBase)))
		}
		if f.Fallback != (sim.Fallback{}) {
			fb := newMap(true)
			if f.Fallback.AfterEvictions > 0 {
				fb.add("after_evictions", num(strconv.Itoa(f.Fallback.AfterEvictions)))
			}
			if f.Fallback.Deadline {
				fb.add("deadline", boolean(true))
			}
			if f.Service.DynamicFallback {
				fb.add("dynamic", boolean(true))
			}
			mapNode{last}.add("fallback", fb.Node)
		} else if f.Service.DynamicFallback {
			mapNode{last}.add("fallback", newMap(true).add("dynamic", boolean(true)).Node)
		}
		if f.Service.Overprovision > 0 {
			mapNode{last}.add("overprovision", num(strconv.Itoa(f.Service.Overprovision)))
		}
		if f.Batch.Set {
			mapNode{last}.add("policy", newMap(true).add("name", str(f.Batch.Kind.String())).add("tick", duration(f.Batch.Tick)).Node)
		}
		if o := resolvedOnRebalance(f.OnRebalance); o != nil {
			mapNode{last}.add("on_rebalance", o)
		}
		if f.Workload.Kind != sim.NoWorkload {
			wl := newMap(true).add("type", str(f.Workload.Kind.String()))
			if w := f.Workload; w.Kind == sim.Batch {
				wl.add("work", duration(w.Work)).add("checkpoint_every", duration(w.CheckpointEvery)).
					add("checkpoint_time", duration(w.CheckpointTime)).add("restart_overhead", duration(w.RestartOverhead)).
					add("deadline", duration(w.Deadline))
			}
			mapNode{last}.add("workload", wl.Node)
		}
	}
	doc.add("fleets", fleets)

	actions := newList()
	for _, a := range c.Actions {
		if a.Fleet < 0 || a.Fleet >= len(c.Fleets) {
			return nil, fmt.Errorf("action at %s: fleet %d out of range", formatDuration(a.At), a.Fleet)
		}
		m := newMap(false).add("at", duration(a.At)).add("fleet", str(c.Fleets[a.Fleet].Name))
		switch {
		case a.Op == sim.OpScale:
		case a.VM < 0:
			m.add("vm", str("all"))
		default:
			m.add("vm", num(strconv.Itoa(a.VM)))
		}
		m.add("op", str(a.Op.String()))
		switch a.Op {
		case sim.OpSetMaxPrice:
			m.add("max_price", maxPriceNode(a.MaxPrice))
		case sim.OpScale:
			m.add("count", num(strconv.Itoa(a.Count)))
		}
		actions.Content = append(actions.Content, m.Node)
	}
	doc.add("actions", actions)

	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc.Node); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// addSizes writes a fleet's sku, or its sizes, zones and allocation.
func addSizes(m mapNode, c *sim.Config, f sim.Fleet) {
	if len(f.Pools) == 0 {
		m.add("sku", str(c.Pools[f.Pool].SKU))
	} else {
		sizes, zones := newList(), newList()
		zones.Style = yaml.FlowStyle
		seenSKU, seenZone := map[string]bool{}, map[string]bool{}
		for _, fp := range f.Pools {
			p := c.Pools[fp.Pool]
			if !seenSKU[p.SKU] {
				seenSKU[p.SKU] = true
				if f.Allocation == sim.Prioritized {
					sizes.Content = append(sizes.Content, newMap(true).add("sku", str(p.SKU)).add("rank", num(strconv.Itoa(fp.Rank))).Node)
				} else {
					sizes.Content = append(sizes.Content, str(p.SKU))
				}
			}
			if p.Zone != "" && !seenZone[p.Zone] {
				seenZone[p.Zone] = true
				zones.Content = append(zones.Content, str(p.Zone))
			}
		}
		m.add("sizes", sizes)
		if len(zones.Content) > 0 {
			m.add("zones", zones)
		}
		m.add("allocation", str(f.Allocation.String()))
	}
	if f.Unit != sim.UnitVMs {
		m.add("capacity_unit", str(f.Unit.String()))
	}
	if f.MinCapacity > 0 {
		m.add("min_capacity", num(strconv.Itoa(f.MinCapacity)))
	}
}

// oneLine keeps a name from breaking out of the header comment.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '?'
		}
		return r
	}, s)
}

// series writes a pool's spot price or capacity: the trace file it came
// from, or the constant.
func (s *Scenario) series(pool poolKey, kind traces.Kind, v pricing.Series, constant func(int64) *yaml.Node) (*yaml.Node, error) {
	if ref, ok := s.sources[source{pool, kind}]; ok {
		sum, err := ref.digest()
		if err != nil {
			return nil, fmt.Errorf("trace %s: %w", ref.path, err)
		}
		if ref.format != "" {
			m := newMap(true).add("file", str(ref.path)).add("format", str(ref.format)).add("sha256", str(sum))
			if ref.start != "" {
				m.add("start", str(ref.start))
			}
			return m.Node, nil
		}
		return newMap(true).add("csv", str(ref.path)).add("sha256", str(sum)).Node, nil
	}
	if len(v.Values) != 1 || len(v.Times) != 1 || v.Times[0] != 0 {
		return nil, fmt.Errorf("pool %s: a series of %d points with no trace file to name", pool, len(v.Values))
	}
	return constant(v.Values[0]), nil
}

// mapNode builds a YAML mapping in key order.
type mapNode struct{ *yaml.Node }

func newMap(flow bool) mapNode {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	if flow {
		n.Style = yaml.FlowStyle
	}
	return mapNode{n}
}

func (m mapNode) add(key string, v *yaml.Node) mapNode {
	m.Content = append(m.Content, str(key), v)
	return m
}

func newList() *yaml.Node { return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"} }

// str is a string; the encoder quotes it when it would read back as another
// type (a name such as 2026).
func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

func num(s string) *yaml.Node {
	tag := "!!int"
	if strings.Contains(s, ".") {
		tag = "!!float"
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: s}
}

// price writes a price as a bare number, from its exact text.
func price(p pricing.Price) *yaml.Node { return num(p.String()) }

func maxPriceNode(p pricing.Price) *yaml.Node {
	if p == pricing.Uncapped {
		return num("-1")
	}
	return price(p)
}

func duration(secs int64) *yaml.Node { return str(formatDuration(secs)) }

func boolean(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}

func vcpuOrUnlimited(v int64) *yaml.Node {
	if v < 0 {
		return str("unlimited")
	}
	return num(strconv.FormatInt(v, 10))
}
