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
func (mt *Meter) perFleet(o Options) []Row {
	res, curves := mt.res, mt.curves
	cfg := res.Config
	base, first, periods := mt.grid(o)
	type delta struct {
		t                int64
		spot, payg, disk int32
	}
	// One group per fleet and pool it used, in that order: a fleet over
	// several sizes pays each at its own rate.
	groupOf := map[[2]int]int{}
	var groups [][2]int
	for i := range res.VMs.Len() {
		k := [2]int{int(res.VMs.At(i).Fleet), int(res.VMs.At(i).Pool)}
		if _, ok := groupOf[k]; !ok {
			groupOf[k] = 0
			groups = append(groups, k)
		}
	}
	slices.SortFunc(groups, func(a, b [2]int) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) })
	for g, k := range groups {
		groupOf[k] = g
	}
	deltas := make([][]delta, len(groups))
	acc := make([][3][]Row, len(groups))
	row := func(g int, m Kind, k int) *Row {
		if acc[g][m] == nil {
			acc[g][m] = make([]Row, periods)
		}
		return &acc[g][m][k]
	}
	for i := range res.Usage {
		u := &res.Usage[i]
		vr := res.VMs.At(int(u.VM))
		gi := groupOf[[2]int{int(vr.Fleet), int(vr.Pool)}]
		var d delta
		if u.Compute {
			switch u.Rate {
			case sim.SpotRate:
				d.spot = 1
			case sim.PAYGRate:
				d.payg = 1
			case sim.CappedSpotRate:
				payg := cfg.Pools[vr.Pool].PAYG
				for a := u.From; a < u.To; {
					k := int((base + a - first) / o.Period)
					b := min(u.To, first+int64(k+1)*o.Period-base)
					r := row(gi, Compute, k)
					r.Seconds += b - a
					r.Cost = r.Cost.Add(curves[vr.Pool].IntegrateCapped(a, b, u.Cap))
					r.PAYG = r.PAYG.Add(pricing.Accrue(payg, b-a))
					a = b
				}
			}
		}
		if u.Disk {
			d.disk = 1
		}
		if d != (delta{}) {
			deltas[gi] = append(deltas[gi], delta{u.From, d.spot, d.payg, d.disk}, delta{u.To, -d.spot, -d.payg, -d.disk})
		}
	}
	for gi, ds := range deltas {
		if len(ds) == 0 {
			continue
		}
		f := &cfg.Fleets[groups[gi][0]]
		pi := groups[gi][1]
		pool := &cfg.Pools[pi]
		slices.SortStableFunc(ds, func(a, b delta) int { return cmp.Compare(a.t, b.t) })
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
	var rows []Row
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
