package sim

import (
	"github.com/spotsim/spotsim/sim/policy"

	"strconv"

	"github.com/spotsim/spotsim/pricing"
)

// Result is everything a run measured. Money is exact (pricing.Accrued);
// formatting and rounding belong to the writer.
type Result struct {
	Config  *Config
	VMs     VMs
	Fleets  []FleetResult
	Events  []Event  // when Config.Record.Events
	Notices []Notice // when Config.Record.Notices
	Usage   []Usage  // when Config.Record.Usage, in the order accrued
	// Workload is each workload fleet's state after every change, in time
	// order, when Config.Record.Workload.
	Workload []WorkloadPoint
	// Tail is the run's tail measures (tail.go); Reclaims counts the
	// correlated reclaim events that took at least one VM.
	Tail     Tail
	Reclaims int
	// Processed counts the queue events the loop handled, stale ones
	// included: the denominator of an events-per-second figure.
	Processed int64
}

// VMResult is one VM's life.
//
// The counters are 32-bit and the small fields packed together: a run
// keeps one of these per VM ever created (3.4 million in B2).
type VMResult struct {
	Fleet      int32
	Pool       int32 // index into Config.Pools: where the fleet's strategy put it
	Number     int32 // n in <fleet>-<n>
	Notices    int32
	Evictions  [2]int32 // by EvictReason
	Rebalances int32    // rebalance recommendations received
	Priority   Priority
	FinalState State
	CreatedAt  int64
	MaxPrice   pricing.Price // its max price, as actions left it (at the end of the run)
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
	// Over the fleet's life (create_at to the horizon): VM-seconds of
	// min(running, wanted), of wanted (the count, as scaled), and seconds
	// with fewer VMs running than wanted. Availability is the first over
	// the second.
	ServedVMSeconds, WantedVMSeconds, BelowSeconds int64
	// Batch: VM-seconds of work saved and lost; when the work was done
	// (-1: not within the horizon).
	WorkDone, WorkLost int64
	CompletedAt        int64
	// A batch fleet with a policy: seconds billed on spot and regular VMs,
	// and the optimal-in-hindsight cost (Optimal.Done false: none found).
	SpotSeconds, RegularSeconds int64
	Optimal                     policy.Result
	Tail                        Tail
	// Rebalance recommendations its VMs received (the sum of theirs).
	Rebalances int
}

// VMName is the name of VM i, <fleet>-<n> (SPEC.md section 3), or as the
// fleet's naming says (Fleet.VMNaming). VMResult holds no string, so that a
// million of them cost the collector nothing.
func (r *Result) VMName(i int) string {
	v := r.VMs.At(i)
	prefix, sep := r.Config.Fleets[v.Fleet].VMNaming()
	return prefix + string(sep) + strconv.Itoa(int(v.Number))
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
	EvRebalance
)

var eventNames = [...]string{"create", "create_failed", "start", "start_failed", "stop", "deallocate", "delete", "notice", "evict", "state", "set_max_price", "set_max_price_failed", "rebalance"}

func (k EventKind) String() string { return eventNames[k] }

// NoState marks an event row with no from or to state (a failed create).
const NoState State = 255

// Event is one row of events.csv. It holds no pointers, so that a log of
// millions of events costs the garbage collector nothing to scan.
type Event struct {
	Time      int64
	SpotPrice pricing.Price // -1 when not applicable (regular VMs)
	// VM is an index into Result.VMs, or -1 for a create that made no VM;
	// Number is then the n of the name <fleet>-<n> it would have had.
	VM       int
	Fleet    int
	Number   int32
	Kind     EventKind
	From, To State
	Reason   Why
	// Lead is, on a notice row, the seconds to its eviction; on a
	// rebalance row, the seconds to the notice it warns of, or -1 for a
	// false alarm. Other rows leave it 0 and the writer ignores it.
	Lead int64
}

