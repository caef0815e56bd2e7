//go:build !linux

package mem

// Prefault does nothing where the kernel has no MADV_POPULATE_WRITE: the
// slice's pages are backed as it fills.
func Prefault[T any](blk []T) {}

func adviseHuge(b []byte) {}
