package sim

// phase orders the events of one instant (SPEC.md section 3; the README's
// "What happens at one instant"): market changes first, then notices, then
// evictions that fall due, then transitions that complete, then user
// requests in file order (fleets, then actions), then automation.
type phase uint8

const (
	phaseMarket phase = iota
	phaseNotices
	phaseEvict
	phaseTransition
	phaseFleetCreate
	phaseAction
	phaseAutomation
	numPhases
)

var phaseNames = [numPhases]string{"market", "notices", "evict", "transition", "fleet_create", "action", "automation"}

func (p phase) String() string { return phaseNames[p] }

type pendingKind uint8

const (
	evPrice pendingKind = iota
	evCapacity
	evNoticeCheck
	evEvictDue
	evTransitionDone
	evFleetCreate
	evAction
	evRestart
	evReplace
	evHazard
	evBatch
	evPolicy
	evService
	evReclaimSelect
	evReclaim
	evReclaimNext
	evRecover
	evRebalance
	evFalseAlarm
	evRebalanceDelete
	numKinds
)

// phaseOf is the same-instant order, the one table the queue consults: an
// event's phase follows from its kind, so no push site names a phase.
// TestPhaseTableMatchesREADME checks it row by row against the README.
//
// Within a phase, the events of one instant run in the order they were
// scheduled (the queue's sequence number: first pushed, first run). From
// the engine that gives: market changes in no order that matters (they
// only set prices and capacities, which the notice check reads pool by
// pool); stochastic evictions due now before the notice check that this
// instant's market changes ask for (they were drawn earlier); evictions in
// the order of their notices; transitions in the order they began; fleets
// and actions in file order; automation attempts in the order of the
// evictions or failed attempts that scheduled them.
var phaseOf = [numKinds]phase{
	evPrice:           phaseMarket,
	evCapacity:        phaseMarket,
	evNoticeCheck:     phaseNotices,
	evHazard:          phaseNotices,
	evEvictDue:        phaseEvict,
	evTransitionDone:  phaseTransition,
	evFleetCreate:     phaseFleetCreate,
	evAction:          phaseAction,
	evRestart:         phaseAutomation,
	evReplace:         phaseAutomation,
	evBatch:           phaseAutomation,
	evPolicy:          phaseAutomation,
	evService:         phaseAutomation,
	evReclaimSelect:   phaseNotices,
	evReclaim:         phaseNotices,
	evReclaimNext:     phaseNotices,
	evRecover:         phaseMarket,
	evRebalance:       phaseNotices,
	evFalseAlarm:      phaseNotices,
	evRebalanceDelete: phaseAutomation,
}
