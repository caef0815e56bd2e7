package mem

import (
	"testing"
	"unsafe"
)

// Slices cut from a Slab behave as make's: zeroed, of the length and
// capacity asked for, and apart — writing one, or appending to it, never
// reaches another.
func TestSlabSlicesAreApart(t *testing.T) {
	for _, s := range []*Slab[int64]{nil, {}, {MinChunk: 1 << 20}} {
		var got [][]int64
		for i, n := range []int{0, 3, 100_000, 8_191, 8_192, 300_000, 5, 2_000_000, 100_000} {
			b := s.Make(n)
			if len(b) != n || cap(b) != n {
				t.Fatalf("Make(%d): len %d cap %d", n, len(b), cap(b))
			}
			for j, v := range b {
				if v != 0 {
					t.Fatalf("Make(%d)[%d] = %d; want a zeroed slice", n, j, v)
				}
			}
			for j := range b {
				b[j] = int64(i)<<32 | int64(j)
			}
			got = append(got, b)
		}
		_ = append(got[2], -1) // capacity n: appending copies, and so leaves the next slice alone
		for i, b := range got {
			for j, v := range b {
				if v != int64(i)<<32|int64(j) {
					t.Fatalf("slice %d [%d] = %x after the others were written", i, j, v)
				}
			}
		}
	}
}

// A Reserve of n makes the next slices adding up to n one run of memory,
// which is what lets them share huge pages; a Slab with no reservation
// grows its chunks, so a Slab asked for much is soon cut from large chunks.
func TestSlabReserveAndGrowth(t *testing.T) {
	adjacent := func(a, b []int64) bool {
		return uintptr(unsafe.Pointer(&a[0]))+uintptr(len(a))*8 == uintptr(unsafe.Pointer(&b[0]))
	}
	var s Slab[int64]
	s.Reserve(4 * 10_000)
	a, b, c, d := s.Make(10_000), s.Make(10_000), s.Make(10_000), s.Make(10_000)
	if !adjacent(a, b) || !adjacent(b, c) || !adjacent(c, d) {
		t.Fatal("four slices filling a reservation are not one run of memory")
	}
	if s.chunk != 40_000 {
		t.Fatalf("the reserved chunk holds %d elements; want 40000", s.chunk)
	}
	s.Make(10_000)
	if s.chunk != 80_000 {
		t.Fatalf("the chunk after a 40000 one holds %d; want twice that", s.chunk)
	}
	var tiny Slab[int64]
	tiny.Reserve(100) // 800 bytes: below what a Slab cuts
	if tiny.chunk != 0 || tiny.free != nil {
		t.Fatal("a reservation smaller than slabMin made a chunk")
	}
	big := Slab[int64]{MinChunk: 1 << 20}
	big.Make(10_000)
	if big.chunk != 1<<20 {
		t.Fatalf("MinChunk 1<<20: the first chunk holds %d", big.chunk)
	}
}
