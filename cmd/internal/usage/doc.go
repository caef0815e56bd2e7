// Package usage renders a run's metered usage (sim/meter's typed rows) as
// files: usage_hourly.csv and usage_daily.csv, FinOps FOCUS 1.2 or 1.3 with
// its metadata, and Azure's EA and MCA cost-details files. It owns the
// files' columns, Azure's meter and resource names and the formatting; the
// amounts, their periods and their cumulative rounding are the meter's, so
// every file's costs add up exactly to summary.csv's.
package usage
