package sim

import (
	"iter"
	"unsafe"
)

// VMs is a run's VM results, one per VM ever created, in creation order.
// They stay where the engine kept them during the run — the records of VMs
// alive at the horizon in the engine's slots, those of deleted VMs in the
// order they were deleted — and a VM's index says which (slotOf): a run
// that creates millions of VMs never copies them into one array, which
// once cost B2 a third of its peak memory. At makes a VMResult from a
// record when it is asked for.
type VMs struct {
	slots  [][]vm
	done   [][]vmRecord
	slotOf [][]int32 // by index: a slot in slots, or ^an index in done
	n      int
	// How many slots and done records the blocks hold; a slot whose VM
	// was deleted (id -1) holds nothing, its record is in done.
	nSlots, nDone int
	cfg           *Config    // for the figures derived from a record
	byHand        []VMResult // NewVMs's results, kept as given
}

// NewVMs is a copy of vs, for results made by hand: their figures are kept
// as given, not derived.
func NewVMs(vs []VMResult) VMs {
	if len(vs) == 0 {
		return VMs{}
	}
	return VMs{byHand: append([]VMResult(nil), vs...), n: len(vs)}
}

// Len is the number of VMs.
func (v *VMs) Len() int { return v.n }

// At is VM i's result; 0 <= i < Len.
func (v *VMs) At(i int) VMResult {
	v.check(i)
	if v.byHand != nil {
		return v.byHand[i]
	}
	return v.record(i).result(v.cfg)
}

// Placement is VM i's fleet and pool, without making the whole result:
// the meters ask it for every usage interval.
func (v *VMs) Placement(i int) (fleet, pool int32) {
	v.check(i)
	if v.byHand != nil {
		return v.byHand[i].Fleet, v.byHand[i].Pool
	}
	r := v.record(i)
	return r.fleet, r.pool
}

// All yields each VM's index and result in creation order. The records
// of consecutive VMs lie anywhere among the live and the deleted, so it
// prefetches the record of the VM a few places on, as the engine does for
// events (slots.go): a writer that formats each VM between two reads would
// otherwise wait for each record in turn (BenchmarkVMsInOrder: a pass over
// 3.4 million shuffled records 0.39 s, against 0.77 s for At in a loop).
func (v *VMs) All() iter.Seq2[int, VMResult] {
	return func(yield func(int, VMResult) bool) {
		if v.byHand != nil {
			for i, r := range v.byHand {
				if !yield(i, r) {
					return
				}
			}
			return
		}
		for i := range v.n {
			if j := i + 2*lookahead; j < v.n {
				v.fetch(j)
			}
			if !yield(i, v.record(i).result(v.cfg)) {
				return
			}
		}
	}
}

// fetch prefetches the cache lines VM i's record spans.
func (v *VMs) fetch(i int) {
	const line = 64
	a := uintptr(unsafe.Pointer(v.record(i)))
	first := a &^ (line - 1)
	prefetch(first, int((a+unsafe.Sizeof(vmRecord{})-1-first)/line)+1)
}

// Unordered yields every VM's result once, in the order the records are
// stored rather than created: for sums and counts, which then read memory
// in sequence instead of hopping between the live VMs and the deleted ones
// (in B2 that hopping cost more than the sums).
func (v *VMs) Unordered() iter.Seq[VMResult] {
	return func(yield func(VMResult) bool) {
		if v.byHand != nil {
			for _, r := range v.byHand {
				if !yield(r) {
					return
				}
			}
			return
		}
		for i := range v.nSlots {
			k, off := locate(i)
			if s := &v.slots[k][off]; s.id >= 0 && !yield(s.rec.result(v.cfg)) {
				return
			}
		}
		for i := range v.nDone {
			k, off := locate(i)
			if !yield(v.done[k][off].result(v.cfg)) {
				return
			}
		}
	}
}

func (v *VMs) check(i int) {
	if i < 0 || i >= v.n {
		panic("sim: VM index out of range")
	}
}

func (v *VMs) record(i int) *vmRecord {
	k, off := locate(i)
	x := int(v.slotOf[k][off])
	if x >= 0 {
		k, off = locate(x)
		return &v.slots[k][off].rec
	}
	k, off = locate(^x)
	return &v.done[k][off]
}
