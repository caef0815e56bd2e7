// Package results writes a run's results folder: the CSV
// files a notebook reads, the Scheduled Events notices, the resolved
// scenario, and the short summary a person reads on stdout.
//
// Every figure is rendered from sim.Result's exact integers; money is rounded
// once, to micro-dollars, when it is printed, and the same Result always gives
// the same bytes.
package results

import (
	"fmt"
	"strings"

	"github.com/spotsim/spotsim/sim"
)

// Output is one file of the results folder that a run may be asked to write.
type Output uint8

const (
	Summary        Output = iota // summary.csv
	Fleets                       // fleets.csv
	VMs                          // vms.csv
	Events                       // events.csv
	Notices                      // notices.jsonl
	Resolved                     // scenario.resolved.yaml
	Timeline                     // timeline.csv
	Prices                       // prices.csv
	UsageHourly                  // usage_hourly.csv
	UsageDaily                   // usage_daily.csv
	FOCUS                        // focus.csv and focus_metadata.json
	WorkloadSeries               // workload.csv
	FleetPools                   // fleet_pools.csv
	AzureEA                      // azure_ea_cost_details.csv, Azure's EA cost-details file
	AzureMCA                     // azure_mca_cost_details.csv, Azure's MCA cost-details file
	numOutputs
)

var outputNames = [numOutputs]string{"summary", "fleets", "vms", "events", "notices", "resolved", "timeline", "prices", "usage_hourly", "usage_daily", "focus", "workload", "fleet_pools", "azure_ea", "azure_mca"}

var outputFiles = [numOutputs]string{"summary.csv", "fleets.csv", "vms.csv", "events.csv", "notices.jsonl", "scenario.resolved.yaml", "timeline.csv", "prices.csv", "usage_hourly.csv", "usage_daily.csv", "focus.csv", "workload.csv", "fleet_pools.csv", "azure_ea_cost_details.csv", "azure_mca_cost_details.csv"}

func (o Output) String() string {
	if o < numOutputs {
		return outputNames[o]
	}
	return fmt.Sprintf("Output(%d)", uint8(o))
}

// File is the output's file name inside the results folder.
func (o Output) File() string { return outputFiles[o] }

// OutputNames lists the names ParseOutputs accepts besides "all", for flag
// help and error messages: "summary, fleets, vms, events, notices, resolved, timeline, prices".
func OutputNames() string { return strings.Join(outputNames[:], ", ") }

// Outputs is a set of outputs.
type Outputs uint32

// AllOutputs is every output; what `spotsim run` writes by default.
const AllOutputs Outputs = 1<<numOutputs - 1

// Has reports whether x is in the set.
func (o Outputs) Has(x Output) bool { return x < numOutputs && o&(1<<x) != 0 }

// String is the comma-separated form ParseOutputs reads back.
func (o Outputs) String() string {
	if o == AllOutputs {
		return "all"
	}
	var names []string
	for x := range numOutputs {
		if o.Has(x) {
			names = append(names, x.String())
		}
	}
	return strings.Join(names, ",")
}

// Files are the files of the outputs in the set, in Output order.
func (o Outputs) Files() []string {
	var out []string
	for x := range numOutputs {
		if o.Has(x) {
			out = append(out, x.File())
		}
	}
	return out
}

// Record is what the simulation must keep for these outputs: a summary-only
// sweep should not pay for a log of every event.
func (o Outputs) Record() sim.Record {
	// timeline.csv is computed from the event log.
	// The usage files count evictions from it too, and need every billed
	// interval.
	usage := o.Has(UsageHourly) || o.Has(UsageDaily) || o.Has(FOCUS) || o.Has(AzureEA) || o.Has(AzureMCA)
	return sim.Record{Events: o.Has(Events) || o.Has(Timeline) || usage, Notices: o.Has(Notices), Usage: usage, Workload: o.Has(WorkloadSeries)}
}

// ParseOutputs reads a comma-separated list of output names, or "all".
func ParseOutputs(s string) (Outputs, error) {
	var set Outputs
	for _, item := range strings.Split(s, ",") {
		name := strings.TrimSpace(item)
		if name == "all" {
			set = AllOutputs
			continue
		}
		x, ok := parseOutput(name)
		if !ok {
			if name == "" {
				return 0, fmt.Errorf("outputs %q: empty name; want a comma-separated list of %s, or all", s, OutputNames())
			}
			return 0, fmt.Errorf("outputs %q: unknown output %q; want a comma-separated list of %s, or all", s, name, OutputNames())
		}
		set |= 1 << x
	}
	return set, nil
}

func parseOutput(name string) (Output, bool) {
	for i, n := range outputNames {
		if n == name {
			return Output(i), true
		}
	}
	return 0, false
}
