//go:build !linux

package bench

// resetPeakRSS has nothing to reset where the kernel does not carry a
// parent's peak RSS into its children's (hiwater_linux.go).
func resetPeakRSS() {}
