package results

import (
	"cmp"
	"io"
	"slices"
	"strconv"

	"github.com/spotsim/spotsim/sim"
	"github.com/spotsim/spotsim/sim/summary"
)

// fleetPoolColumns: one row per fleet and pool (size and zone) it put VMs
// in, so a notebook sees where the allocation strategy put the fleet and
// what each size cost. The measures are fleets.csv's, over those VMs.
var fleetPoolColumns = append([]string{"scenario", "seed", "fleet", "region", "zone", "sku", "vcpus"},
	"vms", "spot_vms", "regular_vms", "notices", "evictions", "price_evictions", "capacity_evictions",
	"running_vm_hours", "deallocated_vm_hours", "billed_vm_hours",
	"compute_cost_usd", "disk_cost_usd", "total_cost_usd", "payg_compute_cost_usd", "savings_usd", "savings_pct")

// WriteFleetPools writes fleet_pools.csv: fleets in scenario order, each
// fleet's pools in Config order; a fleet that made no VM has no row.
func WriteFleetPools(w io.Writer, res *sim.Result) error {
	type key struct{ fleet, pool int }
	per := map[key]*summary.Measures{}
	for v := range res.VMs.Unordered() {
		k := key{int(v.Fleet), int(v.Pool)}
		m := per[k]
		if m == nil {
			m = &summary.Measures{}
			per[k] = m
		}
		m.AddVM(&v, v.Priority)
	}
	keys := make([]key, 0, len(per))
	for k := range per {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int { return cmp.Or(cmp.Compare(a.fleet, b.fleet), cmp.Compare(a.pool, b.pool)) })
	seed := strconv.FormatUint(res.Config.Seed, 10)
	rows := make([][]string, 0, len(keys))
	for _, k := range keys {
		m, p := per[k], &res.Config.Pools[k.pool]
		c := m.Money()
		rows = append(rows, []string{
			res.Config.Name, seed, res.Config.Fleets[k.fleet].Name, p.Region, p.Zone, p.SKU, strconv.FormatInt(p.VCPUs, 10),
			strconv.Itoa(m.VMs), strconv.Itoa(m.Spot), strconv.Itoa(m.Regular), strconv.Itoa(m.Notices),
			strconv.Itoa(m.PriceEvictions + m.CapacityEvictions), strconv.Itoa(m.PriceEvictions), strconv.Itoa(m.CapacityEvictions),
			hours(m.Running), hours(m.Deallocated), hours(m.Billed),
			usd(c.Compute), usd(c.Disk), usd(c.Total()), usd(c.PAYG), usd(c.Savings()), savingsPct(m, 6),
		})
	}
	return writeCSV(w, fleetPoolColumns, rows)
}
