package sim

import (
	"math/bits"
	"slices"

	"github.com/spotsim/spotsim/internal/mem"
)

// pending is an event waiting in the queue (Event is a row of the log):
// a value type, the queue holds no pointers, so it costs the garbage
// collector nothing however many are pending. gen lets a VM invalidate its
// pending events by bumping a counter instead of searching the queue.
type pending struct {
	// key packs (time, phase, seq) into one integer that compares as the
	// triple does: t in the high bits, then the phase, then seq (queue).
	key  uint64
	id   int32
	gen  uint32
	kind pendingKind
	// lane is 1 + the index of the FIFO lane this event heads, 0 if none.
	lane uint16
}

// queue orders events by (time, phase, seq); no two events compare equal, so
// the order is total and runs are deterministic.
//
// Most events are scheduled a fixed delay ahead of now: a constant notice
// lead, a state transition's timing, a fleet's automation interval. Those of
// one (phase, delay) are pushed in key order, so they wait in a FIFO lane
// whose head alone sits in the heap: a lane push is an append, and the heap
// holds the lanes' heads and the events of irregular delay (prices, random
// leads and stochastic evictions, batch checks), so it stays shallow.
//
// Market changes (prices and capacities: one pending per pool and kind, a
// third of a year-long run's events) wait in a heap of their own, as small
// as the pools, and pop compares its root with the main heap's: each
// change then costs a few levels of sifting, not the depth of a heap of
// every VM's timers. The order is the same (time, phase, seq) throughout.
//
// The heaps are 4-ary: four children a node halve the depth of a binary
// heap, and sifting moves a hole instead of swapping. They are typed rather
// than container/heap because boxing each event into an interface would
// allocate per push.
type queue struct {
	items   heap4
	market  heap4
	seq     uint64
	horizon int64
	seqBits uint // seq has seqBits bits, the phase 3 above it, t the rest
	lanes   []lane
	laneOf  map[uint64]uint16 // delay<<3 | phase → 1 + lane index
	// ahead is an event a few places behind the one the last pop took
	// from a lane, which will run soon: the engine fetches its VM ahead of
	// time (warm). Its kind, and further's, is numKinds when there is none.
	ahead, further pending
}

// lookahead is how far behind a lane's head ahead is; further is twice
// as far.
const lookahead = 8

type lane struct {
	buf    []pending // waiting behind the head, from buf[head]
	head   int
	inHeap bool // the lane's head is in the heap
}

const phaseBits = 3

// MaxHorizon is the longest run the engine takes, 100,000 days (the
// scenario's limit on every duration): its times fit in 34 bits of an
// event's key, leaving 27 to the sequence number.
const MaxHorizon = 100_000 * 86400

// newQueue is an empty queue for a run to horizon: events at or past the
// horizon are never run, so push drops them, and every key's time fits in
// bits.Len(horizon) bits, leaving the rest (at least 27 bits for
// horizons up to 100,000 days) to seq.
func newQueue(horizon int64) queue {
	return queue{horizon: horizon, seqBits: uint(64 - phaseBits - bits.Len64(uint64(max(horizon, 1)))), laneOf: map[uint64]uint16{}}
}

func (q *queue) len() int { return len(q.items) + len(q.market) }

// marketFirst says whether the next event is the market heap's root.
func (q *queue) marketFirst() bool {
	return len(q.market) > 0 && (len(q.items) == 0 || q.market[0].key < q.items[0].key)
}

// next is the event pop would return; the queue must not be empty.
func (q *queue) next() *pending {
	if q.marketFirst() {
		return &q.market[0]
	}
	return &q.items[0]
}

// time is when e falls due.
func (q *queue) time(e *pending) int64 { return int64(e.key >> (q.seqBits + phaseBits)) }

func (q *queue) phase(e *pending) phase {
	return phase(e.key >> q.seqBits & (1<<phaseBits - 1))
}

// key is the key of an event of kind k at t with the next sequence number.
// Callers write the event where it goes, field by field: building it on
// the stack and copying it made the processor wait for its own stores
// (a 16-byte load over smaller stores), a tenth of B2's time.
func (q *queue) key(t int64, k pendingKind) uint64 {
	if q.seq+1 >= 1<<q.seqBits {
		q.renumber()
	}
	q.seq++
	return uint64(t)<<(q.seqBits+phaseBits) | uint64(phaseOf[k])<<q.seqBits | q.seq
}

// at schedules an event of kind k at time t.
func (q *queue) at(t int64, k pendingKind, id int32, gen uint32) {
	if t >= q.horizon {
		return
	}
	if phaseOf[k] == phaseMarket {
		q.market.push(pending{key: q.key(t, k), id: id, gen: gen, kind: k})
		return
	}
	q.items.push(pending{key: q.key(t, k), id: id, gen: gen, kind: k})
}

