package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// A scenario that reads foreign traces directly gives the same summary.csv
// as the same scenario on the canonical CSVs `spotsim traces import` makes.
func TestForeignTracesEqualImported(t *testing.T) {
	dir := t.TempDir()
	direct := filepath.Join(dir, "direct")
	if code, _, errs := spotsim(t, "run", "../../scenarios/foreign-traces.yaml", "--out", direct, "--outputs", "summary,fleets,vms"); code != exitOK {
		t.Fatal(errs)
	}
	tr := "../../scenarios/traces/"
	imports := [][]string{
		{"--format", "azure-snapshots", tr + "snapshots", "--out", filepath.Join(dir, "east.csv")},
		{"--format", "azure-retail", tr + "retail.json", "--out", filepath.Join(dir, "retail.csv")},
		{"--format", "availability", "--region", "westus2", "--sku", "Standard_D2s_v5", "--start", "2026-01-05T00:00:00Z", tr + "availability.json", "--out", filepath.Join(dir, "capacity.csv")},
		{"--format", "resource-graph", tr + "resource-graph.json", "--out", filepath.Join(dir, "rg.csv")},
		{"--format", "aws", tr + "aws.json", "--out", filepath.Join(dir, "aws.csv")},
		{"--format", "fleet-log", "--region", "us-east-1a", "--sku", "p3.2xlarge", "--start", "2026-01-05T00:00:00Z", tr + "fleet.csv", "--out", filepath.Join(dir, "fleet.csv")},
	}
	for _, args := range imports {
		if code, out, errs := spotsim(t, append([]string{"traces", "import"}, args...)...); code != exitOK || !strings.Contains(out, "pools") {
			t.Fatalf("%v: exit %d %s %s", args, code, out, errs)
		}
	}
	data, err := os.ReadFile("../../scenarios/foreign-traces.yaml")
	if err != nil {
		t.Fatal(err)
	}
	canonical := strings.NewReplacer(
		"{file: traces/snapshots, format: azure-snapshots}", "{csv: east.csv}",
		"{file: traces/retail.json, format: azure-retail}", "{csv: retail.csv}",
		"{file: traces/availability.json, format: availability, start: 2026-01-05T00:00:00Z}", "{csv: capacity.csv}",
		"{file: traces/resource-graph.json, format: resource-graph}", "{csv: rg.csv}",
		"{file: traces/aws.json, format: aws}", "{csv: aws.csv}",
		"{file: traces/fleet.csv, format: fleet-log, start: 2026-01-05T00:00:00Z}", "{csv: fleet.csv}",
	).Replace(string(data))
	if canonical == string(data) || strings.Contains(canonical, ", format:") {
		t.Fatal("the example's trace references changed; update this test")
	}
	os.WriteFile(filepath.Join(dir, "canonical.yaml"), []byte(canonical), 0o644)
	imported := filepath.Join(dir, "imported")
	if code, _, errs := spotsim(t, "run", filepath.Join(dir, "canonical.yaml"), "--out", imported, "--outputs", "summary,fleets,vms"); code != exitOK {
		t.Fatal(errs)
	}
	for _, f := range []string{"summary.csv", "fleets.csv", "vms.csv"} {
		a, _ := os.ReadFile(filepath.Join(direct, f))
		b, _ := os.ReadFile(filepath.Join(imported, f))
		if len(a) == 0 || string(a) != string(b) {
			t.Errorf("%s differs between the foreign traces and their import", f)
		}
	}
}

