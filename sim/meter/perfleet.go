package meter

import (
	"cmp"
	"slices"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
)

// perFleet sums a fleet's VMs without integrating each VM: between two
// changes of how many of its VMs are billed (at the spot rate, at
// pay-as-you-go, for disks) the fleet pays count × the rate, so the work is
// one step per change, period boundary and price point, not per VM-hour.
// Capped intervals (notice periods, seconds long) are integrated one by one.
// It counts each row's evictions too.
func (mt *Meter) perFleet(o Options) []Row {
	res, curves := mt.res, mt.curves
	cfg := res.Config
	base, first, periods := mt.grid(o)
	fc := mt.fleetChanges()
	groups, deltas, group := fc.groups, fc.deltas, fc.group
	// Every period of each group's meters, in one array in row order, so
	// that the rows are compacted in place at the end rather than copied
	// (B1's hourly rows are 80 MB).
	acc := make([][3][]Row, len(groups))
	used := 0
	for g := range groups {
		for m := range fc.meters[g] {
			if fc.meters[g][m] {
				used++
			}
		}
	}
	all := make([]Row, used*periods)
	next := 0
	for g := range groups {
		for m := range fc.meters[g] {
			if fc.meters[g][m] {
				acc[g][m] = all[next : next+periods : next+periods]
				next += periods
			}
		}
	}
	row := func(g int, m Kind, k int) *Row { return &acc[g][m][k] }
	for i := range res.Usage {
		u := &res.Usage[i]
		if !u.Compute || u.Rate != sim.CappedSpotRate {
			continue
		}
		fleet, pool := res.VMs.Placement(int(u.VM))
		gi := group(fleet, pool)
		payg := cfg.Pools[pool].PAYG
		for a := u.From; a < u.To; {
			k := int((base + a - first) / o.Period)
			b := min(u.To, first+int64(k+1)*o.Period-base)
			r := row(gi, Compute, k)
			r.Seconds += b - a
			r.Cost = r.Cost.Add(curves[pool].IntegrateCapped(a, b, u.Cap))
			r.PAYG = r.PAYG.Add(pricing.Accrue(payg, b-a))
			a = b
		}
	}
	for gi, ds := range deltas {
		if len(ds) == 0 {
			continue
		}
		f := &cfg.Fleets[groups[gi][0]]
		pi := groups[gi][1]
		pool := &cfg.Pools[pi]
		var cursor *pricing.CurveCursor
		if curves[pi] != nil {
			cursor = curves[pi].Cursor(ds[0].t)
		}
		var nSpot, nPayg, nDisk int64
		t := ds[0].t
		var prev pricing.Accrued
		if cursor != nil {
			prev = cursor.UpTo(t)
		}
		for i := 0; i < len(ds); {
			// Apply every change at t, then run to the next change.
			for ; i < len(ds) && ds[i].t == t; i++ {
				nSpot += int64(ds[i].spot)
				nPayg += int64(ds[i].payg)
				nDisk += int64(ds[i].disk)
			}
			if i == len(ds) {
				break
			}
			next := ds[i].t
			for t < next {
				k := int((base + t - first) / o.Period)
				b := min(next, first+int64(k+1)*o.Period-base)
				dt := b - t
				if nPayg > 0 {
					r := row(gi, RegularCompute, k)
					r.Seconds += nPayg * dt
					r.PAYG = r.PAYG.Add(pricing.Accrue(pool.PAYG, nPayg*dt))
					r.Cost = r.Cost.Add(pricing.Accrue(pool.PAYG, nPayg*dt))
				}
				if nSpot > 0 {
					r := row(gi, Compute, k)
					r.Seconds += nSpot * dt
					r.PAYG = r.PAYG.Add(pricing.Accrue(pool.PAYG, nSpot*dt))
					now := cursor.UpTo(b)
					r.Cost = r.Cost.Add(now.Sub(prev).Mul(nSpot))
				}
				if cursor != nil {
					prev = cursor.UpTo(b)
				}
				if nDisk > 0 {
					r := row(gi, Disk, k)
					r.Seconds += nDisk * dt
					disk := pricing.Accrue(f.DiskPrice, nDisk*dt)
					r.Cost = r.Cost.Add(disk)
					r.PAYG = r.PAYG.Add(disk)
				}
				t = b
			}
		}
	}
	// Evictions, by the period their eviction began in, on the spot
	// compute row of the VM's group (none when that row bills nothing).
	for _, e := range res.Events {
		if e.Kind != sim.EvEvict {
			continue
		}
		gi := group(res.VMs.Placement(e.VM))
		if rs, k := acc[gi][Compute], int((base+e.Time-first)/o.Period); k < len(rs) && rs[k].Seconds > 0 {
			rs[k].Evictions++
		}
	}
	// Compacted in place: a row is written at or before where it was read.
	rows := all[:0]
	for gi := range acc {
		for m := range acc[gi] {
			for k, r := range acc[gi][m] {
				if r.Seconds > 0 {
					r.Start, r.End, r.Fleet, r.Pool, r.VM, r.Meter = first+int64(k)*o.Period, first+int64(k+1)*o.Period, groups[gi][0], groups[gi][1], -1, Kind(m)
					rows = append(rows, r)
				}
			}
		}
	}
	return rows
}

