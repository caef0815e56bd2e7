package sim

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// verify checks the 4-ary heap invariant, as container/heap's test does for
// its binary heap: no child is before its parent; and that each lane's
// waiting events follow its head in key order.
func (q *queue) verify(t *testing.T) {
	t.Helper()
	for name, h := range map[string]heap4{"main": q.items, "market": q.market} {
		for i := 1; i < len(h); i++ {
			if p := (i - 1) / 4; h[i].key < h[p].key {
				t.Fatalf("%s heap: item %d (key=%x) is before its parent %d (key=%x)", name, i, h[i].key, p, h[p].key)
			}
		}
	}
	for _, e := range q.market {
		if e.lane != 0 || phaseOf[e.kind] != phaseMarket {
			t.Fatalf("a %d event in the market heap", e.kind)
		}
	}
	heads := map[uint16]uint64{}
	for _, e := range q.items {
		if e.lane != 0 {
			if _, dup := heads[e.lane]; dup {
				t.Fatalf("lane %d has two heads in the heap", e.lane)
			}
			heads[e.lane] = e.key
		}
	}
	for li, l := range q.lanes {
		h, ok := heads[uint16(li+1)]
		if ok != l.inHeap {
			t.Fatalf("lane %d: head in heap %v, inHeap %v", li, ok, l.inHeap)
		}
		if !ok && l.head < len(l.buf) {
			t.Fatalf("lane %d: events wait behind no head", li)
		}
		for _, e := range l.buf[l.head:] {
			if e.key <= h {
				t.Fatalf("lane %d out of order", li)
			}
			h = e.key
		}
	}
}

// The queue gives events back in (time, phase, push order) whatever the mix
// of pushes at a time, pushes after a recurring delay (lanes), and pops,
// against a sorted reference; the invariants hold after every operation.
// 11-bit sequence numbers force renumbering many times over.
func TestQueueOrderAndInvariant(t *testing.T) {
	for _, seqBits := range []uint{0, 11} {
		r := rand.New(rand.NewPCG(1, 2))
		const horizon = 1 << 20
		q := newQueue(horizon)
		if seqBits > 0 {
			q.seqBits = seqBits
		}
		type ref struct {
			t   int64
			ph  phase
			seq int
		}
		var want []ref
		seq := 0
		now := int64(0)
		for step := range 20_000 {
			if q.len() == 0 || r.IntN(3) > 0 && (seqBits == 0 || r.IntN(2) == 0) {
				k := pendingKind(r.IntN(int(numKinds)))
				var at int64
				if r.IntN(2) == 0 {
					at = now + int64(r.IntN(50))
					q.at(at, k, int32(seq), 0)
				} else {
					d := int64(r.IntN(4) * 7)
					at = now + d
					q.after(now, d, k, int32(seq), 0)
				}
				want = append(want, ref{at, phaseOf[k], seq})
				seq++
			} else {
				slices.SortFunc(want, func(a, b ref) int {
					return cmp.Or(cmp.Compare(a.t, b.t), cmp.Compare(a.ph, b.ph), cmp.Compare(a.seq, b.seq))
				})
				got := q.pop()
				now = q.time(&got)
				if w := want[0]; now != w.t || phaseOf[got.kind] != w.ph || q.phase(&got) != w.ph || int(got.id) != w.seq {
					t.Fatalf("seqBits %d step %d: popped (t=%d %s #%d); want (t=%d %s #%d)", seqBits, step, now, q.phase(&got), got.id, w.t, w.ph, w.seq)
				}
				want = want[1:]
			}
			if step%97 == 0 {
				q.verify(t)
			}
		}
		q.verify(t)
		for q.len() > 0 {
			prev := q.pop()
			if q.len() > 0 && q.next().key < prev.key {
				t.Fatal("drained out of order")
			}
		}
		if seqBits == 11 && q.seq >= 1<<11 {
			t.Fatalf("seq %d overflowed its 11 bits", q.seq)
		}
	}
}

// Events at or past the horizon never run: the queue drops them.
func TestQueueDropsPastHorizon(t *testing.T) {
	q := newQueue(100)
	q.at(99, evAction, 1, 0)
	q.at(100, evAction, 2, 0)
	q.after(90, 10, evRestart, 3, 0)
	q.after(80, 10, evRestart, 4, 0)
	if q.len() != 2 {
		t.Fatalf("%d pending; want 2", q.len())
	}
	if e := q.pop(); e.id != 4 {
		t.Errorf("first popped #%d; want #4 (t=90)", e.id)
	}
}

// The longest horizon the engine takes leaves seq 27 bits, and Run refuses
// a longer one rather than packing keys that cannot hold it.
func TestQueueLongestHorizon(t *testing.T) {
	if q := newQueue(MaxHorizon); q.seqBits != 27 {
		t.Errorf("seqBits %d at the longest horizon; want 27", q.seqBits)
	}
	cfg := &Config{Name: "long", Horizon: MaxHorizon + 1, Seed: 1}
	if _, err := Run(cfg); err == nil || !strings.Contains(err.Error(), "at most") {
		t.Errorf("Run with a horizon past the limit: %v; want an error", err)
	}
}