// The same on the real Azure snapshot history: eastus Standard_D2s_v5 over
// December 2023, when its price fell to 0.01008 on the 1st.
func TestRealSnapshotsEqualImported(t *testing.T) {
	history, err := filepath.Abs("../../../shared/traces/azure-spot-prices-data-az-spot-vms/history")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(history); err != nil {
		t.Skipf("no real traces at %s: %v", history, err)
	}
	dir := t.TempDir()
	if code, _, errs := spotsim(t, "traces", "import", "--format", "azure-snapshots", history, "--out", filepath.Join(dir, "az.csv")); code != exitOK {
		t.Fatal(errs)
	}
	scenario := func(ref string) string {
		return "name: real\nstart: 2023-11-15T00:00:00Z\nhorizon: 30d\npools:\n  - {region: eastus, sku: Standard_D2s_v5, vcpus: 2, payg_price: 0.096, spot_price: " + ref + "}\n" +
			"fleets:\n  - {name: w, region: eastus, sku: Standard_D2s_v5, count: 3, max_price: 0.02, after_eviction: {restart: 1h}}\n"
	}
	os.WriteFile(filepath.Join(dir, "direct.yaml"), []byte(scenario("{file: "+history+", format: azure-snapshots}")), 0o644)
	os.WriteFile(filepath.Join(dir, "csv.yaml"), []byte(scenario("{csv: az.csv}")), 0o644)
	var outs []string
	for _, s := range []string{"direct", "csv"} {
		out := filepath.Join(dir, "out-"+s)
		if code, _, errs := spotsim(t, "run", filepath.Join(dir, s+".yaml"), "--out", out, "--outputs", "summary"); code != exitOK {
			t.Fatal(errs)
		}
		b, _ := os.ReadFile(filepath.Join(out, "summary.csv"))
		outs = append(outs, string(b))
	}
	if outs[0] != outs[1] || !strings.Contains(outs[0], "real,1,3,") {
		t.Fatalf("summaries differ or are wrong:\n%s\n%s", outs[0], outs[1])
	}
}

func TestTracesCommandErrors(t *testing.T) {
	for _, args := range [][]string{
		{"traces"},
		{"traces", "convert"},
		{"traces", "import", "--format", "aws", "x.json", "--out", "y.csv"},
		{"traces", "import", "x.json"},
		{"traces", "import", "--format", "availability", "../../scenarios/traces/availability.json", "--out", filepath.Join(t.TempDir(), "y.csv")},
		{"traces", "stats", "--max-price", "-1", "../../scenarios/example_prices.csv"},
		// R5: a max price has at most 5 decimals, here as in a scenario.
		{"traces", "stats", "--max-price", "0.123456", "../../scenarios/example_prices.csv"},
		{"traces", "stats", "--format", "azure-retail", "../../scenarios/example_prices.csv"},
	} {
		if code, _, errs := spotsim(t, args...); code != exitBadInput || errs == "" {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and a message", args, code, errs)
		}
	}
	code, out, _ := spotsim(t, "traces", "stats", "--max-price", "0.03", "../../scenarios/example_prices.csv")
	// eastus is above 0.03 from Jan 7 12:00 (0.046) through 0.052 and 0.031
	// until Jan 9 00:00 (0.0224): 36 h of the 156 h from the first point to
	// the last (Jan 5 00:00 – Jan 11 12:00) = 23.08 %.
	if code != exitOK || !strings.Contains(out, "eastus") || !strings.Contains(out, "23.08") {
		t.Fatalf("stats: exit %d\n%s", code, out)
	}
}

// A foreign point outside the years 1970 to 9999 (an AWS time in year 1, a
// fleet log's time that runs past 9999) is refused with exit 2 and no
// output: the canonical CSV it would write is one spotsim's own reader
// refuses, or not RFC 3339 at all (292279050-08-18T07:12:55Z).
func TestTracesImportRefusesYearsOutsideCSV(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string { return writeIn(t, dir, name, text) }
	aws := write("aws.json", `{"SpotPriceHistory":[{"AvailabilityZone":"us-east-1a","InstanceType":"p3.2xlarge","ProductDescription":"Linux/UNIX","SpotPrice":"0.9","Timestamp":"0001-01-08T06:00:00+00:00"}]}`)
	retail := write("retail.json", `{"Items":[{"retailPrice":0.1,"armRegionName":"eastus","effectiveStartDate":"0001-01-01T00:00:00Z","skuName":"D2s v5 Spot","armSkuName":"Standard_D2s_v5","type":"Consumption"}]}`)
	log := write("fleet.csv", "0,add,n1\n9223372036854775807,remove,n1\n")
	for i, args := range [][]string{
		{"--format", "aws", aws},
		{"--format", "azure-retail", retail},
		{"--format", "fleet-log", "--region", "eastus", "--sku", "S", "--start", "2026-01-01T00:00:00Z", log},
	} {
		out := filepath.Join(dir, "out"+strconv.Itoa(i)+".csv")
		code, _, errs := spotsim(t, append([]string{"traces", "import", "--out", out}, args...)...)
		if code != exitBadInput || !strings.Contains(errs, "outside the years 1970 to 9999") || !strings.Contains(errs, args[len(args)-1]) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 naming the file and the years accepted", args, code, errs)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%v: wrote %s", args, out)
		}
	}
}

