// Package sim is spotsim's simulation core: a pure, deterministic,
// next-event simulation of Azure Spot VMs. Run takes a Config — pools with
// their price and capacity series, fleets, scripted actions, every time in
// whole seconds from the start — and returns a Result of exact integers:
// each VM's life, state seconds and costs, each fleet's counters and
// workload measures, and, when asked, the event log, the Scheduled Events
// notices and the billed intervals.
//
// It owns Azure's platform rules (R1–R12 in the README): the VM lifecycle
// (lifecycle.go), the billing table (state.go, billing.go), the market
// (price and capacity changes, notices, victims, evictions: market.go),
// admission and a VM's state changes (vmstate.go), the Spot Priority Mix
// (mix.go), user operations and automation (operations.go), the workload
// measures (measures.go, workload.go) and the event log (eventlog.go). The loop in engine.go pops
// one event at a time from a queue ordered by (time, phase, seq) (a heap
// beside FIFO lanes for fixed delays: queue.go), each kind of event's phase
// given by one table (order.go), so the order of everything that happens
// at one instant is fixed and documented.
//
// A pool's price is read when asked for and the queue holds one wake per
// pool, at the first price point above the lowest max price its noticeable
// VMs hold (pricewake.go). A VM not yet deleted has a slot with its state
// and its record of results; a deleted VM's record moves to a compact list
// and its slot is reused (slots.go, record.go), and Result.VMs reads the
// records where they are (vms.go). The engine prefetches the VMs of events
// a few places on (prefetch_amd64.s).
//
// The package reads no file, flag, YAML or clock; all randomness comes
// from Config.Seed through named streams, so the same Config always gives
// the same Result (sim/seed derives the streams).
package sim
