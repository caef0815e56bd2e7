// Package traces reads, writes and draws spot price and capacity traces:
// the canonical long-format CSV (SPEC.md section 5) and its writer, the
// foreign formats planners hold (Azure's Retail Prices API and its dated
// snapshots, Resource Graph exports, AWS and GCP price histories,
// availability traces, fleet logs, SkyNomad's files), the correlated-reclaim
// fit of a capacity trace, and seeded synthetic traces. A trace is cut to a
// scenario's window as a pricing.Series.
//
// Nothing here reads files or the clock: readers take bytes, an io.Reader
// or an fs.FS and the name to put in their errors (cmd/internal/tracefile
// opens the files and knows which reader a format takes).
package traces
