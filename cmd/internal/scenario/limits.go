package scenario

import (
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/spotsim/spotsim/sim"
)

// Limits on what one input may ask for, beyond which it is surely a typo
// and would only exhaust memory (README, Reliability). They are checked by
// validate with a positioned error that gives the limit.
const (
	// MaxSweepRuns bounds a sweep's runs (points × replications): each is a
	// folder of files, and the list of runs is held in memory.
	MaxSweepRuns = 100_000
	// MaxReplications bounds the seeds of one scenario or sweep point:
	// `replications:` in a scenario or a sweep file and --replications.
	MaxReplications = 10_000
	// MaxVMs bounds the VMs a scenario's fleets may want at once, summed
	// over fleets at their largest count (scale actions included): each
	// fleet is capped at a million, and 20 of them passed 6 GB.
	MaxVMs = 5_000_000
	// maxNameLen bounds a scenario's name: it names the results folder,
	// and most file systems allow 255 bytes for one name.
	maxNameLen = 100
)

// checkSweepSize refuses a grid whose runs would pass MaxSweepRuns, before
// any of them is expanded.
func (d *decoder) checkSweepSize(root *yaml.Node, axes []axis, replications int) {
	runs := replications
	sizes := map[string]int{}
	for _, a := range axes {
		key := a.path
		if a.zipped {
			key = a.group
		}
		sizes[key] = len(a.values)
	}
	node := root
	if len(axes) > 0 {
		node = axes[0].keyNode
	}
	for _, n := range sizes {
		if runs > MaxSweepRuns/n {
			runs = MaxSweepRuns + 1
			break
		}
		runs *= n
	}
	if runs > MaxSweepRuns {
		d.fail(node, "grid", "the sweep has more than %d runs (values multiplied over the grid, times replications); at most %d: each run is a folder of results, and spotsim lists them all in memory — split the sweep", MaxSweepRuns, MaxSweepRuns)
	}
}

// checkFleetTotal refuses fleets that together want more than MaxVMs VMs.
// peak is each fleet's largest count, its scale actions included.
func (d *decoder) checkFleetTotal(fleets *yaml.Node, peak []int64) {
	var total int64
	for i, p := range peak {
		total += p
		if total > MaxVMs {
			node := fleets
			if fleets != nil && i < len(deref(fleets).Content) {
				node = deref(fleets).Content[i]
			}
			d.fail(node, fmt.Sprintf("fleets[%d].count", i), "the fleets up to here want %d VMs at once (counts and scale actions); at most %d in all: each VM's record costs memory for the whole run", total, MaxVMs)
			return
		}
	}
}

// PeakCounts is each fleet's largest count: its count, or a scale action's.
func PeakCounts(c *sim.Config) []int64 {
	peak := make([]int64, len(c.Fleets))
	for i, f := range c.Fleets {
		peak[i] = int64(f.Count)
	}
	for _, a := range c.Actions {
		if a.Op == sim.OpScale && a.Fleet >= 0 && a.Fleet < len(peak) {
			peak[a.Fleet] = max(peak[a.Fleet], int64(a.Count))
		}
	}
	return peak
}
