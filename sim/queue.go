package sim

// phase orders the events of one instant (SPEC.md section 3): market changes
// first, then notices, then evictions that fall due, then transitions that
// complete, then user requests in file order (fleets, then actions), then
// automation.
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

type eventKind uint8

const (
	evPrice eventKind = iota
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
)

// event is a value type: the queue holds no pointers, so it costs the garbage
// collector nothing however many are pending. gen lets a VM invalidate its
// pending events by bumping a counter instead of searching the queue.
type event struct {
	t int64
	// order is phase<<56 | seq, set by push: (t, order) compares as
	// (time, phase, seq) in two integer comparisons.
	order uint64
	id    int32
	gen   uint32
	phase phase
	kind  eventKind
}

func (a *event) before(b *event) bool {
	return a.t < b.t || a.t == b.t && a.order < b.order
}

// queue is a 4-ary min-heap of events ordered by (time, phase, seq); no two
// events compare equal, so the order is total and runs are deterministic.
// Four children a node halve the depth of a binary heap, and sifting moves
// a hole instead of swapping. It is typed rather than container/heap
// because boxing each event into an interface would allocate per push.
type queue struct {
	items []event
	seq   uint64
}

func (q *queue) len() int { return len(q.items) }

func (q *queue) push(e event) {
	q.seq++
	e.order = uint64(e.phase)<<56 | q.seq
	q.items = append(q.items, e)
	i := len(q.items) - 1
	for i > 0 {
		p := (i - 1) / 4
		if !e.before(&q.items[p]) {
			break
		}
		q.items[i] = q.items[p]
		i = p
	}
	q.items[i] = e
}

func (q *queue) pop() event {
	top := q.items[0]
	n := len(q.items) - 1
	last := q.items[n]
	q.items = q.items[:n]
	if n == 0 {
		return top
	}
	items := q.items
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		for k := c + 1; k < min(c+4, n); k++ {
			if items[k].before(&items[m]) {
				m = k
			}
		}
		if !items[m].before(&last) {
			break
		}
		items[i] = items[m]
		i = m
	}
	items[i] = last
	return top
}
