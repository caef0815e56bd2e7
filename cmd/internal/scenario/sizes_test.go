package scenario

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/spotsim/spotsim/sim"
)

// Limits and rules from Azure's pages: at most 15 sizes (azure-compute-fleet
// faq.yml; Instance Mix 5, instance-mix-overview.md), rank only with
// Prioritized (instance-mix-overview.md), no B-series or promo sizes for
// spot (faq.yml, R10).

// mixHead is a scenario top with three sizes in zones 1 and 2 of eastus,
// and a regional B-series pool.
func mixHead() string {
	var b strings.Builder
	b.WriteString("name: t\nstart: 2026-01-05T00:00:00Z\nhorizon: 24h\npools:\n")
	for _, sku := range []string{"Standard_D2s_v5", "Standard_D2as_v5", "Standard_D4s_v5"} {
		for _, z := range []string{"1", "2"} {
			fmt.Fprintf(&b, "  - {region: eastus, zone: %q, sku: %s, vcpus: 2, payg_price: 0.096, spot_price: 0.02}\n", z, sku)
		}
	}
	b.WriteString("  - {region: eastus, sku: Standard_B2s, vcpus: 2, payg_price: 0.04, spot_price: 0.01}\n")
	return b.String()
}

func TestFleetSizesErrors(t *testing.T) {
	f := func(keys string) string {
		return mixHead() + "fleets:\n  - {name: w, region: eastus, count: 4, " + keys + "}\n"
	}
	tooMany := "["
	for i := range MaxSizes + 1 {
		if i > 0 {
			tooMany += ", "
		}
		tooMany += fmt.Sprintf("Standard_D%ds_v5", 2*(i+1))
	}
	tooMany += "]"
	for _, tc := range []struct{ name, yaml, want string }{
		{"unknown strategy", f("sizes: [Standard_D2s_v5], zones: [1], allocation: " + mark + "cheapest"),
			`fleets[0].allocation: "cheapest" is not accepted; want lowest_price, capacity_optimized, price_capacity_optimized or prioritized`},
		{"prioritized without ranks", f("sizes: [" + mark + "Standard_D2s_v5], zones: [1], allocation: prioritized"),
			"fleets[0].sizes[0]: Standard_D2s_v5 has no rank; allocation: prioritized needs {sku: Standard_D2s_v5, rank: N} for every size"},
		{"rank without prioritized", f("sizes: [{sku: " + mark + "Standard_D2s_v5, rank: 1}], zones: [1]"),
			"fleets[0].sizes[0].sku: Standard_D2s_v5 has a rank, which only allocation: prioritized uses"},
		{"more sizes than Azure allows", f("sizes: " + mark + tooMany + ", zones: [1]"),
			"fleets[0].sizes: lists 16 sizes; Azure Compute Fleet takes at most 15"},
		{"sku and sizes", f("sku: Standard_D2s_v5, sizes: " + mark + "[Standard_D2s_v5]"),
			"fleets[0].sizes: give either sku (one size) or sizes (several), not both"},
		{"a B-series size", f("sizes: [Standard_D2s_v5, " + mark + "Standard_B2s]"),
			"fleets[0].sizes[1]: Standard_B2s cannot be spot: B-series and promo sizes cannot be spot (R10)"},
		{"a size with no pool", f("sizes: [Standard_D2s_v5, " + mark + "Standard_E2s_v5], zones: [1]"),
			"fleets[0].sizes[1]: no pool eastus/Standard_E2s_v5 zone 1 is defined; want one of"},
		{"a zone with no pool", f("sizes: [Standard_D2s_v5], zones: [1, " + mark + "3]"),
			"fleets[0].zones[1]: no pool eastus/Standard_D2s_v5 zone 3 is defined"},
		{"a zone twice", f("sizes: [Standard_D2s_v5], zones: [1, " + mark + "1]"),
			"fleets[0].zones[1]: zone 1 is listed twice"},
		{"a size twice", f("sizes: [Standard_D2s_v5, " + mark + "Standard_D2s_v5], zones: [1]"),
			"fleets[0].sizes[1]: Standard_D2s_v5 is already sizes[0]; want each size once"},
		{"vcpu target on a batch", f("sizes: [Standard_D2s_v5], zones: [1], workload: {type: batch, work: 10h}, capacity_unit: " + mark + "vcpu"),
			"fleets[0].capacity_unit: vcpu is for services and plain fleets"},
		{"min capacity above count", f("sizes: [Standard_D2s_v5], zones: [1], min_capacity: " + mark + "5"),
			"fleets[0].min_capacity: 5 is not accepted; want a whole number from 1 to the fleet's count, 4"},
		{"duplicate zonal pool", strings.Replace(mixHead(), `zone: "2", sku: Standard_D2s_v5`, `zone: "1", sku: Standard_D2s_v5`, 1) + fleet(""),
			"pools[1]: pool eastus/Standard_D2s_v5 zone 1 is already defined by pools[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, pos := tc.yaml, ""
			if strings.Contains(src, mark) {
				var line, col int
				src, line, col = marked(t, src)
				pos = fmt.Sprintf("test.yaml:%d:%d", line, col)
			}
			_, err := Parse("test.yaml", []byte(src), openTest)
			if pos == "" {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("error %v; want one holding %q", err, tc.want)
				}
				return
			}
			assertProblem(t, err, pos, tc.want)
		})
	}
}

// A fleet over sizes and zones decodes to every size × zone pool in the
// order listed (sizes outer), and the resolved file reads back the same.
func TestFleetSizesDecode(t *testing.T) {
	src := mixHead() + "fleets:\n  - {name: w, region: eastus, count: 8, sizes: [{sku: Standard_D4s_v5, rank: 0}, {sku: Standard_D2s_v5, rank: 3}], zones: [2, 1], allocation: prioritized, capacity_unit: vcpu, min_capacity: 4}\n"
	s, err := Parse("test.yaml", []byte(src), openTest)
	if err != nil {
		t.Fatal(err)
	}
	f := s.Config.Fleets[0]
	// Pools: D2s 1, D2s 2, D2as 1, D2as 2, D4s 1, D4s 2, B2s.
	want := []sim.FleetPool{{Pool: 5, Rank: 0}, {Pool: 4, Rank: 0}, {Pool: 1, Rank: 3}, {Pool: 0, Rank: 3}}
	if !reflect.DeepEqual(f.Pools, want) || f.Pool != 5 || f.Allocation != sim.Prioritized || f.Unit != sim.UnitVCPUs || f.MinCapacity != 4 {
		t.Fatalf("fleet %+v; want pools %v, prioritized, vcpu, min 4", f, want)
	}
	resolved, err := s.ResolvedYAML("test")
	if err != nil {
		t.Fatal(err)
	}
	again, err := Parse("r.yaml", resolved, nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, resolved)
	}
	if !reflect.DeepEqual(again.Config.Fleets, s.Config.Fleets) || !reflect.DeepEqual(again.Config.Pools[0].Zone, "1") {
		t.Errorf("resolved reads back\n%+v\nwant\n%+v", again.Config.Fleets, s.Config.Fleets)
	}
}
