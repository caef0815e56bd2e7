package mem

import "unsafe"

// Slab cuts medium-sized slices out of larger shared chunks offered huge
// pages: a run's price arrays. One pool's window of a year of 5-minute
// prices, or its prefix sums, is 840 KiB: too small to hold a whole 2 MiB
// huge page, so on its own each is backed 4 KiB at a time. Cut from one
// chunk they share huge pages (on the virtual machine we measure on, P1k's
// twenty windows and curves took a fifth of its CPU in page-table traps).
// The engine's record blocks are not cut from slabs: offered huge pages,
// B2's half a gigabyte of records took twice the kernel time to back (0.6
// against 1.1–1.6 s) and no less of anything else.
//
// Chunks grow: each is twice the last, up to 32 MiB, and at least the slice
// asked for, so a small run never sets aside much it does not use, while a
// large one soon works in chunks that are mostly huge pages. A chunk lives
// as long as any slice cut from it, so a Slab suits slices that live and die
// together (a run's curves, a trace cache's windows). The zero Slab is ready
// to use; a Slab is not safe for concurrent use.
type Slab[T any] struct {
	// MinChunk, if set, is the least number of elements a chunk holds:
	// for a Slab that lives long and will be asked for much (a trace
	// cache's windows), so that even its first chunk is huge pages.
	MinChunk int
	free     []T // the unused end of the current chunk
	chunk    int // elements in the last chunk made
}

const (
	slabMaxChunk = 32 << 20 // bytes: sixteen huge pages
	slabMin      = 64 << 10 // smaller slices are made on their own
)

// Make is make([]T, n) (zeroed, length and capacity n), backed in one call
// as Prefault does. A nil Slab makes every slice on its own.
func (s *Slab[T]) Make(n int) []T {
	var zero T
	size := int(unsafe.Sizeof(zero))
	if s == nil || size == 0 || n*size < slabMin {
		out := make([]T, n)
		Prefault(out)
		return out
	}
	if n > len(s.free) {
		s.Reserve(n)
	}
	out := s.free[:n:n]
	s.free = s.free[n:]
	Prefault(out)
	return out
}

// Reserve makes sure the next n elements come from one chunk: a caller that
// knows how much it will cut (a run's curves) gets a chunk of that size.
// Less than Make would cut from a chunk reserves nothing.
func (s *Slab[T]) Reserve(n int) {
	var zero T
	size := int(unsafe.Sizeof(zero))
	if n <= len(s.free) || n*size < slabMin {
		return
	}
	s.chunk = max(n, s.MinChunk, min(2*s.chunk, slabMaxChunk/size))
	s.free = make([]T, s.chunk)
	adviseHuge(bytesOf(s.free))
}
