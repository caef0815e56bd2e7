package bench

import (
	"os"
	"runtime/debug"
)

// resetPeakRSS lowers this process's peak RSS to what it holds now, before
// a timed child starts. Linux carries the parent's high-water mark into a
// child's ru_maxrss (os/exec starts children with vfork, and exec records
// the old address space's peak), so after `bench` generated a large trace
// every later child would report the generator's peak as its own.
// Writing 5 to /proc/self/clear_refs resets the mark (Linux 4.0 and later);
// where it cannot, the figures are only as before.
func resetPeakRSS() {
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}
