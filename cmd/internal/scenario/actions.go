package scenario

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/spotsim/spotsim/sim"
)

func (d *decoder) actions(n *yaml.Node, c *sim.Config, fleets fleetIndex, within int64) []sim.Action {
	var out []sim.Action
	ops := sim.OpNames()
	for i, item := range d.list(n, "actions", "a list of actions") {
		path := index("actions", i)
		m := d.fields(item, path, actionKeys...)
		if m == nil {
			continue
		}
		a := sim.Action{VM: -1, Fleet: -1}
		if v := d.require(m, item, path, "at", "a duration >= 0 and less than the horizon"); v != nil {
			a.At, _ = d.duration(v, path+".at", 0, within, "a duration >= 0 and less than the horizon")
		}
		if v := d.require(m, item, path, "fleet", "the name of a fleet"); v != nil {
			if name, ok := d.scalar(v, path+".fleet", "the name of a fleet"); ok {
				if fi, ok := fleets.byName[name]; ok {
					a.Fleet = fi
				} else if len(fleets.names) == 0 {
					d.fail(deref(v), path+".fleet", "no fleet %q is defined", name)
				} else {
					d.fail(deref(v), path+".fleet", "no fleet %q is defined; want one of %s", name, strings.Join(fleets.names, ", "))
				}
			}
		}
		opNode := d.require(m, item, path, "op", oneOf(ops))
		opOK := false
		if opNode != nil {
			var op int
			op, opOK = d.enum(opNode, path+".op", ops)
			a.Op = sim.Op(op)
		}
		if v := m["vm"]; v != nil {
			if opOK && a.Op == sim.OpScale {
				d.fail(deref(v), path+".vm", "is not accepted with op scale, which sets the fleet's count")
			} else if !is(v, "all") {
				vm, _ := d.integer(v, path+".vm", 0, 1<<31-1, "the number n of the VM <fleet>-<n>, or all")
				a.VM = int(vm)
			}
		}
		if v := m["max_price"]; v != nil {
			switch {
			case !opOK:
			case a.Op != sim.OpSetMaxPrice:
				d.fail(deref(v), path+".max_price", "is only accepted with op set_max_price, not %s", a.Op)
			case a.Fleet >= 0 && c.Fleets[a.Fleet].Priority == sim.Regular:
				d.fail(deref(opNode), path+".op", "set_max_price on regular fleet %s; only spot VMs have a max price", c.Fleets[a.Fleet].Name)
			default:
				a.MaxPrice, _ = d.maxPrice(v, path+".max_price")
			}
		} else if opOK && a.Op == sim.OpSetMaxPrice {
			d.fail(deref(item), path+".max_price", "missing; set_max_price needs a max_price: %s", maxPriceRule)
		}
		if v := m["count"]; v != nil {
			if opOK && a.Op != sim.OpScale {
				d.fail(deref(v), path+".count", "is only accepted with op scale, not %s", a.Op)
			} else {
				cnt, _ := d.integer(v, path+".count", 0, maxCount, fmt.Sprintf("a whole number of VMs from 0 to %d", maxCount))
				a.Count = int(cnt)
			}
		} else if opOK && a.Op == sim.OpScale {
			d.fail(deref(item), path+".count", "missing; scale needs a count: a whole number of VMs >= 0")
		}
		out = append(out, a)
	}
	return out
}
