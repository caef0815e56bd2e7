package scenario

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Foreign trace references: what each format accepts, and the positioned
// errors for the rest.
func TestForeignTraceRefs(t *testing.T) {
	traces, err := filepath.Abs("../../../scenarios/traces")
	if err != nil {
		t.Fatal(err)
	}
	head := "name: t\nstart: 2026-01-05T00:00:00Z\nhorizon: 7d\npools:\n  - region: eastus\n    sku: Standard_D2s_v5\n    vcpus: 2\n    payg_price: 0.096\n"
	fleet := "fleets:\n  - {name: w, region: eastus, sku: Standard_D2s_v5, count: 1}\n"
	for _, c := range []struct{ pool, want string }{
		{"    spot_price: {file: " + traces + "/retail.json, format: azure-retail}\n", ""},
		{"    spot_price: {file: " + traces + "/snapshots, format: azure-snapshots}\n", ""},
		{"    spot_price: 0.02\n    capacity: {file: " + traces + "/availability.json, format: availability}\n", ""},
		{"    spot_price: {file: " + traces + "/retail.json, format: azure-snapshots}\n", "cannot read the folder"},
		{"    spot_price: {file: " + traces + "/retail.json, format: oracle}\n", `spot_price.format: "oracle" is not accepted; want csv, azure-retail, azure-snapshots, resource-graph, aws, availability, fleet-log, skynomad-prices, skynomad-availability or gcp`},
		{"    spot_price: {file: " + traces + "/retail.json, format: aws}\n", "retail.json: SpotPriceHistory: want a list"},
		{"    spot_price: 0.02\n    capacity: {file: " + traces + "/fleet.csv, format: fleet-log, start: 2026-01-05T00:00:00Z}\n", ""},
		{"    spot_price: {file: " + traces + "/retail.json}\n", "pools[0].spot_price.format: missing"},
		{"    spot_price: {csv: x.csv, file: y.csv, format: csv}\n", "give either csv: PATH or file: PATH"},
		{"    spot_price: {file: " + traces + "/availability.json, format: availability}\n", "availability holds capacity, not prices"},
		{"    spot_price: 0.02\n    capacity: {file: " + traces + "/retail.json, format: azure-retail}\n", "azure-retail holds spot prices, not capacity"},
		{"    spot_price: {file: " + traces + "/retail.json, format: azure-retail, start: 2026-01-01T00:00:00Z}\n", "only an availability, fleet-log or skynomad-prices trace takes a start"},
		{"    spot_price: 0.02\n    capacity: {file: " + traces + "/availability.json, format: availability, start: 2026-01-06T00:00:00Z}\n", "after the scenario start"},
		// 1008 ticks of 600 s cover exactly 7 days from the start: a start
		// an hour earlier leaves the last hour of the horizon uncovered.
		{"    spot_price: 0.02\n    capacity: {file: " + traces + "/availability.json, format: availability, start: 2026-01-04T23:00:00Z}\n", "covers 1008 ticks of 600 s, to 2026-01-11T23:00:00Z; the scenario runs to 2026-01-12T00:00:00Z"},
		{"    spot_price: 0.02\n    capacity: {file: " + traces + "/availability.json, format: availability, start: tomorrow}\n", `capacity.start: "tomorrow" is not accepted`},
	} {
		dir := t.TempDir()
		path := filepath.Join(dir, "s.yaml")
		os.WriteFile(path, []byte(head+c.pool+fleet), 0o644)
		s, err := Load(path)
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: %v", c.pool, err)
				continue
			}
			if _, err := s.ResolvedYAML("test"); err != nil {
				t.Errorf("%s: resolved: %v", c.pool, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.pool, err, c.want)
		}
	}
}

// The resolved file of a scenario with foreign traces reads back to the
// same configuration.
func TestForeignResolvedRoundTrip(t *testing.T) {
	s, err := Load("../../../scenarios/foreign-traces.yaml")
	if err != nil {
		t.Fatal(err)
	}
	resolved, err := s.ResolvedYAML("test")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "traces"), os.DirFS("../../../scenarios/traces")); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "resolved.yaml")
	if err := os.WriteFile(path, resolved, 0o644); err != nil {
		t.Fatal(err)
	}
	again, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(resolved), "format: availability") || !strings.Contains(string(resolved), "start: \"2026-01-05T00:00:00Z\"") {
		t.Fatalf("resolved:\n%s", resolved)
	}
	// The same configuration; only the header's file name differs.
	a, _ := again.ResolvedYAML("test")
	body := func(b []byte) string { return string(b[strings.Index(string(b), "spotsim_version"):]) }
	if body(a) != body(resolved) {
		t.Fatalf("resolved twice differs:\n%s\n%s", resolved, a)
	}
}