// Generated traces are seeded files that read back as canonical traces,
// and a scenario runs on them.
func TestTracesGen(t *testing.T) {
	dir := t.TempDir()
	gen := func(out string, seed string) string {
		code, stdout, errs := spotsim(t, "traces", "gen", "--days", "60", "--changes-per-day", "1", "--seed", seed,
			"--out", filepath.Join(dir, out+".csv"), "--capacity-out", filepath.Join(dir, out+"-cap.csv"))
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errs)
		}
		b, _ := os.ReadFile(filepath.Join(dir, out+".csv"))
		c, _ := os.ReadFile(filepath.Join(dir, out+"-cap.csv"))
		if !strings.Contains(stdout, "price points") {
			t.Fatalf("stdout %q", stdout)
		}
		return string(b) + string(c)
	}
	a, b, c := gen("a", "7"), gen("b", "7"), gen("c", "8")
	if a != b || a == c {
		t.Fatal("the same seed must give the same traces, another seed others")
	}
	scenario := "name: gen\nstart: 2026-01-01T00:00:00Z\nhorizon: 60d\npools:\n  - {region: eastus, sku: Standard_D2s_v5, vcpus: 2, payg_price: 0.096, spot_price: {csv: a.csv}, capacity: {csv: a-cap.csv}}\n" +
		"fleets:\n  - {name: w, region: eastus, sku: Standard_D2s_v5, count: 80, max_price: 0.015, after_eviction: {restart: 1h}}\n"
	os.WriteFile(filepath.Join(dir, "gen.yaml"), []byte(scenario), 0o644)
	if code, out, errs := spotsim(t, "run", filepath.Join(dir, "gen.yaml"), "--out", filepath.Join(dir, "out"), "--outputs", "summary"); code != exitOK || !strings.Contains(out, "evictions") {
		t.Fatalf("exit %d %s %s", code, out, errs)
	}
	for _, args := range [][]string{{"traces", "gen"}, {"traces", "gen", "--out", "x.csv", "--level", "2"}, {"traces", "gen", "--out", "x.csv", "--payg", "0"}, {"traces", "gen", "--out", "x.csv", "--depth", "1"}} {
		if code, _, _ := spotsim(t, args...); code != exitBadInput {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// traces gen refuses flags whose trace would not read back (an empty
// region or sku, a start before 1970) and --capacity-out naming --out's
// file (the capacity trace replaced the prices, exit 0): exit 2, nothing
// written.
func TestTracesGenBadFlags(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "p.csv")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--region", ""}, "--region"},
		{[]string{"--sku", ""}, "--sku"},
		{[]string{"--start", "1960-01-01T00:00:00Z"}, "--start"},
		{[]string{"--capacity-out", out}, "--capacity-out"},
		{[]string{"--capacity-out", filepath.Join(dir, ".", "p.csv")}, "--capacity-out"},
	} {
		code, stdout, errs := spotsim(t, append([]string{"traces", "gen", "--days", "30", "--out", out}, c.args...)...)
		if code != exitBadInput || !strings.Contains(errs, c.want) || stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 naming %s", c.args, code, stdout, errs, c.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%v: wrote %s", c.args, out)
			os.Remove(out)
		}
	}
}

