// Package mem holds what spotsim does about memory below the language:
// asking the kernel to back a large new slice in one call (Prefault), which
// the engine's record blocks and the trace readers' point arrays use.
package mem
