package results

import (
	"encoding/csv"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"time"

	"github.com/spotsim/spotsim/cmd/internal/csvw"
	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
	"github.com/spotsim/spotsim/sim/summary"
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

// savingsPct is savings_pct: from the exact sums, not the rounded ones.
func savingsPct(m *summary.Measures, places int) string {
	return percent(m.SavingsExact.Big(), m.PAYGExact.Big(), places)
}

func workloadCells(m *summary.Measures, start time.Time, horizon int64) []string {
	if m.Workloads == 0 {
		return make([]string, 10)
	}
	avail, below := "", ""
	if m.Services > 0 {
		below = hours(m.Below)
		if m.Wanted > 0 {
			avail = percent(big.NewInt(m.Served), big.NewInt(m.Wanted), 6)
		}
	}
	net := m.BaselineExact.Sub(m.Actual).Big()
	cells := []string{avail, below, usd(m.Baseline.Micros()), percent(net, m.BaselineExact.Big(), 6)}
	if m.Batches == 0 {
		return append(cells, "", "", "", "", "", "")
	}
	// The batch work's makespan runs from the first batch fleet's create_at
	// to the last completion, or to the horizon while any is unfinished.
	completed, met, perHour := "", "", ""
	end := m.BatchEnd(horizon)
	if m.Finished == m.Batches {
		completed = at(start, m.LastDone)
	}
	if m.Deadlines > 0 {
		met = strconv.FormatBool(m.MetAll == m.Deadlines)
	}
	if q := m.CostPerWorkHour(); q != nil {
		perHour = usdBig(q)
	}
	return append(cells, hours(m.WorkDone), hours(m.WorkLost), completed, hours(end-m.FirstCreate), met, perHour)
}

func measureCells(m *summary.Measures, horizon int64) []string {
	c := m.Money()
	return []string{
		strconv.Itoa(m.VMs),
		strconv.Itoa(m.Notices),
		strconv.Itoa(m.PriceEvictions + m.CapacityEvictions),
		strconv.Itoa(m.PriceEvictions),
		strconv.Itoa(m.CapacityEvictions),
		strconv.Itoa(m.FailedCreates),
		strconv.Itoa(m.FailedStarts),
		hours(m.Running),
		hours(m.Deallocated),
		usd(c.Compute),
		usd(c.Disk),
		usd(c.Total()),
		usd(c.PAYG),
		usd(c.Savings()),
		savingsPct(m, 6),
		strconv.Itoa(m.Spot),
		strconv.Itoa(m.Regular),
		hours(m.Stopped),
		hours(m.Billed),
		hours(horizon),
	}
}

// fleetOf returns a VM's or event's fleet config, failing loudly on an index
// the engine should never produce rather than writing a wrong row.
func fleetOf(res *sim.Result, i int) (*sim.Fleet, error) {
	if i < 0 || i >= len(res.Config.Fleets) {
		return nil, fmt.Errorf("fleet index %d out of range [0, %d)", i, len(res.Config.Fleets))
	}
	return &res.Config.Fleets[i], nil
}

// WriteSummary writes summary.csv: one row for the whole run.
func WriteSummary(w io.Writer, res *sim.Result) error { return writeSummary(w, res, nil) }

// writeSummary is WriteSummary from the run's summary.Summary measures, or
// from a pass over the VMs when m is nil.
func writeSummary(w io.Writer, res *sim.Result, m *summary.Measures) error {
	row, err := SummaryRow(res, m)
	if err != nil {
		return err
	}
	return writeCSV(w, summaryColumns, [][]string{row})
}

// SummaryRow is summary.csv's row (SummaryColumns) for the run, from its
// summary.Summary measures m, or from a pass over the VMs when m is nil.
func SummaryRow(res *sim.Result, m *summary.Measures) ([]string, error) {
	start := res.Config.Start
	if m == nil {
		var err error
		if m, err = summary.Summary(res); err != nil {
			return nil, fmt.Errorf("summary: %w", err)
		}
	}
	row := append([]string{res.Config.Name, strconv.FormatUint(res.Config.Seed, 10)}, measureCells(m, res.Config.Horizon)...)
	row = append(row, workloadCells(m, start, res.Config.Horizon)...)
	row = append(row, tailCells(res, -1)...)
	return row, nil
}

// WriteFleets writes fleets.csv: one row per fleet in scenario order, a
// fleet that never made a VM included, so a notebook can join on it.
func WriteFleets(w io.Writer, res *sim.Result) error { return writeFleets(w, res, nil) }

// writeFleets is WriteFleets from the run's summary.Fleets measures, or
// from a pass of its own when per is nil.
func writeFleets(w io.Writer, res *sim.Result, per []summary.Measures) error {
	rows, err := FleetRows(res, per)
	if err != nil {
		return err
	}
	return writeCSV(w, fleetColumns, rows)
}

// FleetRows are fleets.csv's rows (FleetColumns), one per fleet, from the
// run's summary.Fleets measures per, or from a pass over the VMs when per
// is nil.
func FleetRows(res *sim.Result, per []summary.Measures) ([][]string, error) {
	start := res.Config.Start
	if per == nil {
		var err error
		if per, err = summary.Fleets(res); err != nil {
			return nil, fmt.Errorf("fleets: %w", err)
		}
	}
	seed := strconv.FormatUint(res.Config.Seed, 10)
	rows := make([][]string, len(per))
	for i := range per {
		rows[i] = append([]string{res.Config.Name, seed, res.Config.Fleets[i].Name}, measureCells(&per[i], res.Config.Horizon)...)
		rows[i] = append(rows[i], workloadCells(&per[i], start, res.Config.Horizon)...)
		rows[i] = append(rows[i], tailCells(res, i)...)
		rows[i] = append(rows[i], res.Config.Fleets[i].Workload.Kind.String())
		rows[i] = append(rows[i], policyCells(res, i)...)
	}
	return rows, nil
}

// WriteVMs writes vms.csv: one row per VM that was created, in the
// simulation's order.
func WriteVMs(w io.Writer, res *sim.Result) error {
	out := csvw.New(w, vmColumns)
	ck := csvw.NewClock(res.Config.Start)
	t := newVMTexts(res)
	// All reads a stretch of records ahead, so their cache misses overlap.
	for i, v := range res.VMs.All() {
		if uint(v.Fleet) >= uint(len(t.fleets)) {
			_, err := fleetOf(res, int(v.Fleet))
			return fmt.Errorf("vms: vm %d: %w", i, err)
		}
		if uint(v.Pool) >= uint(len(t.zones)) {
			return fmt.Errorf("vms: vm %d: pool index %d out of range", i, v.Pool)
		}
		out.VMName(t.names, int(v.Fleet), int(v.Number))
		out.Raw(t.fleets[v.Fleet])
		out.Raw(t.regionSKU[v.Pool])
		out.Raw(t.priorities.of(uint8(v.Priority)))
		// Max price and eviction policy mean nothing for a regular VM (R11).
		if v.Priority == sim.Spot {
			if v.MaxPrice == pricing.Uncapped {
				out.Raw("-1")
			} else {
				out.USD6(v.MaxPrice)
			}
			out.Raw(t.policies[v.Fleet])
		} else {
			out.Raw(",")
		}
		out.Bytes(ck.At(v.CreatedAt))
		out.Raw(t.states.of(uint8(v.FinalState)))
		out.Int(int64(v.Evictions[sim.PriceEviction] + v.Evictions[sim.CapacityEviction]))
		out.Int(v.BilledSeconds)
		compute, disk := v.Compute.Micros(), v.Disk.Micros()
		out.Micros(compute)
		out.Micros(disk)
		out.Int(int64(v.Notices))
		out.Int(int64(v.Evictions[sim.PriceEviction]))
		out.Int(int64(v.Evictions[sim.CapacityEviction]))
		out.Int(v.StateSeconds[sim.Running])
		out.Int(v.StateSeconds[sim.Stopped])
		out.Int(v.StateSeconds[sim.Deallocated])
		out.Micros(v.PAYGCompute.Micros())
		out.Micros(compute.Add(disk))
		out.Raw(t.zones[v.Pool])
		out.End()
	}
	return out.Flush()
}

// WriteEvents writes events.csv: one row per recorded event, in the order
// the simulation applied them (time order, ties in the documented phase
// order).
func WriteEvents(w io.Writer, res *sim.Result) error {
	start := res.Config.Start
	out := csvw.New(w, eventColumns)
	ck := csvw.NewClock(start)
	fleets := fleetTexts(res)
	names := csvw.NewNames(res.Config.Fleets)
	kinds := enumText{name: func(v uint8) string { return sim.EventKind(v).String() }}
	states := enumText{name: func(v uint8) string { return state(sim.State(v)) }}
	whys := enumText{name: func(v uint8) string { return sim.Why(v).String() }}
	for i := range res.Events {
		e := &res.Events[i]
		// A bad index is an error, not a panic.
		if _, err := fleetOf(res, e.Fleet); err != nil {
			return fmt.Errorf("events: row %d: %w", i+1, err)
		}
		out.Bytes(ck.At(e.Time))
		out.VMName(names, e.Fleet, int(e.Number))
		out.Raw(fleets[e.Fleet])
		out.Raw(kinds.of(uint8(e.Kind)))
		out.Raw(states.of(uint8(e.From)))
		out.Raw(states.of(uint8(e.To)))
		out.Price(e.SpotPrice)
		out.Raw(whys.of(uint8(e.Reason)))
		// The lead a notice gave (R8), or the time a real rebalance
		// recommendation gave to the notice; empty otherwise.
		if e.Kind == sim.EvNotice || e.Kind == sim.EvRebalance && e.Lead >= 0 {
			out.Int(e.Lead)
		} else {
			out.Str("")
		}
		out.End()
	}
	return out.Flush()
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
