//go:build !amd64

package sim

// prefetch does nothing where spotsim has no assembly for it: warm then
// costs a call and saves nothing.
func prefetch(addr uintptr, lines int) {}
