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
)

// event is a value type: the queue holds no pointers, so it costs the garbage
// collector nothing however many are pending. gen lets a VM invalidate its
// pending events by bumping a counter instead of searching the queue.
type event struct {
	t     int64
	seq   uint64
	id    int32
	gen   uint32
	phase phase
	kind  eventKind
}

func (a *event) before(b *event) bool {
	if a.t != b.t {
		return a.t < b.t
	}
	if a.phase != b.phase {
		return a.phase < b.phase
	}
	return a.seq < b.seq
}

// queue is a binary min-heap of events ordered by (time, phase, seq); no two
// events compare equal, so the order is total and runs are deterministic.
// It is typed rather than container/heap because boxing each event into an
// interface would allocate once per push on the hot path.
type queue struct {
	items []event
	seq   uint64
}

func (q *queue) len() int { return len(q.items) }

func (q *queue) push(e event) {
	q.seq++
	e.seq = q.seq
	q.items = append(q.items, e)
	i := len(q.items) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !q.items[i].before(&q.items[p]) {
			break
		}
		q.items[i], q.items[p] = q.items[p], q.items[i]
		i = p
	}
}

func (q *queue) pop() event {
	top := q.items[0]
	n := len(q.items) - 1
	q.items[0] = q.items[n]
	q.items = q.items[:n]
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && q.items[r].before(&q.items[l]) {
			m = r
		}
		if !q.items[m].before(&q.items[i]) {
			break
		}
		q.items[i], q.items[m] = q.items[m], q.items[i]
		i = m
	}
	return top
}
