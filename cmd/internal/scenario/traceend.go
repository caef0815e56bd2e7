package scenario

import (
	"fmt"

	"github.com/spotsim/spotsim/cmd/internal/timefmt"
	"github.com/spotsim/spotsim/pricing/traces"
)

// traceEndWarnings: a trace whose last point is long before the horizon
// has its last value carried to the end (the rule for traces), which is
// right for a trace that changes rarely and hollow for a month of history
// stretched over years. Warned when the carry is over a week and longer
// than the stretch the trace covers within the run.
func (s *Scenario) traceEndWarnings() []string {
	var out []string
	for _, k := range s.sourceOrder() {
		ref := s.sources[k]
		var times []int64
		for _, p := range s.Config.Pools {
			if p.Region != k.pool.Region || p.SKU != k.pool.SKU || p.Zone != k.pool.Zone {
				continue
			}
			if k.kind == traces.PriceTrace && p.Spot != nil {
				times = p.Spot.Times
			} else if k.kind == traces.CapacityTrace {
				times = p.Capacity.Times
			}
		}
		if len(times) == 0 {
			continue
		}
		// A file whose last point is at or past the horizon covers the run,
		// however rarely its value changes.
		last := max(times[len(times)-1], ref.lastAt)
		if last >= s.Config.Horizon {
			continue
		}
		carry := s.Config.Horizon - last
		if carry > 7*86400 && carry > last {
			// A carry short of the whole run never reads 100 %.
			share := fmt.Sprintf("%.0f%%", 100*float64(carry)/float64(s.Config.Horizon))
			if share == "100%" && carry < s.Config.Horizon {
				share = "over 99%"
			}
			out = append(out, fmt.Sprintf("trace %s ends at %s, %s before the horizon: its last value is carried for %s of the run", ref.path,
				timefmt.At(s.Config.Start, last), formatDuration(carry), share))
		}
	}
	return out
}
