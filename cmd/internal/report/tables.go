package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"time"

	"spotsim/pricing"
	"spotsim/sim"
)

// measureColumns are the run-level measures shared by summary.csv and
// fleets.csv: SPEC section 4's required columns, then ours.
var measureColumns = []string{
	"vms", "notices", "evictions", "price_evictions", "capacity_evictions",
	"failed_creates", "failed_starts", "running_vm_hours", "deallocated_vm_hours",
	"compute_cost_usd", "disk_cost_usd", "total_cost_usd", "payg_compute_cost_usd",
	"savings_usd", "savings_pct",
	"spot_vms", "regular_vms", "stopped_vm_hours", "billed_vm_hours", "horizon_hours",
	"availability_pct", "hours_below_target", "baseline_cost_usd", "net_savings_pct",
	"work_done_hours", "work_lost_hours", "completed_at", "makespan_hours", "deadline_met", "cost_per_work_hour_usd",
	"max_evictions_5m", "reclaim_episodes", "longest_below_target_hours", "rebalances", // tailColumns
}

var (
	summaryColumns = append([]string{"scenario", "seed"}, measureColumns...)
	fleetColumns   = append(append(append([]string{"scenario", "seed", "fleet"}, measureColumns...), "workload"), policyColumns...)
	vmColumns      = []string{
		"vm", "fleet", "region", "sku", "priority", "max_price", "eviction_policy",
		"created_at", "final_state", "evictions", "billed_seconds", "compute_cost_usd",
		"disk_cost_usd",
		"notices", "price_evictions", "capacity_evictions", "running_seconds",
		"stopped_seconds", "deallocated_seconds", "payg_compute_cost_usd", "total_cost_usd",
		"zone",
	}
	eventColumns = []string{"time", "vm", "fleet", "event", "from_state", "to_state", "spot_price_usd", "reason", "lead_seconds"}
)

// measures totals a set of VMs. Money stays exact (pricing.Total) until the
// row is written, so a summary is rounded once, not once per VM: summing
// vms.csv's rounded costs may differ from it in the last place.
type measures struct {
	vms, spot, regular                    int
	notices, priceEvictions, capEvictions int
	failedCreates, failedStarts           int
	running, deallocated, stopped, billed int64 // seconds
	compute, disk, payg                   pricing.Total
	// The exact pay-as-you-go cost and savings, for savings_pct: a ratio
	// of the rounded amounts is off in the second decimal when the costs
	// are cents, far coarser than the six places shown. Summed as 128-bit
	// Accrued (pricing.Total has no subtraction), made big.Int once for
	// the division: a big.Int per VM was a fifth of a large run's time.
	paygExact, savingsExact pricing.Accrued
	// Workload measures, over the fleets that have a workload.
	workloads             int
	services              int
	served, wanted, below int64 // service fleets only: VM-seconds, seconds
	baseline              pricing.Total
	baselineExact, actual big.Int // for net_savings_pct
	// batch fleets
	batches, finished, metAll, deadlines int
	workDone, workLost, lastDone         int64
	firstCreate                          int64 // of the batch fleets
	batchActual                          big.Int
}

func (m *measures) addVM(v *sim.VMResult, p sim.Priority) {
	m.vms++
	if p == sim.Regular {
		m.regular++
	} else {
		m.spot++
	}
	m.notices += v.Notices
	m.priceEvictions += v.Evictions[sim.PriceEviction]
	m.capEvictions += v.Evictions[sim.CapacityEviction]
	m.running += v.StateSeconds[sim.Running]
	m.deallocated += v.StateSeconds[sim.Deallocated]
	m.stopped += v.StateSeconds[sim.Stopped]
	m.billed += v.BilledSeconds
	m.compute.Add(v.Compute)
	m.disk.Add(v.Disk)
	m.payg.Add(v.PAYGCompute)
	m.paygExact = m.paygExact.Add(v.PAYGCompute)
	m.savingsExact = m.savingsExact.Add(v.PAYGCompute.Sub(v.Compute))
}

func (m *measures) savingsPct(places int) string {
	return percent(m.savingsExact.Big(), m.paygExact.Big(), places)
}

