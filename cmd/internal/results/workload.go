package results

import (
	"fmt"
	"io"

	"github.com/spotsim/spotsim/cmd/internal/csvw"
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
	out := csvw.New(w, workloadColumns)
	ck := csvw.NewClock(start)
	for _, p := range res.Workload {
		f, err := fleetOf(res, p.Fleet)
		if err != nil {
			return fmt.Errorf("workload: %w", err)
		}
		out.Bytes(ck.At(p.Time))
		out.Str(f.Name)
		out.Str(f.Workload.Kind.String())
		out.Int(int64(p.Running))
		out.Int(int64(p.Wanted))
		if f.Workload.Kind == sim.Batch {
			out.Str(hours(p.WorkDone))
			out.Str(hours(p.WorkLost))
		} else {
			out.Str("")
			out.Str("")
		}
		out.End()
	}
	return out.Flush()
}
