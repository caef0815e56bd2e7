package sim

// vmStore holds the run's VMs in fixed-size blocks. A growing slice would
// copy every VM each time it doubled — most of a million-VM run's time went
// to that — and blocks never move, so a *vm stays valid while VMs are added.
type vmStore struct {
	blocks [][]vm
	n      int32
}

const vmBlockBits = 12 // 4096 VMs a block

func (st *vmStore) len() int { return int(st.n) }

func (st *vmStore) at(id int32) *vm {
	return &st.blocks[id>>vmBlockBits][id&(1<<vmBlockBits-1)]
}

func (st *vmStore) add(v vm) int32 {
	if int(st.n>>vmBlockBits) == len(st.blocks) {
		st.blocks = append(st.blocks, make([]vm, 1<<vmBlockBits))
	}
	id := st.n
	*st.at(id) = v
	st.n++
	return id
}

// release frees the block holding id once its last VM has been read, so
// that copying the VMs into the result does not hold two copies at once.
func (st *vmStore) release(id int32) {
	if id&(1<<vmBlockBits-1) == 1<<vmBlockBits-1 || id == st.n-1 {
		st.blocks[id>>vmBlockBits] = nil
	}
}
