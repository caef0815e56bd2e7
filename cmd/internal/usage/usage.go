// Package usage meters a run the way Azure bills it (R12): every VM is two
// resources — its compute, on a meter such as "D2s v5 Spot", and its disks —
// metered per hour and per UTC day, per tenant and subscription, and written
// as usage files, as FinOps FOCUS 1.2 or 1.3, and as Azure's EA and MCA
// cost-details files.
//
// Amounts stay exact (pricing.Accrued) until written. Each file then rounds
// to micro-dollars by cumulative rounding — a row's cost is the rounded
// running total minus the previous rounded running total, with rows sorted
// by tenant and subscription — so that every file's costs add up exactly to
// summary.csv's, and per tenant and per subscription the files agree with
// each other to the micro-dollar.
package usage

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"spotsim/pricing"
	"spotsim/sim"
)

// Meter is what a row bills: a VM's compute or its disks.
type Meter uint8

const (
	Compute Meter = iota // a spot VM's compute
	Disk
	RegularCompute // a regular VM's compute (a regular fleet, a priority mix, a fallback)
)

// stream is the running total a meter's costs are rounded in.
func (m Meter) stream() int {
	if m == Disk {
		return 1
	}
	return 0
}

// Row is one meter's usage over one period, for one fleet or one VM.
type Row struct {
	Start, End int64 // Unix seconds, UTC; End exclusive
	Fleet      int
	Pool       int // the pool (size and zone) billed: a fleet over several has a row per pool
	VM         int // -1 when the row covers the whole fleet
	Meter      Meter
	Seconds    int64
	Cost, PAYG pricing.Accrued
	Evictions  int // evictions whose eviction began in the period (compute rows)
	// Rounded by Round: what the files print.
	CostMicros, PAYGMicros pricing.Micros
}

// Options choose the rows' granularity.
type Options struct {
	Period     int64 // seconds: 3600 for hourly, 86400 for daily
	ByResource bool  // a row per VM instead of per fleet
}

// Build splits the run's billed intervals (sim.Result.Usage) at period
// boundaries of UTC time and sums them into rows, sorted by tenant,
// subscription, fleet, VM, meter and period, and rounded.
//
// Intervals are grouped by owner (fleet, or VM by resource) and summed
// into a slice indexed by period, and a spot interval is integrated with a
// cursor over the price curve, so a year of hourly rows for 10,000 VMs costs
// one step per VM-hour, not a map lookup and a search.
func Build(res *sim.Result, start time.Time, o Options) []Row {
	cfg := res.Config
	base := start.Unix()
	var rows []Row
	if o.ByResource {
		rows = buildPerOwner(res, start, o)
	} else {
		rows = buildPerFleet(res, start, o)
	}
	// Evictions, by the period their eviction began in.
	type key struct {
		start           int64
		fleet, pool, vm int
	}
	computeRow := map[key]int{}
	for i := range rows {
		if rows[i].Meter == Compute {
			computeRow[key{rows[i].Start, rows[i].Fleet, rows[i].Pool, rows[i].VM}] = i
		}
	}
	for _, e := range res.Events {
		if e.Kind != sim.EvEvict {
			continue
		}
		abs := base + e.Time
		vm := -1
		if o.ByResource {
			vm = e.VM
		}
		if i, ok := computeRow[key{abs - mod(abs, o.Period), e.Fleet, res.VMs[e.VM].Pool, vm}]; ok {
			rows[i].Evictions++
		}
	}
	slices.SortFunc(rows, func(a, b Row) int {
		fa, fb := &cfg.Fleets[a.Fleet], &cfg.Fleets[b.Fleet]
		return cmp.Or(
			strings.Compare(fa.Tenant, fb.Tenant),
			strings.Compare(fa.Subscription, fb.Subscription),
			cmp.Compare(a.Fleet, b.Fleet),
			cmp.Compare(a.Pool, b.Pool),
			cmp.Compare(a.VM, b.VM),
			cmp.Compare(a.Meter, b.Meter),
			cmp.Compare(a.Start, b.Start),
		)
	})
	Round(rows)
	return rows
}