func (m *measures) addFleet(f sim.FleetResult) {
	m.failedCreates += f.FailedCreates
	m.failedStarts += f.FailedStarts
}

// addWorkload adds a fleet's workload measures and its baseline: what the
// same useful result would cost on pay-as-you-go regular VMs of the same
// size and disks. For a service that is the VMs it wanted — its count, as
// scale actions change it — from create_at to the horizon; for a batch the
// work it did, with no interruption and no restart overhead (all of the
// work when it finished; nothing, and so no net savings, when it did
// none). actual is the fleet's exact total cost.
func (m *measures) addWorkload(res *sim.Result, fi int, actual *big.Int) {
	fc := &res.Config.Fleets[fi]
	if fc.Workload.Kind == sim.NoWorkload {
		return
	}
	r := res.Fleets[fi]
	m.workloads++
	pool := &res.Config.Pools[fc.Pool]
	vmSeconds := r.WantedVMSeconds
	if w := fc.Workload; w.Kind == sim.Service {
		// Availability and hours below target are service measures: a
		// batch fleet's wanted VMs are not a target it must keep.
		m.services++
		m.served += r.ServedVMSeconds
		m.wanted += r.WantedVMSeconds
		m.below += r.BelowSeconds
	} else {
		vmSeconds = r.WorkDone
		if m.batches == 0 || fc.CreateAt < m.firstCreate {
			m.firstCreate = fc.CreateAt
		}
		m.batches++
		m.workDone += r.WorkDone
		m.workLost += r.WorkLost
		m.batchActual.Add(&m.batchActual, actual)
		if r.CompletedAt >= 0 {
			m.finished++
			m.lastDone = max(m.lastDone, r.CompletedAt)
		}
		if w.Deadline > 0 {
			m.deadlines++
			if r.CompletedAt >= 0 && r.CompletedAt-fc.CreateAt <= w.Deadline {
				m.metAll++
			}
		}
	}
	if fc.Unit == sim.UnitVCPUs {
		// Wanted vCPU-seconds: the same vCPUs on regular VMs of the
		// fleet's first size, rounded up to whole VMs.
		vmSeconds = (vmSeconds + pool.VCPUs - 1) / pool.VCPUs
	}
	for _, a := range []pricing.Accrued{pricing.Accrue(pool.PAYG, vmSeconds), pricing.Accrue(fc.DiskPrice, vmSeconds)} {
		m.baseline.Add(a)
		m.baselineExact.Add(&m.baselineExact, a.Big())
	}
	m.actual.Add(&m.actual, actual)
}

func (m *measures) workloadCells(start time.Time, horizon int64) []string {
	if m.workloads == 0 {
		return make([]string, 10)
	}
	avail, below := "", ""
	if m.services > 0 {
		below = hours(m.below)
		if m.wanted > 0 {
			avail = percent(big.NewInt(m.served), big.NewInt(m.wanted), 6)
		}
	}
	net := new(big.Int).Sub(&m.baselineExact, &m.actual)
	cells := []string{avail, below, usd(m.baseline.Micros()), percent(net, &m.baselineExact, 6)}
	if m.batches == 0 {
		return append(cells, "", "", "", "", "", "")
	}
	// The batch work's makespan runs from the first batch fleet's create_at
	// to the last completion, or to the horizon while any is unfinished.
	completed, met, perHour := "", "", ""
	end := horizon
	if m.finished == m.batches {
		completed = at(start, m.lastDone)
		end = m.lastDone
	}
	if m.deadlines > 0 {
		met = strconv.FormatBool(m.metAll == m.deadlines)
	}
	if m.workDone > 0 {
		// USD per hour of work: exact cost (nano-USD·s/h) × 3600 / work seconds
		// gives nano-USD per hour; rounded to micro-dollars.
		num := new(big.Int).Mul(&m.batchActual, big.NewInt(3600))
		den := big.NewInt(m.workDone * pricing.UnitsPerMicro)
		q, r := new(big.Int).QuoRem(num, den, new(big.Int))
		if r.Lsh(r, 1).Cmp(den) >= 0 {
			q.Add(q, big.NewInt(1))
		}
		perHour = usdBig(q)
	}
	return append(cells, hours(m.workDone), hours(m.workLost), completed, hours(end-m.firstCreate), met, perHour)
}

