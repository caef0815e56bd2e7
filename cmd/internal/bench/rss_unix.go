//go:build unix

package bench

import (
	"os"
	"syscall"
)

// peakRSS is a finished child's peak resident set in bytes (Linux reports
// ru_maxrss in KiB).
func peakRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return int64(ru.Maxrss) * 1024
	}
	return 0
}
