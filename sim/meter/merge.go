package meter

import (
	"cmp"
	"slices"

	"github.com/spotsim/spotsim/sim"
)

// Merge returns rows with the per-fleet rows (VM < 0) of one fleet, one
// period and one meter kind summed when their pools bill the same Azure
// meter: compute rows of pools of one region and size, disk rows of pools
// of one region. Azure's cost details aggregate a resource's usage per
// meter per day, and a scale set's VMs of one size in one region bill one
// meter whatever their zone, so a file whose rows name no zone would
// otherwise hold rows with the same key that differ only in numbers.
// With byZone the pools' zones must match too, for a file whose rows name
// their zone (FOCUS's AvailabilityZone).
//
// A merged row sums Seconds, Cost, PAYG and Evictions and bills the lowest
// pool of its group among the fleet's rows, so the pool's region, size and
// zone still name it. The rows are then sorted as Rows sorts them and
// rounded again (Round), so they still add up to the run's summary to the
// micro-dollar. With byZone they are rounded in the order of the rows
// merged across zones, so that the zones of each of those rows add up to
// it to the micro-dollar: a file by zone and a file across zones agree per
// day, not only in total. Rows per resource (VM >= 0) never merge.
//
// When no two rows would merge across zones, Merge returns rows itself;
// otherwise a new slice, and rows is left as it was (a caller may share it).
func Merge(cfg *sim.Config, rows []Row, byZone bool) []Row {
	// across[class][p] is the lowest pool billing pool p's meter, zones[class][p]
	// the lowest in p's zone too: class 0 for compute (spot and regular), 1
	// for disks.
	type meterOf struct{ region, sku, zone string }
	var across, zones [2][]int
	shared := false
	for c := range across {
		across[c], zones[c] = make([]int, len(cfg.Pools)), make([]int, len(cfg.Pools))
		first, firstInZone := map[meterOf]int{}, map[meterOf]int{}
		for p, pool := range cfg.Pools {
			k := meterOf{region: pool.Region}
			if c == 0 {
				k.sku = pool.SKU
			}
			q, ok := first[k]
			if !ok {
				q, first[k] = p, p
			}
			across[c][p] = q
			shared = shared || q != p
			k.zone = pool.Zone
			if q, ok = firstInZone[k]; !ok {
				q, firstInZone[k] = p, p
			}
			zones[c][p] = q
		}
	}
	if !shared {
		return rows // every pool bills meters of its own
	}
	class := func(k Kind) int {
		if k == Disk {
			return 1
		}
		return 0
	}
	// Each group's lowest pool among the fleet's rows, and whether any
	// group has rows of two pools. A fleet's rows of one pool and meter
	// are consecutive, so the maps are asked once per run of them.
	type group struct {
		fleet int
		meter Kind
		pool  int // across or zones[class][pool]
	}
	lowest, lowestInZone := map[group]int{}, map[group]int{}
	low := func(m map[group]int, g group, p int) bool {
		q, ok := m[g]
		if !ok || p < q {
			m[g] = p
		}
		return ok && q != p
	}
	merges := false
	last := Row{VM: 0} // as no per-fleet row
	for i := range rows {
		r := &rows[i]
		if r.VM >= 0 || last.VM < 0 && r.Fleet == last.Fleet && r.Pool == last.Pool && r.Meter == last.Meter {
			continue
		}
		last = *r
		c := class(r.Meter)
		merges = low(lowest, group{r.Fleet, r.Meter, across[c][r.Pool]}, r.Pool) || merges
		low(lowestInZone, group{r.Fleet, r.Meter, zones[c][r.Pool]}, r.Pool)
	}
	if !merges {
		return rows
	}
	out := slices.Clone(rows)
	for i := range out {
		if r := &out[i]; r.VM < 0 {
			c := class(r.Meter)
			if byZone {
				r.Pool = lowestInZone[group{r.Fleet, r.Meter, zones[c][r.Pool]}]
			} else {
				r.Pool = lowest[group{r.Fleet, r.Meter, across[c][r.Pool]}]
			}
		}
	}
	sortRows(cfg, out)
	// Rows of one group and period are now next to each other.
	n := 0
	for _, r := range out {
		if n > 0 {
			if p := &out[n-1]; r.VM < 0 && p.VM < 0 && r.Fleet == p.Fleet && r.Pool == p.Pool && r.Meter == p.Meter && r.Start == p.Start {
				p.Seconds += r.Seconds
				p.Cost = p.Cost.Add(r.Cost)
				p.PAYG = p.PAYG.Add(r.PAYG)
				p.Evictions += r.Evictions
				continue
			}
		}
		out[n] = r
		n++
	}
	out = out[:n]
	if !byZone {
		Round(out)
		return out
	}
	// Rounded in the order of the rows merged across zones (Merge without
	// byZone sorts by the across-zone pool, then VM, meter and period), each
	// one's zones together: the running total then passes through the same
	// amounts at the end of each, so its zones' rounded costs add up to its.
	order, acrossPool := make([]int, n), make([]int, n)
	for i := range order {
		order[i], acrossPool[i] = i, out[i].Pool
		if r := &out[i]; r.VM < 0 {
			acrossPool[i] = lowest[group{r.Fleet, r.Meter, across[class(r.Meter)][r.Pool]}]
		}
	}
	slices.SortFunc(order, func(i, j int) int {
		return cmp.Or(compareRows(cfg, &out[i], &out[j], acrossPool[i], acrossPool[j]), cmp.Compare(out[i].Pool, out[j].Pool))
	})
	inOrder := make([]Row, n)
	for i, j := range order {
		inOrder[i] = out[j]
	}
	Round(inOrder)
	for i, j := range order {
		out[j].CostMicros, out[j].PAYGMicros = inOrder[i].CostMicros, inOrder[i].PAYGMicros
	}
	return out
}
