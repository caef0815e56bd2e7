package sim

// prefetch asks the processor to fetch the cache lines from addr on (at
// least one) without waiting for them: warm's way of reading a VM that an
// event a few places on will need.
//
//go:noescape
func prefetch(addr uintptr, lines int)