// delta is a change, at t, in how many of a group's VMs are billed at the
// spot rate, at pay-as-you-go, and for disks.
type delta struct {
	t                int64
	spot, payg, disk int8 // -1, 0 or 1: 16 bytes a change, not 24
}

// fleetGroups are the changes perFleet sums, the same for every period:
// made once a Meter, for hourly and daily rows both.
type fleetGroups struct {
	groups [][2]int                    // fleet and pool, in that order
	deltas [][]delta                   // by group, in time order
	meters [][3]bool                   // by group and Kind: whether it has rows of that meter
	group  func(fleet, pool int32) int // the group of a VM of this fleet and pool
}

func (mt *Meter) fleetChanges() *fleetGroups {
	if mt.fleets != nil {
		return mt.fleets
	}
	res := mt.res
	cfg := res.Config
	// One group per fleet and pool it used, in that order: a fleet over
	// several sizes pays each at its own rate. groupOf is indexed by
	// fleet × pools + pool: a map lookup per VM and interval was a tenth
	// of writing B1's usage files.
	nPools := len(cfg.Pools)
	groupOf := make([]int32, len(cfg.Fleets)*nPools)
	for i := range res.VMs.Len() {
		fleet, pool := res.VMs.Placement(i)
		groupOf[int(fleet)*nPools+int(pool)] = 1
	}
	fc := &fleetGroups{}
	for k, used := range groupOf {
		if used != 0 {
			groupOf[k] = int32(len(fc.groups))
			fc.groups = append(fc.groups, [2]int{k / nPools, k % nPools})
		}
	}
	fc.group = func(fleet, pool int32) int { return int(groupOf[int(fleet)*nPools+int(pool)]) }
	// Each group's changes, counted first so that each slice is made once
	// at its size: growing them copied B1's 7 M changes over and over.
	counts := make([]int, len(fc.groups))
	for i := range res.Usage {
		if u := &res.Usage[i]; u.Disk || u.Compute && (u.Rate == sim.SpotRate || u.Rate == sim.PAYGRate) {
			counts[fc.group(res.VMs.Placement(int(u.VM)))] += 2
		}
	}
	fc.deltas = make([][]delta, len(fc.groups))
	for g, n := range counts {
		fc.deltas[g] = make([]delta, 0, n)
	}
	fc.meters = make([][3]bool, len(fc.groups))
	for i := range res.Usage {
		u := &res.Usage[i]
		var d delta
		gi := fc.group(res.VMs.Placement(int(u.VM)))
		if u.Compute {
			switch u.Rate {
			case sim.SpotRate:
				d.spot = 1
				fc.meters[gi][Compute] = true
			case sim.PAYGRate:
				d.payg = 1
				fc.meters[gi][RegularCompute] = true
			case sim.CappedSpotRate:
				fc.meters[gi][Compute] = true
			}
		}
		if u.Disk {
			d.disk = 1
			fc.meters[gi][Disk] = true
		}
		if d != (delta{}) {
			fc.deltas[gi] = append(fc.deltas[gi], delta{u.From, d.spot, d.payg, d.disk}, delta{u.To, -d.spot, -d.payg, -d.disk})
		}
	}
	for _, ds := range fc.deltas {
		// The changes at one time are summed before the time moves on, so
		// their order among themselves does not matter: no stable sort.
		slices.SortFunc(ds, func(a, b delta) int { return cmp.Compare(a.t, b.t) })
	}
	mt.fleets = fc
	return fc
}
