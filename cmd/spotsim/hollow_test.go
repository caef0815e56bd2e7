package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHollowWarnings: a trace carried far past its end and a fleet whose
// only create failed are warned about; the example warns about neither.
func TestHollowWarnings(t *testing.T) {
	prices, err := filepath.Abs(filepath.Join("..", "..", "scenarios", "example_prices.csv"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sc := filepath.Join(dir, "long.yaml")
	os.WriteFile(sc, []byte(`name: long
start: 2026-01-05T00:00:00Z
horizon: 90d
pools:
  - {region: eastus, sku: Standard_D2s_v5, vcpus: 2, payg_price: 0.096, spot_price: {csv: `+prices+`}}
fleets:
  - {name: a, region: eastus, sku: Standard_D2s_v5, count: 1}
  - {name: b, region: eastus, sku: Standard_D2s_v5, count: 2, max_price: 0.001}
`), 0o666)
	code, _, errs := spotsim(t, "run", sc, "--out", filepath.Join(dir, "r"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"ends at 2026-01-11T12:00:00Z, 83d12h before the horizon: its last value is carried for 93% of the run", "fleet b: all 2 creates failed"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if strings.Contains(errs, "fleet a") {
		t.Errorf("fleet a warned about:\n%s", errs)
	}
	// 1,993.5 of 2,000 days is not all of the run (it read "100%").
	long, _ := os.ReadFile(sc)
	os.WriteFile(filepath.Join(dir, "longer.yaml"), []byte(strings.Replace(string(long), "horizon: 90d", "horizon: 2000d", 1)), 0o666)
	if code, _, errs := spotsim(t, "run", filepath.Join(dir, "longer.yaml"), "--outputs", "summary", "--out", filepath.Join(dir, "r2")); code != 0 || !strings.Contains(errs, "carried for over 99% of the run") {
		t.Errorf("exit %d; stderr lacks \"carried for over 99%% of the run\":\n%s", code, errs)
	}
	// A sweep over it gives the scenario's warning once, not once a run.
	os.WriteFile(filepath.Join(dir, "sweep.yaml"), []byte("base: long.yaml\nreplications: 3\n"), 0o666)
	code, _, errs = spotsim(t, "sweep", filepath.Join(dir, "sweep.yaml"), "--out", filepath.Join(dir, "s"))
	if code != 0 || strings.Count(errs, "83d12h before the horizon") != 1 || !strings.Contains(errs, "and 2 more)") {
		t.Errorf("sweep: exit %d, stderr:\n%s\nwant the trace's warning once, for 3 runs", code, errs)
	}
	if code, _, errs := spotsim(t, "run", "--out", filepath.Join(dir, "ex")); code != 0 || strings.Contains(errs, "warning") {
		t.Errorf("the example: exit %d, stderr %q", code, errs)
	}
}
