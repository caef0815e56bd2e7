// Package serve replays a finished simulation as Azure's Instance Metadata
// Service: the Scheduled Events document each simulated VM would read at
// each moment, its instance metadata, and acknowledgements (StartRequests)
// that move an eviction forward, as Azure does.
//
// The simulation runs first, in full (sim stays pure); this package only
// answers "what would VM v see at simulated second t". An acknowledgement
// is an overlay on that answer: the VM shows its eviction starting at the
// acknowledgement, but the rest of the simulation (capacity freed earlier,
// costs) is not run again.
package serve

import (
	"cmp"
	"slices"

	"github.com/spotsim/spotsim/sim"
)

// notice is one Preempt notice of a VM and when its eviction ends.
type notice struct {
	id          sim.EventID
	issued      int64 // simulated seconds from the scenario start
	notBefore   int64
	done        int64 // the eviction's end: deallocated or deleted
	ended       bool  // done is set from the events (else it is NotBefore)
	incarnation int   // the document's incarnation while Scheduled
}

// minStarted is how long an event stays visible as Started when the
// scenario's deallocate or delete timing is 0 s: long enough for a handler
// polling every second to see it.
const minStarted = 1

// timeline indexes each VM's notices in time order.
type timeline struct {
	byVM [][]notice
}

func newTimeline(res *sim.Result) *timeline {
	tl := &timeline{byVM: make([][]notice, res.VMs.Len())}
	for _, n := range res.Notices {
		if n.Kind != sim.PreemptNotice {
			continue // rebalance recommendations are not served yet
		}
		tl.byVM[n.VM] = append(tl.byVM[n.VM], notice{id: n.EventID, issued: n.IssuedAt, notBefore: n.NotBefore,
			done: n.NotBefore, incarnation: n.Incarnation})
	}
	// The eviction ends when the VM leaves the deallocating or deleting it
	// entered between the notice and NotBefore (at NotBefore itself when
	// the platform evicts; earlier when a user's deallocate or delete came
	// first), at or after NotBefore. A deallocate that began after NotBefore
	// is unrelated: with a 0 s timing the eviction ends at NotBefore, and a
	// later user deallocate must not stretch the event's Started window to
	// its own end (issue 17).
	// An eviction still under way at the horizon has no end in the events:
	// it is Started to the end of the run.
	open := make(map[int]*notice) // VM → the notice whose eviction it is in
	for _, e := range res.Events {
		if e.VM < 0 || e.From == e.To {
			continue
		}
		ns := tl.byVM[e.VM]
		i, _ := slices.BinarySearchFunc(ns, e.Time, func(n notice, t int64) int { return cmp.Compare(n.issued, t+1) })
		if e.To == sim.Deallocating || e.To == sim.Deleting {
			if i > 0 && e.Time >= ns[i-1].issued && e.Time <= ns[i-1].notBefore && !ns[i-1].ended {
				open[e.VM] = &ns[i-1]
			}
			continue
		}
		if e.From != sim.Deallocating && e.From != sim.Deleting {
			continue
		}
		if n := open[e.VM]; n != nil {
			delete(open, e.VM)
			if e.Time >= n.notBefore {
				n.done, n.ended = e.Time, true
			}
		}
	}
	for _, n := range open {
		n.done, n.ended = max(n.notBefore, res.Config.Horizon), true
	}
	return tl
}

// Status is a Scheduled Event's EventStatus, or none when the VM has no
// event in its document.
type Status uint8

const (
	None Status = iota
	Scheduled
	Started
)

// view is what a VM's document holds at one moment.
type view struct {
	status      Status
	notice      int // index into the VM's notices, when status != None
	incarnation int
	notBefore   int64 // simulated seconds; only when Scheduled
}

// at is VM v's document at simulated second t, given the times at which
// its notices were acknowledged (acked[k] < 0: never). Incarnations follow
// notices.jsonl: the k-th notice (from 0) is 3k+1 while Scheduled, 3k+2
// once Started, 3k+3 once gone; before any notice the document is 0.
func (tl *timeline) at(v int, t int64, acked []int64) view {
	ns := tl.byVM[v]
	k, _ := slices.BinarySearchFunc(ns, t, func(n notice, t int64) int { return cmp.Compare(n.issued, t+1) })
	if k == 0 {
		return view{status: None}
	}
	k--
	n := ns[k]
	start, end := n.notBefore, max(n.done, n.notBefore+minStarted)
	if k < len(acked) && acked[k] >= 0 && acked[k] < start {
		start, end = acked[k], acked[k]+(end-n.notBefore)
	}
	switch {
	case t < start:
		return view{status: Scheduled, notice: k, incarnation: n.incarnation, notBefore: n.notBefore}
	case t < end:
		return view{status: Started, notice: k, incarnation: n.incarnation + 1}
	}
	return view{status: None, notice: k, incarnation: n.incarnation + 2}
}

// evictedAt is when notice k's eviction began: NotBefore, or the
// acknowledgement that moved it forward.
func (tl *timeline) evictedAt(v, k int, ack int64) int64 {
	n := tl.byVM[v][k]
	if ack >= 0 && ack < n.notBefore {
		return ack
	}
	return n.notBefore
}
