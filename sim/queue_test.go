package sim

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// verify checks the 4-ary heap invariant, as container/heap's test does for
// its binary heap: no child is before its parent.
func (q *queue) verify(t *testing.T) {
	t.Helper()
	for i := 1; i < len(q.items); i++ {
		if p := (i - 1) / 4; q.items[i].before(&q.items[p]) {
			t.Fatalf("item %d (t=%d order=%x) is before its parent %d (t=%d order=%x)",
				i, q.items[i].t, q.items[i].order, p, q.items[p].t, q.items[p].order)
		}
	}
}

// The queue gives events back in (time, phase, push order) whatever the
// mix of pushes and pops, against a sorted reference; the invariant holds
// after every operation.
func TestQueueOrderAndInvariant(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var q queue
	type ref struct {
		t   int64
		ph  phase
		seq int
	}
	var want []ref
	seq := 0
	for step := range 6_000 {
		if q.len() == 0 || r.IntN(3) > 0 {
			e := event{t: int64(r.IntN(50)), phase: phase(r.IntN(int(numPhases))), id: int32(seq)}
			q.push(e)
			want = append(want, ref{e.t, e.phase, seq})
			seq++
		} else {
			slices.SortFunc(want, func(a, b ref) int {
				return cmp.Or(cmp.Compare(a.t, b.t), cmp.Compare(a.ph, b.ph), cmp.Compare(a.seq, b.seq))
			})
			got := q.pop()
			if w := want[0]; got.t != w.t || got.phase != w.ph || int(got.id) != w.seq {
				t.Fatalf("step %d: popped (t=%d %s #%d); want (t=%d %s #%d)", step, got.t, got.phase, got.id, w.t, w.ph, w.seq)
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
		if q.len() > 0 && q.items[0].before(&prev) {
			t.Fatal("drained out of order")
		}
	}
}
