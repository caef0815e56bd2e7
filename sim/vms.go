package sim

import "iter"

// VMs is a run's VM results, one per VM ever created, in creation order.
// They stay in the blocks the engine filled during the run: a run that
// creates millions of VMs never copies them into one array, which once
// cost B2 a third of its peak memory and three seconds of page faults.
type VMs struct {
	blocks [][]VMResult
	n      int
}

// NewVMs holds vs (not a copy), for results made by hand.
func NewVMs(vs []VMResult) VMs {
	if len(vs) == 0 {
		return VMs{}
	}
	return VMs{blocks: [][]VMResult{vs}, n: len(vs)}
}

// Len is the number of VMs.
func (v *VMs) Len() int { return v.n }

// At is VM i's result; 0 <= i < Len.
func (v *VMs) At(i int) *VMResult {
	if i < 0 || i >= v.n {
		panic("sim: VM index out of range")
	}
	if len(v.blocks) == 1 {
		return &v.blocks[0][i]
	}
	return &v.blocks[i>>blockBits][i&(1<<blockBits-1)]
}

// All yields each VM's index and result in creation order.
func (v *VMs) All() iter.Seq2[int, *VMResult] {
	return func(yield func(int, *VMResult) bool) {
		i := 0
		for _, blk := range v.blocks {
			for j := range blk {
				if i == v.n || !yield(i, &blk[j]) {
					return
				}
				i++
			}
		}
	}
}
