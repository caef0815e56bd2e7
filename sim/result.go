package sim

import "spotsim/pricing"

// Result is everything a run measured. Money is exact (pricing.Accrued);
// formatting and rounding belong to the writer.
type Result struct {
	Config  *Config
	VMs     []VMResult
	Fleets  []FleetResult
	Events  []Event  // when Config.Record.Events
	Notices []Notice // when Config.Record.Notices
	// Processed counts the queue events the loop handled, stale ones
	// included: the denominator of an events-per-second figure.
	Processed int64
}

// VMResult is one VM's life.
type VMResult struct {
	Name       string
	Fleet      int
	Number     int // n in <fleet>-<n>
	CreatedAt  int64
	MaxPrice   pricing.Price // at the end of the run
	FinalState State
	Notices    int
	Evictions  [2]int // by EvictReason
	// Seconds spent in each state, from CreatedAt to the horizon.
	StateSeconds  [NumStates]int64
	BilledSeconds int64 // seconds of billed compute
	Compute       pricing.Accrued
	Disk          pricing.Accrued
	PAYGCompute   pricing.Accrued // BilledSeconds at the pool's pay-as-you-go price
}

// FleetResult holds what is counted per fleet rather than per VM.
type FleetResult struct {
	FailedCreates int
	FailedStarts  int
}

// EvictReason says why a notice was sent.
type EvictReason uint8

const (
	PriceEviction EvictReason = iota
	CapacityEviction
)

func (r EvictReason) String() string {
	if r == CapacityEviction {
		return "capacity"
	}
	return "price"
}

// EventKind is the event column of events.csv.
type EventKind uint8

const (
	EvCreate EventKind = iota
	EvCreateFailed
	EvStart
	EvStartFailed
	EvStop
	EvDeallocate
	EvDelete
	EvNotice
	EvEvict
	EvState
	EvSetMaxPrice
	EvSetMaxPriceFailed
)

var eventNames = [...]string{"create", "create_failed", "start", "start_failed", "stop", "deallocate", "delete", "notice", "evict", "state", "set_max_price", "set_max_price_failed"}

func (k EventKind) String() string { return eventNames[k] }

// NoState marks an event row with no from or to state (a failed create).
const NoState State = 255

// Event is one row of events.csv. VM is an index into Result.VMs, or -1 for a
// create that made no VM (then Name holds the name it would have had).
type Event struct {
	Time      int64
	VM        int
	Fleet     int
	Name      string
	Kind      EventKind
	From, To  State
	SpotPrice pricing.Price // -1 when not applicable (regular VMs)
	Reason    string
}

// Notice is one Scheduled Events Preempt notice (R8).
type Notice struct {
	VM          int
	IssuedAt    int64
	NotBefore   int64
	Reason      EvictReason
	EventID     string
	Incarnation int
}