// Why is the reason column of an event: the operation or automation behind
// it, the eviction reason, or Azure's error code for a failed attempt.
type Why uint8

const (
	NoReason Why = iota
	WhyCreate
	WhyReplace
	WhyRestart
	WhyScale
	WhyStart
	WhyStop
	WhyDeallocate
	WhyDelete
	WhySetMaxPrice
	WhyPrice    // follows the EvictReason order: WhyPrice + reason
	WhyCapacity //
	WhyPriceAboveMax
	WhyNoCapacity
	WhyNotAllowed
	WhyMaxPriceNeedsDealloc
	WhyWorkDone
	WhyFallback
	WhyPolicy
	WhyRebalance

	NumReasons = iota // how many Why values there are
)

var whyNames = [...]string{
	"", "create", "replace", "restart", "scale", "start", "stop", "deallocate", "delete", "set_max_price",
	"price", "capacity", CodePriceAboveMax, CodeNoCapacity, CodeOperationNotAllowed, CodeMaxPriceNeedsDealloc,
	"work_done", "fallback", "policy", "rebalance",
}

func (w Why) String() string { return whyNames[w] }

// whyOf is the reason column of a notice or eviction.
func whyOf(r EvictReason) Why { return WhyPrice + Why(r) }

// opWhy is the reason column of a scripted operation's rows.
var opWhy = [...]Why{OpStart: WhyStart, OpStop: WhyStop, OpDeallocate: WhyDeallocate, OpDelete: WhyDelete,
	OpSetMaxPrice: WhySetMaxPrice, OpScale: WhyScale}

// Notice is one Scheduled Events document of a VM: a Preempt notice (R8)
// or a rebalance recommendation (rebalance.go; NotBefore -1).
type Notice struct {
	VM          int
	IssuedAt    int64
	NotBefore   int64
	Reason      EvictReason
	EventID     EventID
	Incarnation int
	Kind        NoticeKind
}

// NoticeKind is a Scheduled Events document's event type.
type NoticeKind uint8

const (
	PreemptNotice   NoticeKind = iota // EventType Preempt
	RebalanceNotice                   // EventType SpotRebalanceRecommendation
)

// EventID is a Scheduled Events EventId: a version-4 UUID, kept as two
// words so that a million notices hold no strings.
type EventID [2]uint64

// String writes the UUID as Azure does: upper-case hex in 8-4-4-4-12 groups.
func (id EventID) String() string {
	const hex = "0123456789ABCDEF"
	var b [36]byte
	i := 0
	for _, word := range id {
		for shift := 60; shift >= 0; shift -= 4 {
			if i == 8 || i == 13 || i == 18 || i == 23 {
				b[i] = '-'
				i++
			}
			b[i] = hex[word>>uint(shift)&0xf]
			i++
		}
	}
	return string(b[:])
}

// Usage is one interval of a VM's life over which its billing did not
// change: what accrued it, so that a meter can split it at hour boundaries
// and get exactly the VM's Compute and Disk back when it sums the pieces.
type Usage struct {
	From, To int64 // seconds from the start; From < To
	VM       int32
	Compute  bool // compute billed over the interval
	Disk     bool // disks billed over the interval
	Rate     RateKind
	Cap      pricing.Price // the max price, when Rate is CappedSpotRate
}

// RateKind is how an interval's compute rate is found.
type RateKind uint8

const (
	// PAYGRate: the pool's pay-as-you-go price (regular VMs).
	PAYGRate RateKind = iota
	// SpotRate: min(spot, pay-as-you-go), the pool's pricing.Curve.
	SpotRate
	// CappedSpotRate: min(spot, pay-as-you-go, Cap), under notice (R5).
	CappedSpotRate
)

// WorkloadPoint is a workload fleet's measures at one moment: VMs running
// and wanted, and (batch) the work saved and lost so far, in VM-seconds.
type WorkloadPoint struct {
	Time               int64
	Fleet              int
	Running, Wanted    int
	WorkDone, WorkLost int64
}