// money is the rounded figures, from which every money column derives so
// that total = compute + disk and savings = payg - compute hold exactly in
// the file a reader sees. savings_pct alone comes from the exact sums.
type money struct{ compute, disk, payg pricing.Micros }

func (m *measures) money() money {
	return money{m.compute.Micros(), m.disk.Micros(), m.payg.Micros()}
}

func (c money) total() pricing.Micros   { return c.compute.Add(c.disk) }
func (c money) savings() pricing.Micros { return c.payg.Sub(c.compute) }

func (m *measures) row(horizon int64) []string {
	c := m.money()
	return []string{
		strconv.Itoa(m.vms),
		strconv.Itoa(m.notices),
		strconv.Itoa(m.priceEvictions + m.capEvictions),
		strconv.Itoa(m.priceEvictions),
		strconv.Itoa(m.capEvictions),
		strconv.Itoa(m.failedCreates),
		strconv.Itoa(m.failedStarts),
		hours(m.running),
		hours(m.deallocated),
		usd(c.compute),
		usd(c.disk),
		usd(c.total()),
		usd(c.payg),
		usd(c.savings()),
		m.savingsPct(6),
		strconv.Itoa(m.spot),
		strconv.Itoa(m.regular),
		hours(m.stopped),
		hours(m.billed),
		hours(horizon),
	}
}

// fleetActual is each fleet's exact total cost (compute and disks).
func fleetActual(res *sim.Result) []*big.Int {
	sums := make([]pricing.Accrued, len(res.Config.Fleets))
	for i := range res.VMs {
		v := &res.VMs[i]
		if v.Fleet >= 0 && v.Fleet < len(sums) {
			sums[v.Fleet] = sums[v.Fleet].Add(v.Compute).Add(v.Disk)
		}
	}
	out := make([]*big.Int, len(sums))
	for i, a := range sums {
		out[i] = a.Big()
	}
	return out
}

// fleetOf returns a VM's or event's fleet config, failing loudly on an index
// the engine should never produce rather than writing a wrong row.
func fleetOf(res *sim.Result, i int) (*sim.Fleet, error) {
	if i < 0 || i >= len(res.Config.Fleets) {
		return nil, fmt.Errorf("fleet index %d out of range [0, %d)", i, len(res.Config.Fleets))
	}
	return &res.Config.Fleets[i], nil
}

func runTotals(res *sim.Result) (*measures, error) {
	m := new(measures)
	for i := range res.VMs {
		_, err := fleetOf(res, res.VMs[i].Fleet)
		if err != nil {
			return nil, fmt.Errorf("vm %d: %w", i, err)
		}
		m.addVM(&res.VMs[i], res.VMs[i].Priority)
	}
	for _, f := range res.Fleets {
		m.addFleet(f)
	}
	return m, nil
}

// WriteSummary writes summary.csv: one row for the whole run.
func WriteSummary(w io.Writer, res *sim.Result, start time.Time) error {
	m, err := runTotals(res)
	if err != nil {
		return fmt.Errorf("summary: %w", err)
	}
	actual := fleetActual(res)
	for i := range res.Config.Fleets {
		m.addWorkload(res, i, actual[i])
	}
	row := append([]string{res.Config.Name, strconv.FormatUint(res.Config.Seed, 10)}, m.row(res.Config.Horizon)...)
	row = append(row, m.workloadCells(start, res.Config.Horizon)...)
	row = append(row, tailCells(res, -1)...)
	return writeCSV(w, summaryColumns, [][]string{row})
}

