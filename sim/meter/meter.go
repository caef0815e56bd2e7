// Package meter meters a run the way Azure bills it (R12): every VM is two
// resources — its compute, on a meter such as "D2s v5 Spot", and its disks —
// metered per hour or per UTC day, per fleet or per VM. It owns the typed
// usage rows and their cumulative rounding; it reads a sim.Result and knows
// nothing of files: cmd/internal/usage renders the rows as usage files,
// FinOps FOCUS and Azure's EA and MCA cost details.
//
// Amounts stay exact (pricing.Accrued) in a row, and Rows also sets each
// row's micro-dollars by cumulative rounding — a row's cost is the rounded
// running total minus the previous rounded running total, with rows sorted
// by tenant and subscription — so that every file's costs add up exactly to
// the run's summary, and per tenant and per subscription the files agree
// with each other to the micro-dollar.
package meter

import (
	"cmp"
	"slices"
	"strings"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
)

// Kind is what a row bills: a VM's compute or its disks.
type Kind uint8

const (
	Compute Kind = iota // a spot VM's compute
	Disk
	RegularCompute // a regular VM's compute (a regular fleet, a priority mix, a fallback)
)

// stream is the running total a meter's costs are rounded in.
func (k Kind) stream() int {
	if k == Disk {
		return 1
	}
	return 0
}

// Row is one meter's usage over one period, for one fleet or one VM.
type Row struct {
	Start, End int64 // Unix seconds, UTC; End exclusive
	Fleet      int
	Pool       int // the pool (size and zone) billed: a fleet over several has a row per pool (Merge sums those of one meter)
	VM         int // -1 when the row covers the whole fleet
	Meter      Kind
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

// Meter meters one run. It builds each pool's price curve once, so that
// hourly and daily rows, per fleet and per VM, share them.
type Meter struct {
	res    *sim.Result
	curves []*pricing.Curve // by pool; nil for a pool without a spot price
	fleets *fleetGroups     // perFleet's changes, once made
}

// New returns a meter of res. The rows need res.Usage and, for eviction
// counts, res.Events: run with sim.Config.Record's Usage and Events.
func New(res *sim.Result) *Meter {
	cfg := res.Config
	m := &Meter{res: res, curves: make([]*pricing.Curve, len(cfg.Pools))}
	for i, p := range cfg.Pools {
		if p.Spot != nil {
			m.curves[i] = pricing.NewCurve(*p.Spot, p.PAYG)
		}
	}
	return m
}

// Rows splits the run's billed intervals (sim.Result.Usage) at period
// boundaries of UTC time and sums them into rows, sorted by tenant,
// subscription, fleet, pool, VM, meter and period, and rounded (Round).
//
// Intervals are grouped by owner (fleet, or VM by resource) and summed
// into a slice indexed by period, and a spot interval is integrated with a
// cursor over the price curve, so a year of hourly rows for 10,000 VMs costs
// one step per VM-hour, not a map lookup and a search.
func (mt *Meter) Rows(o Options) []Row {
	res := mt.res
	cfg := res.Config
	base := cfg.Start.Unix()
	if !o.ByResource {
		rows := mt.perFleet(o)
		sortRows(cfg, rows)
		Round(rows)
		return rows
	}
	rows := mt.perOwner(o)
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
		_, pool := res.VMs.Placement(e.VM)
		vm := -1
		if o.ByResource {
			vm = e.VM
		}
		if i, ok := computeRow[key{abs - mod(abs, o.Period), e.Fleet, int(pool), vm}]; ok {
			rows[i].Evictions++
		}
	}
	sortRows(cfg, rows)
	Round(rows)
	return rows
}

// sortRows sorts rows by tenant, subscription, fleet, pool, VM, meter and
// period. Per-fleet rows come in that order unless the fleets' tenants or
// subscriptions interleave, so they are checked before they are sorted.
func sortRows(cfg *sim.Config, rows []Row) {
	order := func(a, b Row) int { return compareRows(cfg, &a, &b, a.Pool, b.Pool) }
	if !slices.IsSortedFunc(rows, order) {
		slices.SortFunc(rows, order)
	}
}

// compareRows orders two rows by tenant, subscription, fleet, pool, VM,
// meter and period, with pa and pb standing for their pools (Merge orders
// rows by zone by the pool they merge into across zones).
func compareRows(cfg *sim.Config, a, b *Row, pa, pb int) int {
	fa, fb := &cfg.Fleets[a.Fleet], &cfg.Fleets[b.Fleet]
	return cmp.Or(
		strings.Compare(fa.Tenant, fb.Tenant),
		strings.Compare(fa.Subscription, fb.Subscription),
		cmp.Compare(a.Fleet, b.Fleet),
		cmp.Compare(pa, pb),
		cmp.Compare(a.VM, b.VM),
		cmp.Compare(a.Meter, b.Meter),
		cmp.Compare(a.Start, b.Start),
	)
}

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

// grid is the run's period grid: the scenario's start (Unix seconds), the
// start of the UTC period holding it, and how many periods reach past the
// horizon.
func (mt *Meter) grid(o Options) (base, first int64, periods int) {
	base = mt.res.Config.Start.Unix()
	first = base - mod(base, o.Period)
	return base, first, int((base+mt.res.Config.Horizon-first+o.Period-1)/o.Period) + 1
}
