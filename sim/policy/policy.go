package policy

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/spotsim/spotsim/pricing"
)

// Choice is what runs during one tick.
type Choice uint8

const (
	None Choice = iota
	Spot
	Regular
)

var choiceNames = [...]string{"none", "spot", "regular"}

func (c Choice) String() string { return choiceNames[c] }

// Kind is a batch policy.
type Kind uint8

const (
	// Greedy runs on spot when it is available and waits otherwise; at the
	// last tick from which a regular VM (restart overhead included) still
	// meets the deadline it switches to regular and stays there. It is
	// spotsim's `fallback: {deadline: true}` and Can't Be Late's greedy.
	Greedy Kind = iota
	// UniformProgress is Can't Be Late's policy, as its sky_spot code
	// (rc_cr_threshold) has it; see rules.go.
	UniformProgress
	// RevertToSpot is Greedy that goes back to spot when spot is available
	// again and two restart overheads still fit before the deadline.
	RevertToSpot
	// SpotOnly runs on spot whenever it is available, with no deadline rule.
	SpotOnly
	// RegularOnly runs on regular from the first tick.
	RegularOnly
)

var kindNames = [...]string{"greedy", "uniform_progress", "revert_to_spot", "spot_only", "regular_only"}

func (k Kind) String() string { return kindNames[k] }

// Kinds is every batch policy, in the order of kindNames.
var Kinds = []Kind{Greedy, UniformProgress, RevertToSpot, SpotOnly, RegularOnly}

// ParseKind reads a policy name.
func ParseKind(s string) (Kind, error) {
	for i, n := range kindNames {
		if n == s {
			return Kind(i), nil
		}
	}
	return 0, fmt.Errorf("unknown policy %q; want one of greedy, uniform_progress, revert_to_spot, spot_only, regular_only", s)
}

// Market is one region's spot market on a tick grid.
type Market struct {
	Gap     int64           // seconds per tick; > 0
	Avail   []bool          // spot can run during tick i
	Spot    []pricing.Price // spot price during tick i; len(Avail)
	Regular pricing.Price   // regular (pay-as-you-go / on-demand) price
}

// Job is a batch job: Work seconds of progress due Deadline seconds after
// the first tick; every start (spot or regular) spends Overhead seconds
// without progress, billed.
type Job struct {
	Work, Deadline, Overhead int64
}

// Result is one policy's run.
type Result struct {
	Policy      string
	Cost        pricing.Accrued
	Done        bool  // the work was finished within the market's ticks
	CompletedAt int64 // seconds from the first tick to the last second of work; the end of the market if not Done
	DeadlineMet bool
	SpotTicks   int64 // billed ticks on spot
	RegTicks    int64 // billed ticks on regular
	Restarts    int64 // starts of a VM (each pays the overhead)
	Gap         int64
	// Plan is the choice for each tick until the work was done, when asked.
	Plan []Choice
}

// SpotHours and RegularHours are the billed hours on each kind of VM.
func (r Result) SpotHours() float64    { return float64(r.SpotTicks*r.Gap) / 3600 }
func (r Result) RegularHours() float64 { return float64(r.RegTicks*r.Gap) / 3600 }

// CostUSD is the cost in dollars, for reports.
func (r Result) CostUSD() float64 {
	f, _ := new(big.Float).SetInt(r.Cost.Big()).Float64()
	return f / (3600 * pricing.NanosPerDollar)
}

func (m Market) check(j Job) error {
	switch {
	case m.Gap <= 0:
		return errors.New("policy: the market's gap must be > 0")
	case len(m.Spot) != len(m.Avail):
		return fmt.Errorf("policy: %d spot prices for %d ticks", len(m.Spot), len(m.Avail))
	case j.Work <= 0:
		return errors.New("policy: the work must be > 0")
	case j.Overhead < 0 || j.Deadline < 0:
		return errors.New("policy: overhead and deadline must be >= 0")
	}
	return nil
}
