package sim

import (
	"math/bits"

	"github.com/spotsim/spotsim/internal/mem"
)

// blockList holds a growing sequence in blocks. A growing slice copies
// everything each time it doubles — in a million-VM run most of the time
// went to copying VMs and events — and blocks never move, so a pointer to an
// element stays valid while elements are added. The first blocks are small
// and double (64, 64, 128, … 2,048 elements), then every block holds 4,096:
// a sweep's thousand 100-VM runs need not each make and clear a megabyte
// per list. Blocks are not offered huge pages (internal/mem.Slab): for B2's
// half a gigabyte of records that doubled the kernel's time backing them and
// saved no other time.
type blockList[T any] struct {
	blocks [][]T
	n      int32
}

const (
	firstBits = 6  // the first two blocks hold 1<<firstBits elements
	blockBits = 12 // and the blocks from the eighth on 1<<blockBits
)

// locate is the block holding element i and i's offset in it.
func locate(i int) (block, offset int) {
	switch {
	case i < 1<<firstBits:
		return 0, i
	case i < 1<<blockBits:
		// i is in [2^(k+firstBits-1), 2^(k+firstBits)): block k.
		k := bits.Len(uint(i)) - firstBits
		return k, i - 1<<(k+firstBits-1)
	default:
		return blockBits - firstBits + i>>blockBits, i & (1<<blockBits - 1)
	}
}

// blockSize is the length of block k.
func blockSize(k int) int {
	switch {
	case k == 0:
		return 1 << firstBits
	case k <= blockBits-firstBits:
		return 1 << (k + firstBits - 1)
	default:
		return 1 << blockBits
	}
}

func (b *blockList[T]) len() int { return int(b.n) }

func (b *blockList[T]) at(i int32) *T {
	k, off := locate(int(i))
	return &b.blocks[k][off]
}

func (b *blockList[T]) add(v T) int32 {
	i := b.n
	*b.push() = v
	return i
}

// push adds a zero element and returns it, for the caller to fill in
// place: a large element built elsewhere and copied in costs a copy.
func (b *blockList[T]) push() *T {
	if k, _ := locate(int(b.n)); k == len(b.blocks) {
		blk := make([]T, blockSize(k))
		mem.Prefault(blk)
		b.blocks = append(b.blocks, blk)
	}
	p := b.at(b.n)
	b.n++
	return p
}

// ahead is where element len()+k will go, if its block is already made,
// else nil: a place to prefetch before adding.
func (b *blockList[T]) ahead(k int) *T {
	blk, off := locate(int(b.n) + k)
	if blk >= len(b.blocks) {
		return nil
	}
	return &b.blocks[blk][off]
}

// drain copies the elements into one slice, releasing blocks as it goes.
func (b *blockList[T]) drain() []T {
	if b.n == 0 {
		return nil
	}
	out := make([]T, 0, b.n)
	// Backed in one call: B1's 140 MB of recorded events took a page
	// fault per 4 KiB as the copy reached it (1.5 s of its CPU).
	mem.Prefault(out[:b.n])
	for i, blk := range b.blocks {
		out = append(out, blk[:min(len(blk), int(b.n)-len(out))]...)
		b.blocks[i] = nil
	}
	b.blocks, b.n = nil, 0
	return out
}