// after schedules an event of kind k at now + d, for a delay d that recurs
// (a constant): it waits in the FIFO lane of (phase, d).
func (q *queue) after(now, d int64, k pendingKind, id int32, gen uint32) {
	t := now + d
	if t >= q.horizon {
		return
	}
	key := q.key(t, k)
	lk := uint64(d)<<phaseBits | uint64(phaseOf[k])
	li := q.laneOf[lk]
	if li == 0 {
		q.lanes = append(q.lanes, lane{})
		li = uint16(len(q.lanes))
		q.laneOf[lk] = li
	}
	l := &q.lanes[li-1]
	if l.inHeap {
		if len(l.buf) == cap(l.buf) {
			l.grow()
		}
		n := len(l.buf)
		l.buf = l.buf[:n+1]
		e := &l.buf[n]
		e.key, e.id, e.gen, e.kind, e.lane = key, id, gen, k, 0
		return
	}
	l.inHeap = true
	q.items.push(pending{key: key, id: id, gen: gen, kind: k, lane: li})
}

// grow moves a full lane's waiting events, without the ones already
// popped, to a new array twice their number, backed by the kernel in one
// call: B2's lanes hold a quarter of a million events after a reclaim, and
// faulting in each new array a page at a time was a tenth of its CPU.
func (l *lane) grow() {
	live := l.buf[l.head:]
	buf := make([]pending, max(64, 2*len(live)))
	mem.Prefault(buf)
	l.buf, l.head = buf[:copy(buf, live)], 0
}

// heap4 is a 4-ary min-heap of events by key.
type heap4 []pending

func (h *heap4) push(e pending) {
	*h = append(*h, e)
	items := *h
	i := len(items) - 1
	for i > 0 {
		p := (i - 1) / 4
		if e.key >= items[p].key {
			break
		}
		items[i] = items[p]
		i = p
	}
	items[i] = e
}

func (h *heap4) pop() pending {
	items := *h
	top := items[0]
	n := len(items) - 1
	last := items[n]
	*h = items[:n]
	if n > 0 {
		h.sift(last, n)
	}
	return top
}

func (q *queue) pop() pending {
	q.ahead.kind, q.further.kind = numKinds, numKinds
	if q.marketFirst() {
		return q.market.pop()
	}
	top := q.items[0]
	if top.lane != 0 {
		l := &q.lanes[top.lane-1]
		if l.head < len(l.buf) {
			// The lane's next event follows its head: it replaces the
			// head at the root and sinks to its place.
			next := l.buf[l.head]
			l.head++
			if j := l.head + lookahead; j < len(l.buf) {
				q.ahead = l.buf[j]
				if j += lookahead; j < len(l.buf) {
					q.further = l.buf[j]
				}
			}
			if l.head == len(l.buf) {
				l.buf, l.head = l.buf[:0], 0
			} else if l.head >= 1024 && 2*l.head >= len(l.buf) {
				n := copy(l.buf, l.buf[l.head:])
				l.buf, l.head = l.buf[:n], 0
			}
			next.lane = top.lane
			q.items.sift(next, len(q.items))
			return top
		}
		l.inHeap = false
	}
	return q.items.pop()
}

// sift places e at the root's hole of a heap of n items and sinks it.
func (h heap4) sift(e pending, n int) {
	items := h
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		for k := c + 1; k < min(c+4, n); k++ {
			if items[k].key < items[m].key {
				m = k
			}
		}
		if items[m].key >= e.key {
			break
		}
		items[i] = items[m]
		i = m
	}
	items[i] = e
}

// renumber gives the pending events the sequence numbers 1, 2, … in their
// order when seq would overflow its bits: the order, and so the heap and
// every lane, is unchanged. It runs once per 2^seqBits pushes at most.
func (q *queue) renumber() {
	var all []*pending
	for i := range q.items {
		all = append(all, &q.items[i])
	}
	for i := range q.market {
		all = append(all, &q.market[i])
	}
	for li := range q.lanes {
		l := &q.lanes[li]
		for i := l.head; i < len(l.buf); i++ {
			all = append(all, &l.buf[i])
		}
	}
	if uint64(len(all)) >= 1<<q.seqBits/2 {
		panic("sim: more events pending than the queue can number")
	}
	slices.SortFunc(all, func(a, b *pending) int {
		if a.key < b.key {
			return -1
		}
		return 1
	})
	mask := uint64(1)<<q.seqBits - 1
	for i, e := range all {
		e.key = e.key&^mask | uint64(i+1)
	}
	q.seq = uint64(len(all))
}
