package results

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/spotsim/spotsim/sim"
)

var timelineColumns = []string{"time", "fleet", "state", "vms"}

// WriteTimeline writes timeline.csv: how many of each fleet's VMs are in
// each state, one row per (fleet, state) whose count changed, at the instant
// it changed. It is the sparse form of a step function: a count holds until
// the fleet's next row for that state, and a notebook gets the full table
// with a pivot and a forward fill.
//
// Counts are taken after every event of an instant, so a VM that passes
// through a state within one instant (creating, with a 0s create timing)
// leaves no row. Deleted VMs have left the fleet and are not counted, so the
// counts of one row's instant sum to the fleet's size. Events must have been
// recorded (Outputs.Record asks for them when timeline is wanted).
func WriteTimeline(w io.Writer, res *sim.Result) error {
	start := res.Config.Start
	nf := len(res.Config.Fleets)
	counts := make([][sim.NumStates]int, nf)
	shown := make([][sim.NumStates]int, nf)
	touched := make([]bool, nf)
	cw := csv.NewWriter(w)
	if err := cw.Write(timelineColumns); err != nil {
		return err
	}
	flush := func(t int64) error {
		for f := range nf {
			if !touched[f] {
				continue
			}
			touched[f] = false
			for s := range sim.NumStates {
				if sim.State(s) == sim.Deleted || counts[f][s] == shown[f][s] {
					continue
				}
				shown[f][s] = counts[f][s]
				row := []string{at(start, t), res.Config.Fleets[f].Name, sim.State(s).String(), strconv.Itoa(counts[f][s])}
				if err := cw.Write(row); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for i := range res.Events {
		e := &res.Events[i]
		if i > 0 && e.Time != res.Events[i-1].Time {
			if err := flush(res.Events[i-1].Time); err != nil {
				return err
			}
		}
		if e.From == e.To {
			continue
		}
		if e.Fleet < 0 || e.Fleet >= nf {
			return fmt.Errorf("timeline: event %d: fleet index %d out of range [0, %d)", i+1, e.Fleet, nf)
		}
		for _, s := range []sim.State{e.From, e.To} {
			if s != sim.NoState && int(s) >= sim.NumStates {
				return fmt.Errorf("timeline: event %d (vm %d): bad state %d", i+1, e.VM, s)
			}
		}
		// A create brings a VM into being, whatever it names as its
		// from state.
		if e.From != sim.NoState && e.Kind != sim.EvCreate {
			counts[e.Fleet][e.From]--
			if counts[e.Fleet][e.From] < 0 {
				return fmt.Errorf("timeline: event %d (vm %d): leaves %s, which no VM of fleet %s is in", i+1, e.VM, e.From, res.Config.Fleets[e.Fleet].Name)
			}
		}
		if e.To != sim.NoState {
			counts[e.Fleet][e.To]++
		}
		touched[e.Fleet] = true
	}
	if n := len(res.Events); n > 0 {
		if err := flush(res.Events[n-1].Time); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
