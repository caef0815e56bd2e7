package results_test

import (
	"fmt"

	"github.com/spotsim/spotsim/cmd/internal/results"
)

func ExampleParseOutputs() {
	outs, err := results.ParseOutputs("summary,events")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(outs, outs.Has(results.Summary), outs.Has(results.VMs))
	fmt.Printf("%+v\n", outs.Record())

	_, err = results.ParseOutputs("summary,costs")
	fmt.Println(err)
	// Output:
	// summary,events true false
	// {Events:true Notices:false Usage:false Workload:false}
	// outputs "summary,costs": unknown output "costs"; want a comma-separated list of summary, fleets, vms, events, notices, resolved, timeline, prices, usage_hourly, usage_daily, focus, workload, fleet_pools, azure_ea, azure_mca, or all
}