func buildPerOwner(res *sim.Result, start time.Time, o Options) []Row {
	cfg := res.Config
	curves := make([]*pricing.Curve, len(cfg.Pools))
	for i, p := range cfg.Pools {
		if p.Spot != nil {
			curves[i] = pricing.NewCurve(*p.Spot, p.PAYG)
		}
	}
	base := start.Unix()
	first := base - mod(base, o.Period)
	periods := int((base+cfg.Horizon-first+o.Period-1)/o.Period) + 1
	owner := func(u *sim.Usage) int {
		if o.ByResource {
			return int(u.VM)
		}
		v := &res.VMs[u.VM]
		return v.Fleet*len(cfg.Pools) + v.Pool
	}
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
					r.Start, r.End, r.Fleet, r.Pool, r.VM, r.Meter = first+int64(i)*o.Period, first+int64(i+1)*o.Period, fleet, pool, vm, Meter(m)
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
		v := &res.VMs[u.VM]
		if own := owner(u); own != cur {
			if cur >= 0 {
				flush(curFleet, curPool, curVM)
			}
			cur, curFleet, curPool = own, v.Fleet, v.Pool
			curVM = -1
			if o.ByResource {
				curVM = int(u.VM)
			}
		}
		f := &cfg.Fleets[v.Fleet]
		pool := &cfg.Pools[v.Pool]
		var cursor *pricing.CurveCursor
		var prev pricing.Accrued
		if u.Compute && u.Rate == sim.SpotRate {
			cursor = curves[v.Pool].Cursor(u.From)
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
					r.Cost = r.Cost.Add(curves[v.Pool].IntegrateCapped(a, b, u.Cap))
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

// Round sets each row's micro-dollar amounts by cumulative rounding in row
// order, with one running total per meter for cost and one for the
// pay-as-you-go cost of compute (disks have no cheaper rate: their
// pay-as-you-go cost is their cost). The rounded compute costs then sum to
// summary.csv's compute_cost_usd exactly, the disks to disk_cost_usd, and
// the pay-as-you-go costs of compute to payg_compute_cost_usd.
func Round(rows []Row) {
	var cum [2]pricing.Total
	var prev [2]pricing.Micros
	var paygCum pricing.Total
	var paygPrev pricing.Micros
	for i := range rows {
		r := &rows[i]
		st := r.Meter.stream()
		cum[st].Add(r.Cost)
		now := cum[st].Micros()
		r.CostMicros, prev[st] = now.Sub(prev[st]), now
		if r.Meter == Disk {
			r.PAYGMicros = r.CostMicros
			continue
		}
		paygCum.Add(r.PAYG)
		now = paygCum.Micros()
		r.PAYGMicros, paygPrev = now.Sub(paygPrev), now
	}
}

// MeterName is Azure's meter for a size, such as "D2s v5 Spot" for
// Standard_D2s_v5 on spot, "D2s v5" on pay-as-you-go.
func MeterName(sku string, spot bool) string {
	n := strings.ReplaceAll(strings.TrimPrefix(sku, "Standard_"), "_", " ")
	if spot {
		n += " Spot"
	}
	return n
}

// DiskMeter is the meter of a VM's disks (their whole per-hour charge).
const DiskMeter = "Managed Disks"

// ResourceID is the Azure Resource Manager id of a resource of kind
// (virtualMachineScaleSets, virtualMachines, disks) in a resource group.
func ResourceID(sub, group, kind, name string) string {
	return "/subscriptions/" + sub + "/resourceGroups/" + group + "/providers/Microsoft.Compute/" + kind + "/" + name
}

// buildPerFleet sums a fleet's VMs without integrating each VM: between two
// changes of how many of its VMs are billed (at the spot rate, at
// pay-as-you-go, for disks) the fleet pays count × the rate, so the work is
// one step per change, period boundary and price point, not per VM-hour.
// Capped intervals (notice periods, seconds long) are integrated one by one.
func buildPerFleet(res *sim.Result, start time.Time, o Options) []Row {
	cfg := res.Config
	base := start.Unix()
	first := base - mod(base, o.Period)
	periods := int((base+cfg.Horizon-first+o.Period-1)/o.Period) + 1
	type delta struct {
		t                int64
		spot, payg, disk int32
	}
	// One group per fleet and pool it used, in that order: a fleet over
	// several sizes pays each at its own rate.
	groupOf := map[[2]int]int{}
	var groups [][2]int
	for i := range res.VMs {
		k := [2]int{res.VMs[i].Fleet, res.VMs[i].Pool}
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
	row := func(g int, m Meter, k int) *Row {
		if acc[g][m] == nil {
			acc[g][m] = make([]Row, periods)
		}
		return &acc[g][m][k]
	}
	curves := make([]*pricing.Curve, len(cfg.Pools))
	for i, p := range cfg.Pools {
		if p.Spot != nil {
			curves[i] = pricing.NewCurve(*p.Spot, p.PAYG)
		}
	}
	for i := range res.Usage {
		u := &res.Usage[i]
		vr := &res.VMs[u.VM]
		gi := groupOf[[2]int{vr.Fleet, vr.Pool}]
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
					r.Start, r.End, r.Fleet, r.Pool, r.VM, r.Meter = first+int64(k)*o.Period, first+int64(k+1)*o.Period, groups[gi][0], groups[gi][1], -1, Meter(m)
					rows = append(rows, r)
				}
			}
		}
	}
	return rows
}
