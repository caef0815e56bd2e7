//go:build !linux

package sim

// prefault does nothing where the kernel has no MADV_POPULATE_WRITE: the
// block's pages are backed as it fills.
func prefault[T any](blk []T) {}