// TestTracesStatsCSV: --csv writes the same columns as CSV, empty for not
// applicable; a capacity file is known by its header without --capacity,
// and unlimited capacity is the maximum, not a -1 in the mean.
func TestTracesStatsCSV(t *testing.T) {
	code, out, errs := spotsim(t, "traces", "stats", "--csv", filepath.Join("..", "..", "scenarios", "example_capacity.csv"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want := "region,sku,first,last,points,min,mean,max,above_max_pct\nwesteurope,Standard_D4s_v5,2026-01-05T00:00:00Z,2026-01-09T00:00:00Z,3,2,,unlimited,\n"
	if out != want {
		t.Fatalf("got\n%s\nwant\n%s", out, want)
	}
	code, out, _ = spotsim(t, "traces", "stats", "--csv", "--max-price", "0.04", filepath.Join("..", "..", "scenarios", "example_prices.csv"))
	if code != 0 || !strings.Contains(out, "\neastus,Standard_D2s_v5,2026-01-05T00:00:00Z,2026-01-11T12:00:00Z,14,0.018800,0.025754,0.052000,15.38\n") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

// traces stats fits the reclaim model to a capacity trace: 10 VMs; 10 → 5
// at 1 h, back at 3 h (recovery 2 h); 10 → 8 at 5 h, never back; 6 h of
// exposure: 2 events = 8 a day, mean share (0.5 + 0.2) / 2 = 0.35, hazard
// 2/6 × 0.35 = 0.1167 per hour, band 1 − e^−0.1167 = 11.01 %.
func TestTracesStatsReclaims(t *testing.T) {
	in := filepath.Join(t.TempDir(), "cap.csv")
	csv := "timestamp,region,sku,capacity\n2026-01-05T00:00:00Z,r,s,10\n2026-01-05T01:00:00Z,r,s,5\n" +
		"2026-01-05T03:00:00Z,r,s,10\n2026-01-05T05:00:00Z,r,s,8\n2026-01-05T06:00:00Z,r,s,8\n"
	if err := os.WriteFile(in, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := spotsim(t, "traces", "stats", "--capacity", in)
	want := regexp.MustCompile(`(?m)^r +s +2 +8\.000 +0\.350 +2h0m0s +1 +0\.1167 +11\.01$`)
	if code != exitOK || !want.MatchString(out) {
		t.Fatalf("exit %d, %s\n%s", code, errs, out)
	}
}

// A Resource Graph export names sizes in lower case, as Azure stores them
// (spot-vms.md's sample queries filter on 'standard_d2s_v4'), and `traces
// import` keeps that case; the canonical CSV it writes must still drive a
// scenario whose pool is written Standard_D2s_v4, and give what reading the
// export directly gives. The run used to be refused: "rg.csv has no rows
// for eastus/Standard_D2s_v4; it has eastus/standard_d2s_v4".
func TestLowerCaseResourceGraphImportDrivesAScenario(t *testing.T) {
	dir := t.TempDir()
	export := `{"count": 1, "data": [{"type": "microsoft.compute/skuspotpricehistory/ostype/location",
  "location": "eastus", "sku": {"name": "standard_d2s_v4"},
  "properties": {"osType": "Linux", "spotPrices": [
    {"effectiveDate": "2026-01-05T06:00:00Z", "priceUSD": 0.05},
    {"effectiveDate": "2026-01-01T00:00:00Z", "priceUSD": 0.0115}]}}], "skip_token": null}`
	os.WriteFile(filepath.Join(dir, "export.json"), []byte(export), 0o644)
	if code, _, errs := spotsim(t, "traces", "import", "--format", "resource-graph", filepath.Join(dir, "export.json"), "--out", filepath.Join(dir, "rg.csv")); code != exitOK {
		t.Fatal(errs)
	}
	scenario := func(ref string) string {
		return "name: rg\nstart: 2026-01-05T00:00:00Z\nhorizon: 12h\npools:\n  - {region: eastus, sku: Standard_D2s_v4, vcpus: 2, payg_price: 0.096, spot_price: " + ref + "}\n" +
			"fleets:\n  - {name: w, region: eastus, sku: Standard_D2s_v4, count: 2, max_price: 0.04}\n"
	}
	var summaries [2]string
	for i, ref := range []string{"{file: export.json, format: resource-graph}", "{csv: rg.csv}"} {
		sc := filepath.Join(dir, strconv.Itoa(i)+".yaml")
		os.WriteFile(sc, []byte(scenario(ref)), 0o644)
		out := filepath.Join(dir, "out"+strconv.Itoa(i))
		if code, _, errs := spotsim(t, "run", sc, "--out", out, "--outputs", "summary"); code != exitOK {
			t.Fatalf("%s: exit %d: %s", ref, code, errs)
		}
		b, err := os.ReadFile(filepath.Join(out, "summary.csv"))
		if err != nil {
			t.Fatal(err)
		}
		summaries[i] = string(b)
	}
	if summaries[0] != summaries[1] || !strings.Contains(summaries[0], "rg,1,2,2,2,2,0,") {
		t.Errorf("direct and imported summaries differ or are not 2 VMs evicted for price at 6 h:\n%s\n%s", summaries[0], summaries[1])
	}
}
