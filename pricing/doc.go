// Package pricing holds spotsim's exact money arithmetic and its price and
// capacity series: money, series and curves.
//
// Prices are integer nano-dollars per hour (Price), so nine decimal places are
// exact and comparisons are integer compares (R5). Integrating a price over
// whole seconds gives an Accrued amount in nano-dollar-seconds per hour, which
// is also exact; only printing rounds, once, to micro-dollars. A Series is a
// step function of simulated time (a pool's spot price or capacity), a Curve
// its price integrated for billing; the eviction-rate bands Azure publishes
// are listed here once (bands.go).
//
// Reading, writing and drawing traces is package pricing/traces.
// Nothing here reads files or the clock.
package pricing
