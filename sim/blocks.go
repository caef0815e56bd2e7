package sim

// blockList holds a growing sequence in fixed-size blocks. A growing slice
// copies everything each time it doubles — in a million-VM run most of the
// time went to copying VMs and events — and blocks never move, so a pointer
// to an element stays valid while elements are added.
type blockList[T any] struct {
	blocks [][]T
	n      int32
}

const blockBits = 12 // 4096 elements a block

func (b *blockList[T]) len() int { return int(b.n) }

func (b *blockList[T]) at(i int32) *T {
	return &b.blocks[i>>blockBits][i&(1<<blockBits-1)]
}

func (b *blockList[T]) add(v T) int32 {
	if int(b.n>>blockBits) == len(b.blocks) {
		b.blocks = append(b.blocks, make([]T, 1<<blockBits))
	}
	i := b.n
	*b.at(i) = v
	b.n++
	return i
}

// drain copies the elements into one slice, releasing blocks as it goes.
func (b *blockList[T]) drain() []T {
	if b.n == 0 {
		return nil
	}
	out := make([]T, 0, b.n)
	for i, blk := range b.blocks {
		out = append(out, blk[:min(len(blk), int(b.n)-i<<blockBits)]...)
		b.blocks[i] = nil
	}
	b.blocks, b.n = nil, 0
	return out
}
