// Package pricing holds spotsim's exact money arithmetic and its price and
// capacity series.
//
// Prices are integer nano-dollars per hour (Price), so nine decimal places are
// exact and comparisons are integer compares (R5). Integrating a price over
// whole seconds gives an Accrued amount in nano-dollar-seconds per hour, which
// is also exact; only printing rounds, once, to micro-dollars.
//
// Nothing here reads files or the clock: readers take an io.Reader and the
// name to put in their errors.
package pricing
