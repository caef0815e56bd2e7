package scenario

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
)

func mustParse(t *testing.T, src string) *Scenario {
	t.Helper()
	s, err := Parse("test.yaml", []byte(src), openTest)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return s
}

func TestDefaults(t *testing.T) {
	s := mustParse(t, valid)
	want := sim.Config{
		Name:    "t",
		Start:   time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC),
		Horizon: 86400,
		Seed:    1,
		Notice:  sim.NoticeLead{Min: 30, Max: 30},
		Timings: sim.Timings{Create: 60, Start: 30, Stop: 15, Deallocate: 30, Delete: 30},
		Victims: sim.VictimsRandom,
		Billing: sim.AzureBilling,
		Pools: []sim.Pool{{
			Region: "eastus", SKU: "Standard_D2s_v5", VCPUs: 2, PAYG: 96_000_000,
			Spot:     &pricing.Series{Times: []int64{0}, Values: []int64{20_000_000}},
			Capacity: pricing.Constant(pricing.Unlimited),
		}},
		Fleets: []sim.Fleet{{Name: "w", Pool: 0, Count: 1, Priority: sim.Spot, MaxPrice: pricing.Uncapped, Policy: sim.Deallocate, Tenant: DefaultTenant, Subscription: DefaultSubscription}},
	}
	if !reflect.DeepEqual(s.Config, want) {
		t.Errorf("Config =\n%+v\nwant\n%+v", s.Config, want)
	}
	if !s.Config.Start.Equal(time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)) || s.Config.Start.Location() != time.UTC {
		t.Errorf("Start = %v; want 2026-01-05T00:00:00Z in UTC", s.Config.Start)
	}
	if s.Offer != "pay_as_you_go" || len(s.Warnings) != 0 {
		t.Errorf("Offer %q, Warnings %q; want pay_as_you_go and none", s.Offer, s.Warnings)
	}
}

func TestEveryKey(t *testing.T) {
	s := mustParse(t, `version: 1
spotsim_version: 0.0.1
name: all-keys_2
start: 2026-01-05T00:00:00Z
horizon: 2d
seed: 18446744073709551615
notice: {min: 0s, max: 30s}
timings: {create: 1m, deallocate: 1d1h1m1s}
victims: newest
offer: csp
billing:
  stopped: {compute: false}
  deleted: {disk: true}
pools:
  - region: eastus
    sku: Standard_D2s_v5
    vcpus: 2
    payg_price: 0.096
    spot_price: {csv: prices.csv}
    capacity: {csv: capacity.csv}
  - {region: westus, sku: Standard_D4s_v5, vcpus: 4, payg_price: 0.192, capacity: 7}
quota:
  - {region: eastus, spot_vcpus: 10}
  - {region: westus, spot_vcpus: unlimited, regular_vcpus: 0}
fleets:
  - name: a
    region: eastus
    sku: Standard_D2s_v5
    count: 3
    priority: spot
    max_price: 0.04
    eviction_policy: delete
    disk_price: 0.0072
    create_at: 90m
    after_eviction: {replace: 10m}
  - {name: b, region: westus, sku: Standard_D4s_v5, count: 1, priority: regular, max_price: -1, after_eviction: none}
  - {name: c, region: eastus, sku: Standard_D2s_v5, count: 1, max_price: -1, after_eviction: {restart: 1h}}
actions:
  - {at: 1h, fleet: a, op: stop, vm: 2}
  - {at: 2h, fleet: c, op: set_max_price, max_price: 0.05, vm: all}
  - {at: 3h, fleet: b, op: scale, count: 0}
  - {at: 0s, fleet: c, op: deallocate}
`)
	c := s.Config
	check := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %+v; want %+v", what, got, want)
		}
	}
	check("Name", c.Name, "all-keys_2")
	check("Horizon", c.Horizon, int64(2*86400))
	check("Seed", c.Seed, uint64(18446744073709551615))
	check("Notice", c.Notice, sim.NoticeLead{Min: 0, Max: 30})
	check("Timings", c.Timings, sim.Timings{Create: 60, Start: 30, Stop: 15, Deallocate: 86400 + 3661, Delete: 30})
	check("Victims", c.Victims, sim.VictimsNewest)
	check("Offer", s.Offer, "csp")
	check("Warnings", s.Warnings, []string{CSPWarning})
	billing := sim.AzureBilling
	billing[sim.Stopped].Compute = false
	billing[sim.Deleted].Disk = true
	check("Billing", c.Billing, billing)
	// The price trace is cut to the window and shifted to start at 0.
	check("Pools[0].Spot", *c.Pools[0].Spot, pricing.Series{Times: []int64{0, 36000, 72000}, Values: []int64{20_000_000, 50_000_000, 15_000_000}})
	// The capacity point in effect at start (from the day before) moves to 0;
	// points after the horizon are dropped.
	check("Pools[0].Capacity", c.Pools[0].Capacity, pricing.Series{Times: []int64{0, 7200}, Values: []int64{3, 1}})
	check("Pools[1].Spot", c.Pools[1].Spot, (*pricing.Series)(nil))
	check("Pools[1].Capacity", c.Pools[1].Capacity, pricing.Constant(7))
	check("Quotas", c.Quotas, []sim.Quota{{Region: "eastus", SpotVCPUs: 10, RegularVCPUs: -1}, {Region: "westus", SpotVCPUs: -1, RegularVCPUs: 0}})
	check("Fleets", c.Fleets, []sim.Fleet{
		{Name: "a", Pool: 0, Count: 3, Priority: sim.Spot, MaxPrice: 40_000_000, Policy: sim.Delete, DiskPrice: 7_200_000, CreateAt: 5400, After: sim.ReplaceAutomation, Interval: 600, Tenant: DefaultTenant, Subscription: DefaultSubscription},
		{Name: "b", Pool: 1, Count: 1, Priority: sim.Regular, MaxPrice: pricing.Uncapped, Tenant: DefaultTenant, Subscription: DefaultSubscription},
		{Name: "c", Pool: 0, Count: 1, Priority: sim.Spot, MaxPrice: pricing.Uncapped, After: sim.RestartAutomation, Interval: 3600, Tenant: DefaultTenant, Subscription: DefaultSubscription},
	})
	check("Actions", c.Actions, []sim.Action{
		{At: 3600, Fleet: 0, VM: 2, Op: sim.OpStop},
		{At: 7200, Fleet: 2, VM: -1, Op: sim.OpSetMaxPrice, MaxPrice: 50_000_000},
		{At: 10800, Fleet: 1, VM: -1, Op: sim.OpScale, Count: 0},
		{At: 0, Fleet: 2, VM: -1, Op: sim.OpDeallocate},
	})
	roundTrip(t, s, openTest)
}

