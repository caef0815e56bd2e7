package results

import (
	"fmt"
	"io"

	"github.com/spotsim/spotsim/sim"
)

var workloadColumns = []string{"time", "fleet", "workload", "running", "wanted", "work_done_hours", "work_lost_hours"}

// WriteWorkload writes workload.csv: each workload fleet's VMs running and
// wanted, and for a batch its work saved and lost so far, after every
// change (steps: a row holds until the fleet's next one). Charts draw
// availability and batch progress over time from it.
func WriteWorkload(w io.Writer, res *sim.Result) error {
	start := res.Config.Start
	if !res.Config.Record.Workload {
		return fmt.Errorf("workload: the run did not record it (set sim.Config.Record from Outputs.Record)")
	}
	out := newRows(w, workloadColumns)
	ck := newClock(start)
	for _, p := range res.Workload {
		f, err := fleetOf(res, p.Fleet)
		if err != nil {
			return fmt.Errorf("workload: %w", err)
		}
		out.bytes(ck.at(p.Time))
		out.str(f.Name)
		out.str(f.Workload.Kind.String())
		out.int(int64(p.Running))
		out.int(int64(p.Wanted))
		if f.Workload.Kind == sim.Batch {
			out.str(hours(p.WorkDone))
			out.str(hours(p.WorkLost))
		} else {
			out.str("")
			out.str("")
		}
		out.end()
	}
	return out.flush()
}
