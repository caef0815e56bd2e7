// Package mem holds what spotsim does about memory below the language:
// asking the kernel to back a large new slice in one call (Prefault), which
// the engine's record blocks use; and cutting slices out of shared chunks
// offered huge pages (Slab), so that a run's many 840 KiB curves and
// windows, and a trace reader's point arrays, are backed 2 MiB at a time.
package mem
