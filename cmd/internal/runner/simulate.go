// Package runner runs a scenario into a results folder for `spotsim run`:
// the engine with its failures reported as bugs (Simulate), once or once per
// replication seed (Replications), the copies of the traces a resolved
// scenario names, the memory estimate checked before a run or sweep
// starts, the warnings of results that look like answers and are not, and
// where a run's wall time goes (--timings). The CLI parses flags and calls
// it; it knows no flags itself.
package runner

import (
	"github.com/spotsim/spotsim/cmd/internal/bug"
	"github.com/spotsim/spotsim/sim"
)

// Sim is the engine; tests replace it to check how a bug is reported.
var Sim = sim.Run

// Simulate runs a scenario's configuration. The scenario was validated when
// it was read, so an engine error, like a panic, is a bug: exit 1, never 2.
func Simulate(cfg *sim.Config) (res *sim.Result, err error) {
	defer bug.Catch(&err, cfg.Name)
	res, err = Sim(cfg)
	if err != nil {
		return nil, bug.New(cfg.Name, err)
	}
	return res, nil
}
