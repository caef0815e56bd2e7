package scenario

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spotsim/spotsim/pricing"
)

// scenarios/resource-graph.yaml takes each pool's spot price and eviction
// rate from the outputs of Azure's two documented Resource Graph sample
// queries (hand-made in their shape): the latest price as a constant, the
// band as the hazard −ln(1 − p). Its sizes are written Standard_D4s_v4 in
// the scenario and standard_d4s_v4 in the exports: Azure's names match
// whatever the case.
func TestEvictionRateFromResourceGraph(t *testing.T) {
	s, err := Load("../../../scenarios/resource-graph.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []struct {
		price string
		band  string
	}{{"0.02304", "10-15"}, {"0.01844", "20+"}} {
		p := s.Config.Pools[i]
		if p.Spot == nil || len(p.Spot.Values) != 1 || pricing.Price(p.Spot.Values[0]).String() != want.price {
			t.Errorf("pool %d: spot %+v, want the constant %s", i, p.Spot, want.price)
		}
		if p.Hazard != pricing.EvictionBandHazard(want.band) {
			t.Errorf("pool %d: hazard %v, want the %s band's %v", i, p.Hazard, want.band, pricing.EvictionBandHazard(want.band))
		}
	}
	// The resolved file names the exports, pinned, and reads back the same.
	resolved, err := s.ResolvedYAML("test")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(resolved), "eviction_rate: {file: traces/resource-graph-evictions.json, format: resource-graph, sha256: ") {
		t.Fatalf("resolved:\n%s", resolved)
	}
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "traces"), os.DirFS("../../../scenarios/traces")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "resolved.yaml"), resolved, 0o644)
	again, err := Load(filepath.Join(dir, "resolved.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range s.Config.Pools {
		if again.Config.Pools[i].Hazard != s.Config.Pools[i].Hazard || again.Config.Pools[i].Spot.Values[0] != s.Config.Pools[i].Spot.Values[0] {
			t.Fatalf("pool %d reads back as %+v", i, again.Config.Pools[i])
		}
	}
}

func TestEvictionRateFileErrors(t *testing.T) {
	traces, err := filepath.Abs("../../../scenarios/traces")
	if err != nil {
		t.Fatal(err)
	}
	head := "name: t\nstart: 2026-01-05T00:00:00Z\nhorizon: 1d\npools:\n  - {region: westeurope, sku: Standard_D4s_v4, vcpus: 4, payg_price: 0.192, spot_price: 0.03, eviction_rate: "
	fleet := "}\nfleets:\n  - {name: w, region: westeurope, sku: Standard_D4s_v4, count: 1}\n"
	for _, c := range []struct{ rate, want string }{
		{"{file: " + traces + "/resource-graph-evictions.json, format: resource-graph}", "s.yaml:5:117: pools[0].eviction_rate.file: " + traces + "/resource-graph-evictions.json has no eviction rate for westeurope/Standard_D4s_v4; it has rates for eastus/standard_d2s_v4, eastus/standard_d4s_v4, southcentralus/standard_d2s_v4, southcentralus/standard_d4s_v4"},
		{"{file: " + traces + "/resource-graph-evictions.json, format: resource-graph, sha256: " + strings.Repeat("0", 64) + "}", "eviction_rate.sha256: 0000"},
		{"{file: " + traces + "/retail.json, format: resource-graph}", "retail.json: data: want the query's rows"},
		{"{file: " + traces + "/nothing.json, format: resource-graph}", "cannot read trace file"},
		{"{format: resource-graph}", "eviction_rate.file: missing"},
	} {
		dir := t.TempDir()
		path := filepath.Join(dir, "s.yaml")
		os.WriteFile(path, []byte(head+c.rate+fleet), 0o644)
		_, err := Load(path)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s:\n got %v\nwant %q", c.rate, err, c.want)
		}
	}
}
