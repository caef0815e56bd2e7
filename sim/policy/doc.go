// Package policy is the tick model of the deadline-aware spot papers — Can't
// Be Late (Wu et al., NSDI 2024) and SkyNomad — for one job in one region:
// time is cut into ticks of a trace's gap, spot is available or not for a
// whole tick, and at the start of each tick a policy chooses spot, regular or
// nothing for that tick. It runs the batch policies spotsim offers
// (greedy, uniform_progress, revert_to_spot, spot_only, regular_only), the
// optimal-in-hindsight baseline (dynamic programming over ticks) and the
// service policy (overprovision with a dynamic regular fallback), so that a
// planner can compare them on real traces and so that spotsim can reproduce
// a published table (docs/policies.md).
//
// Money is exact: prices are pricing.Price, costs pricing.Accrued. The
// package reads no files; pricing reads the traces.
package policy
