package report

import (
	"cmp"
	"io"
	"slices"
	"strconv"
	"time"

	"spotsim/sim"
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
func WriteFleetPools(w io.Writer, res *sim.Result, _ time.Time) error {
	type key struct{ fleet, pool int }
	per := map[key]*measures{}
	for i := range res.VMs {
		v := &res.VMs[i]
		k := key{v.Fleet, v.Pool}
		m := per[k]
		if m == nil {
			m = &measures{}
			per[k] = m
		}
		m.addVM(v, v.Priority)
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
		c := m.money()
		rows = append(rows, []string{
			res.Config.Name, seed, res.Config.Fleets[k.fleet].Name, p.Region, p.Zone, p.SKU, strconv.FormatInt(p.VCPUs, 10),
			strconv.Itoa(m.vms), strconv.Itoa(m.spot), strconv.Itoa(m.regular), strconv.Itoa(m.notices),
			strconv.Itoa(m.priceEvictions + m.capEvictions), strconv.Itoa(m.priceEvictions), strconv.Itoa(m.capEvictions),
			hours(m.running), hours(m.deallocated), hours(m.billed),
			usd(c.compute), usd(c.disk), usd(c.total()), usd(c.payg), usd(c.savings()), m.savingsPct(6),
		})
	}
	return writeCSV(w, fleetPoolColumns, rows)
}