func TestNoWarningWithoutSpotFleets(t *testing.T) {
	s := mustParse(t, head("0.02")+fleet(", priority: regular")+"offer: csp\n")
	if len(s.Warnings) != 0 {
		t.Errorf("Warnings = %q; want none for a CSP scenario with only regular fleets", s.Warnings)
	}
	// Benefits and Free Trial refuse spot VMs, not regular ones.
	mustParse(t, head("0.02")+fleet(", priority: regular")+"offer: free_trial\n")
}

func TestPoolWithoutSpotPriceServesRegularFleets(t *testing.T) {
	s := mustParse(t, "name: t\nstart: 2026-01-05T00:00:00Z\nhorizon: 24h\npools:\n"+
		"  - {region: eastus, sku: Standard_B2s, vcpus: 2, payg_price: 0.0416}\n"+
		"fleets:\n  - {name: w, region: eastus, sku: Standard_B2s, count: 1, priority: regular}\n")
	if s.Config.Pools[0].Spot != nil {
		t.Errorf("Spot = %v; want nil for a pool without spot_price", s.Config.Pools[0].Spot)
	}
}

func TestAnchorsAndMergeKeys(t *testing.T) {
	s := mustParse(t, head("0.02")+`base: &base
fleets:
  - &w {name: w, region: eastus, sku: Standard_D2s_v5, count: 2, max_price: 0.04, disk_price: 0.01}
  - {<<: *w, name: v, count: 5}
  - {<<: [*w], name: u, max_price: -1}
`[len("base: &base\n"):])
	f := s.Config.Fleets
	if len(f) != 3 || f[1].Name != "v" || f[1].Count != 5 || f[1].MaxPrice != 40_000_000 || f[1].DiskPrice != 10_000_000 ||
		f[2].Name != "u" || f[2].Count != 2 || f[2].MaxPrice != pricing.Uncapped {
		t.Errorf("Fleets = %+v; want v and u to take w's keys except the ones they set", f)
	}
}

func TestNullCountsAsAbsent(t *testing.T) {
	s := mustParse(t, valid+"seed: ~\ntimings:\nactions:\n")
	if s.Config.Seed != DefaultSeed || s.Config.Timings != DefaultTimings || s.Config.Actions != nil {
		t.Errorf("got seed %d, timings %+v, actions %v; want the defaults", s.Config.Seed, s.Config.Timings, s.Config.Actions)
	}
}

