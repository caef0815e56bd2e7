// Package summary is the summary of a run as typed values: the measures of
// the whole run and of each fleet (counts, state hours, exact money, the
// workload measures and their pay-as-you-go baseline) that summary.csv,
// fleets.csv and fleet_pools.csv print and replication statistics are
// taken from. It reads a sim.Result and knows nothing of files or CSV.
package summary

import (
	"fmt"
	"math/big"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
)

// Measures total a set of VMs: a run, a fleet, or a fleet's VMs in one
// pool. Money stays exact (pricing.Total) until it is rendered, so a
// summary is rounded once, not once per VM: summing per-VM rounded costs
// may differ from it in the last place.
type Measures struct {
	VMs, Spot, Regular                         int
	Notices, PriceEvictions, CapacityEvictions int
	FailedCreates, FailedStarts                int
	Running, Deallocated, Stopped, Billed      int64 // seconds
	Compute, Disk, PAYG                        pricing.Total
	// The exact pay-as-you-go cost and savings, for savings_pct: a ratio
	// of the rounded amounts is off in the second decimal when the costs
	// are cents, far coarser than the six places shown. 128-bit sums, so
	// a summary costs no allocation per VM.
	PAYGExact, SavingsExact pricing.Accrued
	// Workload measures, over the fleets that have a workload.
	Workloads             int
	Services              int
	Served, Wanted, Below int64 // service fleets only: VM-seconds, seconds
	Baseline              pricing.Total
	BaselineExact, Actual pricing.Accrued // for net_savings_pct
	// batch fleets
	Batches, Finished, MetAll, Deadlines int
	WorkDone, WorkLost, LastDone         int64
	FirstCreate                          int64 // of the batch fleets
	BatchActual                          pricing.Accrued
}

// AddVM adds one VM of priority p.
func (m *Measures) AddVM(v *sim.VMResult, p sim.Priority) {
	m.VMs++
	if p == sim.Regular {
		m.Regular++
	} else {
		m.Spot++
	}
	m.Notices += int(v.Notices)
	m.PriceEvictions += int(v.Evictions[sim.PriceEviction])
	m.CapacityEvictions += int(v.Evictions[sim.CapacityEviction])
	m.Running += v.StateSeconds[sim.Running]
	m.Deallocated += v.StateSeconds[sim.Deallocated]
	m.Stopped += v.StateSeconds[sim.Stopped]
	m.Billed += v.BilledSeconds
	m.Compute.Add(v.Compute)
	m.Disk.Add(v.Disk)
	m.PAYG.Add(v.PAYGCompute)
	m.PAYGExact = m.PAYGExact.Add(v.PAYGCompute)
	m.SavingsExact = m.SavingsExact.Add(v.PAYGCompute.Sub(v.Compute))
}

// AddFleet adds a fleet's failed creates and starts.
func (m *Measures) AddFleet(f sim.FleetResult) {
	m.FailedCreates += f.FailedCreates
	m.FailedStarts += f.FailedStarts
}

// AddWorkload adds a fleet's workload measures and its baseline: what the
// same useful result would cost on pay-as-you-go regular VMs of the same
// size and disks. For a service that is the VMs it wanted — its count, as
// scale actions change it — from create_at to the horizon; for a batch the
// work it did, with no interruption and no restart overhead (all of the
// work when it finished; nothing, and so no net savings, when it did
// none). actual is the fleet's exact total cost.
func (m *Measures) AddWorkload(res *sim.Result, fi int, actual pricing.Accrued) {
	fc := &res.Config.Fleets[fi]
	if fc.Workload.Kind == sim.NoWorkload {
		return
	}
	r := res.Fleets[fi]
	m.Workloads++
	pool := &res.Config.Pools[fc.Pool]
	vmSeconds := r.WantedVMSeconds
	if w := fc.Workload; w.Kind == sim.Service {
		// Availability and hours below target are service measures: a
		// batch fleet's wanted VMs are not a target it must keep.
		m.Services++
		m.Served += r.ServedVMSeconds
		m.Wanted += r.WantedVMSeconds
		m.Below += r.BelowSeconds
	} else {
		vmSeconds = r.WorkDone
		if m.Batches == 0 || fc.CreateAt < m.FirstCreate {
			m.FirstCreate = fc.CreateAt
		}
		m.Batches++
		m.WorkDone += r.WorkDone
		m.WorkLost += r.WorkLost
		m.BatchActual = m.BatchActual.Add(actual)
		if r.CompletedAt >= 0 {
			m.Finished++
			m.LastDone = max(m.LastDone, r.CompletedAt)
		}
		if w.Deadline > 0 {
			m.Deadlines++
			if r.CompletedAt >= 0 && r.CompletedAt-fc.CreateAt <= w.Deadline {
				m.MetAll++
			}
		}
	}
	if fc.Unit == sim.UnitVCPUs {
		// Wanted vCPU-seconds: the same vCPUs on regular VMs of the
		// fleet's first size, rounded up to whole VMs.
		vmSeconds = (vmSeconds + pool.VCPUs - 1) / pool.VCPUs
	}
	for _, a := range []pricing.Accrued{pricing.Accrue(pool.PAYG, vmSeconds), pricing.Accrue(fc.DiskPrice, vmSeconds)} {
		m.Baseline.Add(a)
		m.BaselineExact = m.BaselineExact.Add(a)
	}
	m.Actual = m.Actual.Add(actual)
}

