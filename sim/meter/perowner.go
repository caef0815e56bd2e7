package meter

import (
	"cmp"
	"slices"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
)

// perOwner meters each VM in turn, for rows by resource (Rows meters
// fleets with perFleet).
func (mt *Meter) perOwner(o Options) []Row {
	res, curves := mt.res, mt.curves
	cfg := res.Config
	base, first, periods := mt.grid(o)
	owner := func(u *sim.Usage) int { return int(u.VM) }
	order := make([]int32, len(res.Usage))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		ua, ub := &res.Usage[a], &res.Usage[b]
		return cmp.Or(cmp.Compare(owner(ua), owner(ub)), cmp.Compare(ua.From, ub.From), cmp.Compare(a, b))
	})
	acc := [3][]Row{make([]Row, periods), make([]Row, periods), make([]Row, periods)}
	var rows []Row
	lo, hi := periods, -1 // the periods the current owner touched
	flush := func(fleet, pool, vm int) {
		for m := range acc {
			for i := lo; i <= hi; i++ {
				if r := &acc[m][i]; r.Seconds > 0 {
					r.Start, r.End, r.Fleet, r.Pool, r.VM, r.Meter = first+int64(i)*o.Period, first+int64(i+1)*o.Period, fleet, pool, vm, Kind(m)
					rows = append(rows, *r)
					*r = Row{}
				}
			}
		}
		lo, hi = periods, -1
	}
	cur, curFleet, curPool, curVM := -1, 0, 0, -1
	for _, ui := range order {
		u := &res.Usage[ui]
		fi, pi := res.VMs.Placement(int(u.VM))
		if own := owner(u); own != cur {
			if cur >= 0 {
				flush(curFleet, curPool, curVM)
			}
			cur, curFleet, curPool, curVM = own, int(fi), int(pi), int(u.VM)
		}
		f := &cfg.Fleets[fi]
		pool := &cfg.Pools[pi]
		var cursor *pricing.CurveCursor
		var prev pricing.Accrued
		if u.Compute && u.Rate == sim.SpotRate {
			cursor = curves[pi].Cursor(u.From)
			prev = cursor.UpTo(u.From)
		}
		for a := u.From; a < u.To; {
			k := int((base + a - first) / o.Period)
			lo, hi = min(lo, k), max(hi, k)
			b := min(u.To, first+int64(k+1)*o.Period-base)
			dt := b - a
			if u.Compute {
				r := &acc[Compute][k]
				if u.Rate == sim.PAYGRate {
					r = &acc[RegularCompute][k]
				}
				switch u.Rate {
				case sim.PAYGRate:
					r.Cost = r.Cost.Add(pricing.Accrue(pool.PAYG, dt))
				case sim.SpotRate:
					now := cursor.UpTo(b)
					r.Cost = r.Cost.Add(now.Sub(prev))
					prev = now
				case sim.CappedSpotRate:
					r.Cost = r.Cost.Add(curves[pi].IntegrateCapped(a, b, u.Cap))
				}
				r.Seconds += dt
				r.PAYG = r.PAYG.Add(pricing.Accrue(pool.PAYG, dt))
			}
			if u.Disk {
				r := &acc[Disk][k]
				disk := pricing.Accrue(f.DiskPrice, dt)
				r.Seconds += dt
				r.Cost = r.Cost.Add(disk)
				r.PAYG = r.PAYG.Add(disk)
			}
			a = b
		}
	}
	if cur >= 0 {
		flush(curFleet, curPool, curVM)
	}
	return rows
}

func mod(a, m int64) int64 { return ((a % m) + m) % m }
