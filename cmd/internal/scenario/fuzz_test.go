package scenario

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	examples "github.com/spotsim/spotsim/scenarios"
)

// fuzzOpen serves the test traces and the example's, so that seeds naming
// either reach the trace code.
func fuzzOpen(rel string) ([]byte, error) {
	if data, err := fs.ReadFile(examples.Example, rel); err == nil {
		return data, nil
	}
	return openTest(rel)
}

// FuzzParse checks that Parse never panics, and that whatever it accepts
// survives the trip through ResolvedYAML unchanged.
func FuzzParse(f *testing.F) {
	f.Add([]byte(valid))
	if data, err := examples.Example.ReadFile(examples.ExampleFile); err == nil {
		f.Add(data)
	}
	paths, _ := filepath.Glob(filepath.Join(acceptanceCases, "*", "scenario.yaml"))
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	for _, src := range []string{
		head("{csv: prices.csv}") + fleet(", max_price: 0.04, after_eviction: {restart: 1h}") +
			"actions:\n  - {at: 1h, fleet: w, op: set_max_price, max_price: 0.05}\n  - {at: 2h, fleet: w, op: scale, count: 3}\n",
		head("0.02, capacity: {csv: capacity.csv}") + fleet(", eviction_policy: delete, after_eviction: {replace: 5m}") +
			"notice: {min: 0s, max: 30s}\nquota: [{region: eastus, spot_vcpus: 4}]\noffer: csp\nbilling: {stopped: {compute: false}}\n",
		head("0.02") + "fleets:\n  - &w {name: w, region: eastus, sku: Standard_D2s_v5, count: 1}\n  - {<<: *w, name: v}\n",
		head("0.02, hazard: 0.1, reclaims: {share: [{share: 0.5, weight: 1}], recovery: {mean: 1h}, group: g}, rebalance: {lead: {min: 1m, max: 1h}}") +
			fleet(", on_rebalance: {launch_before_terminate: 2m}") + "notice: [{lead: 5s, weight: 3}, {lead: 30s, weight: 1}]\n",
		head("{csv: late.csv}") + fleet(""),
		head("{csv: unsorted.csv}") + fleet(""),
	} {
		f.Add([]byte(src))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("fuzz.yaml", data, fuzzOpen)
		if err != nil {
			if s != nil {
				t.Fatalf("Parse returned a scenario with error %v", err)
			}
			_ = err.Error()
			return
		}
		roundTrip(t, s, fuzzOpen)
	})
}