func TestOneTraceFileServesManyPools(t *testing.T) {
	reads := map[string]int{}
	open := func(rel string) ([]byte, error) {
		reads[rel]++
		return []byte("timestamp,region,sku,spot_price_usd\n" +
			"2026-01-05T00:00:00Z,eastus,Standard_D2s_v5,0.02\n" +
			"2026-01-05T00:00:00Z,westus,Standard_D2s_v5,0.03\n"), nil
	}
	s, err := Parse("test.yaml", []byte("name: t\nstart: 2026-01-05T00:00:00Z\nhorizon: 24h\npools:\n"+
		"  - {region: eastus, sku: Standard_D2s_v5, vcpus: 2, payg_price: 0.096, spot_price: {csv: p.csv}}\n"+
		"  - {region: westus, sku: Standard_D2s_v5, vcpus: 2, payg_price: 0.096, spot_price: {csv: p.csv}}\n"+
		fleet("")), open)
	if err != nil {
		t.Fatal(err)
	}
	if reads["p.csv"] != 1 {
		t.Errorf("p.csv read %d times; want once", reads["p.csv"])
	}
	if got := s.Config.Pools[1].Spot.Values; !reflect.DeepEqual(got, []int64{30_000_000}) {
		t.Errorf("westus spot = %v; want [30000000]", got)
	}
}

func TestLoadResolvesTracesAgainstTheScenarioFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sub")
	if err := os.MkdirAll(filepath.Join(dir, "traces"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "traces", "p.csv"), []byte(testTraces["prices.csv"]), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "s.yaml")
	if err := os.WriteFile(path, []byte(head("{csv: traces/p.csv}")+fleet("")), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(s.Config.Pools[0].Spot.Times); n != 3 {
		t.Errorf("spot series has %d points; want 3", n)
	}
	if _, err := Load(filepath.Join(dir, "absent.yaml")); err == nil {
		t.Error("Load of a missing file succeeded")
	}
}

func TestParseWithoutOpen(t *testing.T) {
	_, err := Parse("test.yaml", []byte(head("{csv: prices.csv}")+fleet("")), nil)
	assertProblem(t, err, "test.yaml:5:91", `pools[0].spot_price.csv: cannot read trace file "prices.csv"`)
}

// A quota for a region no pool is in limits nothing: a warning naming its
// place (a misspelt region would otherwise go unnoticed), not an error,
// since a sweep that moves pools may leave one unused.
func TestQuotaWithoutPoolWarns(t *testing.T) {
	src := valid + "quota:\n  - region: eastus\n    spot_vcpus: 4\n  - region: eastuss\n    spot_vcpus: 4\n"
	s := mustParse(t, src)
	if len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0], "test.yaml:") || !strings.Contains(s.Warnings[0], "quota[1].region: no pool is in eastuss") {
		t.Fatalf("warnings %q; want one for quota[1], with its position", s.Warnings)
	}
}

// Azure's names are case-insensitive, and `traces import` keeps its
// source's case: a Resource Graph export names sizes in lower case
// (standard_d2s_v5), so the canonical CSV it writes must still serve a pool
// written Standard_D2s_v5. Such a file used to be refused ("has no rows for
// eastus/Standard_D2s_v5; it has eastus/standard_d2s_v5"). The exact name
// wins; two names that differ only in case are an error.
func TestTraceRowsMatchPoolsWithoutCase(t *testing.T) {
	files := map[string]string{
		"lower.csv": "timestamp,region,sku,spot_price_usd\n" +
			"2026-01-05T00:00:00Z,EastUS,standard_d2s_v5,0.02\n" +
			"2026-01-05T06:00:00Z,EastUS,standard_d2s_v5,0.03\n",
		"both.csv": "timestamp,region,sku,spot_price_usd\n" +
			"2026-01-05T00:00:00Z,eastus,Standard_D2s_v5,0.02\n" +
			"2026-01-05T00:00:00Z,eastus,standard_d2s_v5,0.05\n",
		"twice.csv": "timestamp,region,sku,spot_price_usd\n" +
			"2026-01-05T00:00:00Z,eastus,STANDARD_D2S_V5,0.02\n" +
			"2026-01-05T00:00:00Z,eastus,standard_d2s_v5,0.05\n",
	}
	open := func(rel string) ([]byte, error) { return []byte(files[rel]), nil }
	for _, c := range []struct {
		file string
		want []int64
	}{
		{"lower.csv", []int64{20_000_000, 30_000_000}},
		{"both.csv", []int64{20_000_000}},
	} {
		src, _, _ := marked(t, head("{csv: "+mark+c.file+"}")+fleet(""))
		s, err := Parse("test.yaml", []byte(src), open)
		if err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		if got := s.Config.Pools[0].Spot.Values; !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: spot = %v; want %v", c.file, got, c.want)
		}
	}
	src, line, col := marked(t, head("{csv: "+mark+"twice.csv}")+fleet(""))
	_, err := Parse("test.yaml", []byte(src), open)
	assertProblem(t, err, fmt.Sprintf("test.yaml:%d:%d", line, col),
		"pools[0].spot_price.csv: twice.csv has rows for eastus/STANDARD_D2S_V5 and eastus/standard_d2s_v5, which differ only in case; want one of them")
}
