package scenario

import (
	"fmt"
	"slices"

	"gopkg.in/yaml.v3"

	"github.com/spotsim/spotsim/sim"
)

// MaxSizes is how many sizes one fleet may list: Azure Compute Fleet takes
// up to 15 (azure-compute-fleet/faq.yml; VMSS Instance Mix takes 5,
// instance-mix-overview.md).
const MaxSizes = 15

// size is one VM size a fleet may use.
type size struct {
	sku  string
	rank int
	// ranked: the size has a rank key
	ranked bool
	node   *yaml.Node // the sku's node, for errors
	path   string     // its key path
}

// zone is one availability zone a fleet may use; name "" and node nil when
// the fleet names none (its pools are regional).
type zone struct {
	name string
	node *yaml.Node
	path string
}

// sizes reads sku: S or sizes: [S | {sku: S, rank: N}, ...] (exactly one).
func (d *decoder) sizes(m map[string]*yaml.Node, parent *yaml.Node, path string) []size {
	one, many := m["sku"], m["sizes"]
	const want = "a VM size such as Standard_D2s_v5"
	switch {
	case one != nil && many != nil:
		d.fail(deref(many), path+".sizes", "give either sku (one size) or sizes (several), not both")
		return nil
	case many == nil:
		v := d.require(m, parent, path, "sku", "the VM size of a pool, or sizes: a list of them")
		if v == nil {
			return nil
		}
		sku, ok := d.word(v, path+".sku", want, ident)
		if !ok {
			return nil
		}
		return []size{{sku: sku, node: v, path: path + ".sku"}}
	}
	items := d.list(many, path+".sizes", fmt.Sprintf("a list of 1 to %d VM sizes", MaxSizes))
	if len(items) == 0 && deref(many).Kind == yaml.SequenceNode {
		d.fail(deref(many), path+".sizes", "is empty; want 1 to %d VM sizes", MaxSizes)
	}
	if len(items) > MaxSizes {
		d.fail(deref(many), path+".sizes", "lists %d sizes; Azure Compute Fleet takes at most %d (Instance Mix at most 5)", len(items), MaxSizes)
		return nil
	}
	var out []size
	seen := map[string]int{}
	for i, item := range items {
		ip := index(path+".sizes", i)
		sz := size{node: item, path: ip + ".sku"}
		if deref(item).Kind == yaml.MappingNode {
			sm := d.fields(item, ip, "sku", "rank")
			if sm == nil {
				continue
			}
			v := d.require(sm, item, ip, "sku", want)
			if v == nil {
				continue
			}
			sz.node = v
			if r := sm["rank"]; r != nil {
				n, ok := d.integer(r, ip+".rank", 0, 1000, "a whole number from 0 to 1000; lower goes first")
				if !ok {
					continue
				}
				sz.rank, sz.ranked = int(n), true
			}
		} else {
			sz.path = ip
		}
		var ok bool
		if sz.sku, ok = d.word(sz.node, sz.path, want+", or {sku: SIZE, rank: N}", ident); !ok {
			continue
		}
		if prev, dup := seen[sz.sku]; dup {
			d.fail(deref(sz.node), sz.path, "%s is already sizes[%d]; want each size once", sz.sku, prev)
			continue
		}
		seen[sz.sku] = i
		out = append(out, sz)
	}
	return out
}

// zones reads zones: [Z, ...]; without it the fleet's pools are regional.
func (d *decoder) zones(m map[string]*yaml.Node, path string) []zone {
	v := m["zones"]
	if v == nil {
		return []zone{{}}
	}
	items := d.list(v, path+".zones", "a list of availability zones such as [1, 2, 3]")
	if len(items) == 0 && deref(v).Kind == yaml.SequenceNode {
		d.fail(deref(v), path+".zones", "is empty; want at least one zone, or leave zones out for a regional fleet")
	}
	var out []zone
	for i, item := range items {
		name, ok := d.word(item, index(path+".zones", i), zoneFmt, isZone)
		if !ok {
			continue
		}
		if slices.ContainsFunc(out, func(z zone) bool { return z.name == name }) {
			d.fail(deref(item), index(path+".zones", i), "zone %s is listed twice", name)
			continue
		}
		out = append(out, zone{name: name, node: item, path: index(path+".zones", i)})
	}
	return out
}

// allocation reads the strategy and checks ranks against it: rank goes
// only with prioritized, and prioritized needs a rank on every size
// (instance-mix-overview.md: "Use rank only with the Prioritized strategy").
func (d *decoder) allocation(m map[string]*yaml.Node, path string, f *sim.Fleet, sizes []size) {
	if v := m["allocation"]; v != nil {
		if i, ok := d.enum(v, path+".allocation", sim.AllocationNames()); ok {
			f.Allocation = sim.Allocation(i)
		}
	}
	for _, sz := range sizes {
		switch {
		case sz.ranked && f.Allocation != sim.Prioritized:
			d.fail(deref(sz.node), sz.path, "%s has a rank, which only allocation: prioritized uses; remove it or set allocation: prioritized", sz.sku)
		case !sz.ranked && f.Allocation == sim.Prioritized:
			d.fail(deref(sz.node), sz.path, "%s has no rank; allocation: prioritized needs {sku: %s, rank: N} for every size", sz.sku, sz.sku)
		}
	}
}

// capacityUnit reads capacity_unit and min_capacity once count is known.
func (d *decoder) capacityUnit(m map[string]*yaml.Node, parent *yaml.Node, path string, f *sim.Fleet) {
	if v := m["capacity_unit"]; v != nil {
		if i, ok := d.enum(v, path+".capacity_unit", []string{sim.UnitVMs.String(), sim.UnitVCPUs.String()}); ok {
			f.Unit = sim.CapacityUnit(i)
		}
		if f.Unit == sim.UnitVCPUs && f.Workload.Kind == sim.Batch {
			d.fail(deref(v), path+".capacity_unit", "vcpu is for services and plain fleets; a batch workload counts its work in VM-time, so its fleet counts VMs")
		}
	}
	if v := m["min_capacity"]; v != nil && f.Count > 0 {
		n, _ := d.integer(v, path+".min_capacity", 1, int64(f.Count), fmt.Sprintf("a whole number from 1 to the fleet's count, %d", f.Count))
		f.MinCapacity = int(n)
	}
}