// WriteFleets writes fleets.csv: one row per fleet in scenario order, a
// fleet that never made a VM included, so a notebook can join on it.
func WriteFleets(w io.Writer, res *sim.Result, start time.Time) error {
	per := make([]measures, len(res.Config.Fleets))
	for i := range res.VMs {
		v := &res.VMs[i]
		_, err := fleetOf(res, v.Fleet)
		if err != nil {
			return fmt.Errorf("fleets: vm %d: %w", i, err)
		}
		per[v.Fleet].addVM(v, v.Priority)
	}
	for i, f := range res.Fleets {
		if i >= len(per) {
			return fmt.Errorf("fleets: %d fleet results for %d fleets", len(res.Fleets), len(per))
		}
		per[i].addFleet(f)
	}
	seed := strconv.FormatUint(res.Config.Seed, 10)
	rows := make([][]string, len(per))
	actual := fleetActual(res)
	for i := range per {
		per[i].addWorkload(res, i, actual[i])
		rows[i] = append([]string{res.Config.Name, seed, res.Config.Fleets[i].Name}, per[i].row(res.Config.Horizon)...)
		rows[i] = append(rows[i], per[i].workloadCells(start, res.Config.Horizon)...)
		rows[i] = append(rows[i], tailCells(res, i)...)
		rows[i] = append(rows[i], res.Config.Fleets[i].Workload.Kind.String())
		rows[i] = append(rows[i], policyCells(res, i)...)
	}
	return writeCSV(w, fleetColumns, rows)
}

// WriteVMs writes vms.csv: one row per VM that was created, in the
// simulation's order. start is the scenario start.
func WriteVMs(w io.Writer, res *sim.Result, start time.Time) error {
	out := newRows(w, vmColumns)
	ck := newClock(start)
	for i := range res.VMs {
		v := &res.VMs[i]
		f, err := fleetOf(res, v.Fleet)
		if err != nil {
			return fmt.Errorf("vms: vm %d: %w", i, err)
		}
		if v.Pool < 0 || v.Pool >= len(res.Config.Pools) {
			return fmt.Errorf("vms: vm %d: pool index %d out of range", i, v.Pool)
		}
		pool := &res.Config.Pools[v.Pool]
		out.name(f, v.Number)
		out.str(f.Name)
		out.str(pool.Region)
		out.str(pool.SKU)
		out.str(v.Priority.String())
		// Max price and eviction policy mean nothing for a regular VM (R11).
		if v.Priority == sim.Spot {
			out.str(maxPrice(v.MaxPrice))
			out.str(f.Policy.String())
		} else {
			out.str("")
			out.str("")
		}
		out.bytes(ck.at(v.CreatedAt))
		out.str(v.FinalState.String())
		out.int(int64(v.Evictions[sim.PriceEviction] + v.Evictions[sim.CapacityEviction]))
		out.int(v.BilledSeconds)
		compute, disk := v.Compute.Micros(), v.Disk.Micros()
		out.micros(compute)
		out.micros(disk)
		out.int(int64(v.Notices))
		out.int(int64(v.Evictions[sim.PriceEviction]))
		out.int(int64(v.Evictions[sim.CapacityEviction]))
		out.int(v.StateSeconds[sim.Running])
		out.int(v.StateSeconds[sim.Stopped])
		out.int(v.StateSeconds[sim.Deallocated])
		out.micros(v.PAYGCompute.Micros())
		out.micros(compute.Add(disk))
		out.str(pool.Zone)
		out.end()
	}
	return out.flush()
}

// WriteEvents writes events.csv: one row per recorded event, in the order
// the simulation applied them (time order, ties in the documented phase
// order). start is the scenario start.
func WriteEvents(w io.Writer, res *sim.Result, start time.Time) error {
	out := newRows(w, eventColumns)
	ck := newClock(start)
	for i := range res.Events {
		e := &res.Events[i]
		f, err := fleetOf(res, e.Fleet)
		if err != nil {
			return fmt.Errorf("events: row %d: %w", i+1, err)
		}
		out.bytes(ck.at(e.Time))
		out.name(f, int(e.Number))
		out.str(f.Name)
		out.str(e.Kind.String())
		out.str(state(e.From))
		out.str(state(e.To))
		out.price(e.SpotPrice)
		out.str(e.Reason.String())
		// The lead a notice gave (R8), or the time a real rebalance
		// recommendation gave to the notice; empty otherwise.
		if e.Kind == sim.EvNotice || e.Kind == sim.EvRebalance && e.Lead >= 0 {
			out.int(e.Lead)
		} else {
			out.str("")
		}
		out.end()
	}
	return out.flush()
}

func state(s sim.State) string {
	if s == sim.NoState {
		return ""
	}
	return s.String()
}

func writeCSV(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}
