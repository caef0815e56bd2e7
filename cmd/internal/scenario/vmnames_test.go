package scenario

import (
	"reflect"
	"strings"
	"testing"
)

const namedFleets = `name: n
start: 2026-01-05T00:00:00Z
horizon: 1d
pools:
  - {region: eastus, sku: Standard_D2s_v5, vcpus: 2, payg_price: 0.096, spot_price: 0.02}
fleets:
  - {name: a, region: eastus, sku: Standard_D2s_v5, count: 2, vm_names: scale_set, vm_name_prefix: aks-spot-12345678-vmss}
  - {name: b, region: eastus, sku: Standard_D2s_v5, count: 1, vm_names: scale_set}
  - {name: c, region: eastus, sku: Standard_D2s_v5, count: 1}
`

func TestVMNames(t *testing.T) {
	s := mustParse(t, namedFleets)
	var got []string
	for _, f := range s.Config.Fleets {
		p, sep := f.VMNaming()
		got = append(got, p+string(sep))
	}
	if strings.Join(got, " ") != "aks-spot-12345678-vmss_ b_ c-" {
		t.Fatalf("naming %q", got)
	}
	// The resolved file keeps the naming.
	b, err := s.ResolvedYAML("test")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "vm_names: scale_set") || !strings.Contains(string(b), "vm_name_prefix: aks-spot-12345678-vmss") {
		t.Fatalf("resolved file:\n%s", b)
	}
	if again := mustParse(t, string(b)); !reflect.DeepEqual(again.Config.Fleets, s.Config.Fleets) {
		t.Fatalf("resolved file reads back as\n%+v\nwant\n%+v", again.Config.Fleets, s.Config.Fleets)
	}
}

func TestVMNamesRejected(t *testing.T) {
	for _, tc := range []struct{ fleets, want string }{
		{"  - {name: a, region: eastus, sku: Standard_D2s_v5, count: 1, vm_names: vmss}\n", "fleets[0].vm_names: \"vmss\" is not accepted; want dash or scale_set"},
		{"  - {name: a, region: eastus, sku: Standard_D2s_v5, count: 1, vm_name_prefix: -x}\n", "fleets[0].vm_name_prefix"},
		{"  - {name: a, region: eastus, sku: Standard_D2s_v5, count: 1, vm_name_prefix: \"a b\"}\n", "fleets[0].vm_name_prefix"},
		// Two fleets whose VMs would share names.
		{"  - {name: a, region: eastus, sku: Standard_D2s_v5, count: 1}\n  - {name: b, region: eastus, sku: Standard_D2s_v5, count: 1, vm_name_prefix: a}\n",
			"fleets[1].vm_name_prefix: names VMs a-<n>, as fleets[0] does"},
	} {
		src := namedFleets[:strings.Index(namedFleets, "fleets:\n")+len("fleets:\n")] + tc.fleets
		_, err := Parse("test.yaml", []byte(src), openTest)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.fleets, err, tc.want)
		}
	}
}
