package runner

import (
	"fmt"
	"io"
	"time"
)

// Times is where a run's wall time goes, for `spotsim run --timings`:
// reading and parsing the scenario and its traces (load), hashing the trace
// files (hash: other formats on another core while they are parsed, so
// within load; a canonical CSV only when its SHA-256 is needed, for the
// resolved file, so within write), the engine (simulate), and the result
// files and the printed summary (write).
type Times struct {
	Load, Hash, Simulate, Write time.Duration
}

// Lap adds the time since *t0 to *d and restarts the clock.
func Lap(d *time.Duration, t0 *time.Time) {
	now := time.Now()
	*d += now.Sub(*t0)
	*t0 = now
}

// Print writes the times as one line, for stderr.
func (p Times) Print(w io.Writer) {
	fmt.Fprintf(w, "timings: load %.3f s, hash %.3f s (within load and write), simulate %.3f s, write %.3f s\n",
		p.Load.Seconds(), p.Hash.Seconds(), p.Simulate.Seconds(), p.Write.Seconds())
}
