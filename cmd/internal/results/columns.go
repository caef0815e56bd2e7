package results

import "slices"

// SummaryColumns are summary.csv's columns, for a reader that checks a
// file it is given (a sweep gathering its runs).
func SummaryColumns() []string { return slices.Clone(summaryColumns) }

// FleetColumns are fleets.csv's columns.
func FleetColumns() []string { return slices.Clone(fleetColumns) }
