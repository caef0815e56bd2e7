package sim

import "iter"

// VMs is a run's VM results, one per VM ever created, in creation order.
// They stay in the records the engine kept during the run: a run that
// creates millions of VMs never copies them into one array, which once
// cost B2 a third of its peak memory and three seconds of page faults.
type VMs struct {
	blocks [][]vm
	n      int
}

// NewVMs is a copy of vs, for results made by hand.
func NewVMs(vs []VMResult) VMs {
	if len(vs) == 0 {
		return VMs{}
	}
	blk := make([]vm, len(vs))
	for i := range vs {
		blk[i].res = vs[i]
	}
	return VMs{blocks: [][]vm{blk}, n: len(vs)}
}

// Len is the number of VMs.
func (v *VMs) Len() int { return v.n }

// At is VM i's result; 0 <= i < Len.
func (v *VMs) At(i int) *VMResult {
	if i < 0 || i >= v.n {
		panic("sim: VM index out of range")
	}
	if len(v.blocks) == 1 { // also NewVMs's one block of any length
		return &v.blocks[0][i].res
	}
	k, off := locate(i)
	return &v.blocks[k][off].res
}

// All yields each VM's index and result in creation order.
func (v *VMs) All() iter.Seq2[int, *VMResult] {
	return func(yield func(int, *VMResult) bool) {
		i := 0
		for _, blk := range v.blocks {
			for j := range blk {
				if i == v.n || !yield(i, &blk[j].res) {
					return
				}
				i++
			}
		}
	}
}