// Money is the rounded figures, from which every money figure derives so
// that total = compute + disk and savings = payg - compute hold exactly in
// the file a reader sees. savings_pct alone comes from the exact sums.
type Money struct{ Compute, Disk, PAYG pricing.Micros }

// Money rounds the exact sums to micro-dollars.
func (m *Measures) Money() Money {
	return Money{m.Compute.Micros(), m.Disk.Micros(), m.PAYG.Micros()}
}

// Total is compute plus disks.
func (c Money) Total() pricing.Micros { return c.Compute.Add(c.Disk) }

// Savings is pay-as-you-go compute minus compute.
func (c Money) Savings() pricing.Micros { return c.PAYG.Sub(c.Compute) }

// fleetOf returns a VM's or event's fleet config, failing loudly on an index
// the engine should never produce rather than writing a wrong row.
func fleetOf(res *sim.Result, i int) (*sim.Fleet, error) {
	if i < 0 || i >= len(res.Config.Fleets) {
		return nil, fmt.Errorf("fleet index %d out of range [0, %d)", i, len(res.Config.Fleets))
	}
	return &res.Config.Fleets[i], nil
}

// vmTotals is each fleet's VM measures, in one pass over the VMs (in the
// order they are stored: the sums are exact, so the order is immaterial).
func vmTotals(res *sim.Result) ([]Measures, error) {
	per := make([]Measures, len(res.Config.Fleets))
	for v := range res.VMs.Unordered() {
		if _, err := fleetOf(res, int(v.Fleet)); err != nil {
			return nil, fmt.Errorf("vm number %d: %w", v.Number, err)
		}
		per[v.Fleet].AddVM(&v, v.Priority)
	}
	if len(res.Fleets) > len(per) {
		return nil, fmt.Errorf("%d fleet results for %d fleets", len(res.Fleets), len(per))
	}
	return per, nil
}

// addVMs adds the VM measures of o (what AddVM adds) to m.
func (m *Measures) addVMs(o *Measures) {
	m.VMs += o.VMs
	m.Spot += o.Spot
	m.Regular += o.Regular
	m.Notices += o.Notices
	m.PriceEvictions += o.PriceEvictions
	m.CapacityEvictions += o.CapacityEvictions
	m.Running += o.Running
	m.Deallocated += o.Deallocated
	m.Stopped += o.Stopped
	m.Billed += o.Billed
	m.Compute.Add(o.Compute.Accrued())
	m.Disk.Add(o.Disk.Accrued())
	m.PAYG.Add(o.PAYG.Accrued())
	m.PAYGExact = m.PAYGExact.Add(o.PAYGExact)
	m.SavingsExact = m.SavingsExact.Add(o.SavingsExact)
}

// actual is the exact total cost (compute and disks) of m's VMs.
func (m *Measures) actual() pricing.Accrued {
	return m.Compute.Accrued().Add(m.Disk.Accrued())
}

// Run is the measures of the whole run, without its workloads (Summary adds
// them).
func Run(res *sim.Result) (*Measures, error) {
	per, err := vmTotals(res)
	if err != nil {
		return nil, err
	}
	return run(res, per), nil
}

func run(res *sim.Result, per []Measures) *Measures {
	m := new(Measures)
	for i := range per {
		m.addVMs(&per[i])
	}
	for _, f := range res.Fleets {
		m.AddFleet(f)
	}
	return m
}

// Summary is the whole run's measures with every fleet's workload: what
// summary.csv prints.
func Summary(res *sim.Result) (*Measures, error) {
	m, _, err := Tables(res)
	return m, err
}

// Fleets is each fleet's measures with its workload, in scenario order, a
// fleet that never made a VM included: what fleets.csv prints.
func Fleets(res *sim.Result) ([]Measures, error) {
	_, per, err := Tables(res)
	return per, err
}

// Tables is Summary and Fleets from one pass over the VMs.
func Tables(res *sim.Result) (*Measures, []Measures, error) {
	per, err := vmTotals(res)
	if err != nil {
		return nil, nil, err
	}
	m := run(res, per)
	for i, f := range res.Fleets {
		per[i].AddFleet(f)
	}
	for i := range per {
		actual := per[i].actual()
		m.AddWorkload(res, i, actual)
		per[i].AddWorkload(res, i, actual)
	}
	return m, per, nil
}

// BatchEnd is when the batch work ended: the last completion when every
// batch fleet finished, else the horizon. The makespan runs from
// FirstCreate to it.
func (m *Measures) BatchEnd(horizon int64) int64 {
	if m.Batches > 0 && m.Finished == m.Batches {
		return m.LastDone
	}
	return horizon
}

// CostPerWorkHour is the batch fleets' exact cost per hour of work done,
// rounded half up to micro-dollars; nil when they did no work.
func (m *Measures) CostPerWorkHour() *big.Int {
	if m.WorkDone <= 0 {
		return nil
	}
	// Exact cost (nano-USD·s/h) × 3600 / work seconds gives nano-USD per
	// hour; rounded to micro-dollars.
	num := new(big.Int).Mul(m.BatchActual.Big(), big.NewInt(3600))
	den := big.NewInt(m.WorkDone * pricing.UnitsPerMicro)
	return pricing.QuoRound(num, den)
}
