package mem

import (
	"syscall"
	"unsafe"
)

const (
	madvHugepage      = 14 // MADV_HUGEPAGE (Linux 2.6.38 and later)
	madvPopulateWrite = 23 // MADV_POPULATE_WRITE (Linux 5.14 and later)
	hugePage          = 2 << 20
)

// Prefault asks the kernel to back a new slice's pages in one call, as a
// write to each would, instead of taking a page fault per 4 KiB as it
// fills. On a virtual machine each fault is a trap to the hypervisor: B2's
// 880 MB of VM records took 2.8 s of faults, a quarter of its CPU. The
// contents are not touched (a fresh slice is zero either way), and an older
// kernel's refusal changes nothing but the speed.
//
// Prefault offers no huge pages: Slab does, for the arrays that gain from
// them.
func Prefault[T any](blk []T) {
	b := bytesOf(blk)
	if len(b) < 64<<10 {
		return // a few pages: the faults cost less than the call
	}
	syscall.Madvise(b, madvPopulateWrite)
}

// adviseHuge offers huge pages for the 2 MiB-aligned stretches inside b;
// the pages at its ends, which it shares with other objects, are left alone.
// Where the kernel has them, one page-table entry backs 2 MiB instead of 512
// entries, each of which is a trap on a virtual machine whose page tables
// the hypervisor keeps. A kernel set to "never" ignores the offer.
func adviseHuge(b []byte) {
	if len(b) < hugePage {
		return
	}
	base := uintptr(unsafe.Pointer(&b[0]))
	start := int((base+hugePage-1)&^(hugePage-1) - base)
	end := int((base+uintptr(len(b)))&^(hugePage-1) - base)
	if start < end {
		syscall.Madvise(b[start:end], madvHugepage)
	}
}
