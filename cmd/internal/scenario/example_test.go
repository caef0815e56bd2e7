package scenario_test

import (
	"fmt"

	"github.com/spotsim/spotsim/cmd/internal/scenario"
)

func ExampleParse() {
	s, err := scenario.Parse("scenario.yaml", []byte(`name: demo
start: 2026-01-05T00:00:00Z
horizon: 7d
pools:
  - {region: eastus, sku: Standard_D2s_v5, vcpus: 2, payg_price: 0.096, spot_price: 0.0192}
fleets:
  - {name: workers, region: eastus, sku: Standard_D2s_v5, count: 3, max_price: 0.04}
`), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	f := s.Config.Fleets[0]
	fmt.Println(s.Config.Horizon, f.Name, f.Count, f.MaxPrice, s.Config.Timings.Create)
	// Output:
	// 604800 workers 3 0.04 60
}

func ExampleParse_errors() {
	_, err := scenario.Parse("scenario.yaml", []byte(`name: demo
start: 2026-01-05T00:00:00Z
horizon: 7d
pools:
  - {region: eastus, sku: Standard_D2s_v5, vcpus: 2, payg_price: 0.096, spot_price: 0.0192}
fleets:
  - name: workers
    region: eastus
    sku: Standard_D2s_v5
    count: 0
    max_price: 0.123456
    colour: blue
`), nil)
	fmt.Println(err)
	// Output:
	// scenario.yaml:12:5: fleets[0].colour: unknown key; want one of name, region, sku, count, priority, max_price, eviction_policy, disk_price, create_at, after_eviction, tenant, subscription, tags, workload, regular_base, regular_percent_above_base, fallback, sizes, zones, allocation, capacity_unit, min_capacity, policy, overprovision, vm_names, vm_name_prefix, on_rebalance
	// scenario.yaml:10:12: fleets[0].count: 0 is not accepted; want a whole number of VMs from 1 to 1000000
	// scenario.yaml:11:16: fleets[0].max_price: 0.123456 has more than 5 decimal places; a max price is -1 or a decimal > 0 with at most 5 decimal places (MaxPriceValueInvalid)
}
