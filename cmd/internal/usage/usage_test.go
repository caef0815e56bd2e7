package usage

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"maps"
	"math/big"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
	"github.com/spotsim/spotsim/sim/meter"
)

func usd(s string) pricing.Price {
	p, err := pricing.ParsePrice(s)
	if err != nil {
		panic(err)
	}
	return p
}

// A hand-worked case: one VM with max -1 from 00:30 for two hours; the
// spot price is 0.02 until 01:15, then 0.03; disks 0.01 an hour.
//
//	00:00-01:00  30 min at 0.02             = 0.010000  (0.5 h, unit 0.020000; payg 0.048)
//	01:00-02:00  15 min at 0.02 + 45 at 0.03 = 0.027500  (1 h, unit 0.027500; payg 0.096)
//	02:00-03:00  30 min at 0.03             = 0.015000  (0.5 h, unit 0.030000; payg 0.048)
//	disks 0.005, 0.010, 0.005; the day: compute 0.0525 over 2 h (unit 0.026250), disks 0.02.
func TestHandWorked(t *testing.T) {
	start := time.Date(2026, 1, 5, 0, 30, 0, 0, time.UTC)
	cfg := &sim.Config{Name: "hw", Start: start, Horizon: 7200, Seed: 1, Notice: sim.NoticeLead{Min: 30, Max: 30}, Billing: sim.AzureBilling,
		Record: sim.Record{Events: true, Usage: true},
		Pools: []sim.Pool{{Region: "eastus", SKU: "Standard_D2s_v5", VCPUs: 2, PAYG: usd("0.096"),
			Spot: &pricing.Series{Times: []int64{0, 2700}, Values: []int64{int64(usd("0.02")), int64(usd("0.03"))}}, Capacity: pricing.Constant(pricing.Unlimited)}},
		Fleets: []sim.Fleet{{Name: "w", Pool: 0, Count: 1, MaxPrice: pricing.Uncapped, DiskPrice: usd("0.01"), Tenant: "contoso", Subscription: "sub-a"}}}
	res, err := sim.Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var hourly, daily, focus bytes.Buffer
	WriteUsage(&hourly, res, meter.New(res).Rows(meter.Options{Period: 3600}))
	WriteUsage(&daily, res, meter.New(res).Rows(meter.Options{Period: 86400, ByResource: true}))
	WriteFOCUS(&focus, res, meter.New(res).Rows(meter.Options{Period: 86400}), FOCUS12)
	wantHourly := `usage_start,usage_end,tenant,subscription,meter_category,meter_name,region,quantity,unit,unit_price_usd,cost_usd,payg_cost_usd,resource_group,resource_id
2026-01-05T00:00:00Z,2026-01-05T01:00:00Z,contoso,sub-a,Virtual Machines,D2s v5 Spot,eastus,0.500000,1 Hour,0.020000,0.010000,0.048000,hw,/subscriptions/sub-a/resourceGroups/hw/providers/Microsoft.Compute/virtualMachineScaleSets/w
2026-01-05T01:00:00Z,2026-01-05T02:00:00Z,contoso,sub-a,Virtual Machines,D2s v5 Spot,eastus,1.000000,1 Hour,0.027500,0.027500,0.096000,hw,/subscriptions/sub-a/resourceGroups/hw/providers/Microsoft.Compute/virtualMachineScaleSets/w
2026-01-05T02:00:00Z,2026-01-05T03:00:00Z,contoso,sub-a,Virtual Machines,D2s v5 Spot,eastus,0.500000,1 Hour,0.030000,0.015000,0.048000,hw,/subscriptions/sub-a/resourceGroups/hw/providers/Microsoft.Compute/virtualMachineScaleSets/w
2026-01-05T00:00:00Z,2026-01-05T01:00:00Z,contoso,sub-a,Storage,Managed Disks,eastus,0.500000,1 Hour,0.010000,0.005000,0.005000,hw,/subscriptions/sub-a/resourceGroups/hw/providers/Microsoft.Compute/virtualMachineScaleSets/w
2026-01-05T01:00:00Z,2026-01-05T02:00:00Z,contoso,sub-a,Storage,Managed Disks,eastus,1.000000,1 Hour,0.010000,0.010000,0.010000,hw,/subscriptions/sub-a/resourceGroups/hw/providers/Microsoft.Compute/virtualMachineScaleSets/w
2026-01-05T02:00:00Z,2026-01-05T03:00:00Z,contoso,sub-a,Storage,Managed Disks,eastus,0.500000,1 Hour,0.010000,0.005000,0.005000,hw,/subscriptions/sub-a/resourceGroups/hw/providers/Microsoft.Compute/virtualMachineScaleSets/w
`
	if hourly.String() != wantHourly {
		t.Errorf("usage_hourly.csv:\n%s\nwant\n%s", hourly.String(), wantHourly)
	}
	wantDaily := `usage_start,usage_end,tenant,subscription,meter_category,meter_name,region,quantity,unit,unit_price_usd,cost_usd,payg_cost_usd,resource_group,resource_id
2026-01-05T00:00:00Z,2026-01-06T00:00:00Z,contoso,sub-a,Virtual Machines,D2s v5 Spot,eastus,2.000000,1 Hour,0.026250,0.052500,0.192000,hw,/subscriptions/sub-a/resourceGroups/hw/providers/Microsoft.Compute/virtualMachines/w-0
2026-01-05T00:00:00Z,2026-01-06T00:00:00Z,contoso,sub-a,Storage,Managed Disks,eastus,2.000000,1 Hour,0.010000,0.020000,0.020000,hw,/subscriptions/sub-a/resourceGroups/hw/providers/Microsoft.Compute/disks/w-0_disks
`
	if daily.String() != wantDaily {
		t.Errorf("usage_daily.csv:\n%s\nwant\n%s", daily.String(), wantDaily)
	}
	rows := readCSV(t, focus.Bytes())
	// Spot: list = contracted = the spot price charged; the saving against
	// pay-as-you-go is in x_PayAsYouGoCost.
	if len(rows) != 3 || rows[1]["BilledCost"] != "0.052500" || rows[1]["ListCost"] != "0.052500" || rows[1]["ContractedCost"] != "0.052500" ||
		rows[1]["ListUnitPrice"] != "0.026250" || rows[1]["x_PayAsYouGoCost"] != "0.192000" || rows[1]["x_PayAsYouGoUnitPrice"] != "0.096000" ||
		rows[1]["PricingCategory"] != "Dynamic" || rows[1]["RegionName"] != "East US" ||
		rows[1]["ResourceId"] != "/subscriptions/sub-a/resourceGroups/hw/providers/Microsoft.Compute/virtualMachineScaleSets/w" ||
		rows[1]["ResourceType"] != "Virtual machine scale set" || rows[1]["SkuPriceId"] != "Standard_D2s_v5/eastus/Spot" || rows[1]["SkuMeter"] != "D2s v5 Spot" ||
		rows[2]["BilledCost"] != "0.020000" || rows[2]["PricingCategory"] != "Standard" || rows[1]["BillingAccountId"] != "contoso" ||
		rows[1]["SubAccountId"] != "/subscriptions/sub-a" || rows[1]["SubAccountName"] != "sub-a" {
		t.Errorf("focus.csv: %v", rows)
	}
}

func readCSV(t *testing.T, data []byte) []map[string]string {
	t.Helper()
	all, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := []map[string]string{nil}
	for _, r := range all[1:] {
		m := map[string]string{}
		for i, h := range all[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	out[0] = map[string]string{"_header": strings.Join(all[0], ",")}
	return out
}

// randomRun is a scenario with several tenants and subscriptions, spot and
// regular fleets, price changes inside hours, evictions, restarts,
// replacements and max price changes, starting off the hour.
func randomRun(t *testing.T, seed uint64) (*sim.Result, time.Time) {
	r := rand.New(rand.NewPCG(seed, 99))
	start := time.Date(2026, 1, 30, r.IntN(24), r.IntN(60), r.IntN(60), 0, time.UTC) // crosses into February
	horizon := int64(1+r.IntN(4)) * 86400
	cfg := &sim.Config{Name: "rnd", Start: start, Horizon: horizon, Seed: seed, Notice: sim.NoticeLead{Min: 0, Max: 60},
		Timings: sim.Timings{Create: r.Int64N(120), Start: r.Int64N(60), Stop: r.Int64N(60), Deallocate: r.Int64N(60), Delete: r.Int64N(60)},
		Billing: sim.AzureBilling, Record: sim.Record{Events: true, Usage: true}}
	// Region r0 has two zones of one size and a zone of another, r1 one
	// regional pool: a fleet over r0's pools bills one meter in two zones
	// (and disks in one region), whose rows the files merge (meter.Merge).
	for p, pl := range []struct {
		region, zone, sku string
		vcpus             int64
	}{{"r0", "1", "Standard_D2s_v5", 2}, {"r0", "2", "Standard_D2s_v5", 2}, {"r0", "1", "Standard_D4s_v5", 4}, {"r1", "", "Standard_D2s_v5", 2}} {
		payg := int64(usd("0.096")) * int64(p+1)
		spot := &pricing.Series{}
		for t := int64(0); t < horizon; t += 60 + r.Int64N(5000) {
			spot.Times = append(spot.Times, t)
			spot.Values = append(spot.Values, payg/10+r.Int64N(payg))
		}
		capy := pricing.Series{Times: []int64{0}, Values: []int64{pricing.Unlimited}}
		for t := int64(3600 + r.Int64N(20000)); t < horizon; t += 3600 + r.Int64N(20000) {
			capy.Times = append(capy.Times, t)
			capy.Values = append(capy.Values, r.Int64N(6))
		}
		cfg.Pools = append(cfg.Pools, sim.Pool{Region: pl.region, Zone: pl.zone, SKU: pl.sku, VCPUs: pl.vcpus, PAYG: pricing.Price(payg), Spot: spot, Capacity: capy})
	}
	tenants, subs := []string{"contoso", "fabrikam"}, []string{"s1", "s2", "s3"}
	for f := range 5 {
		fl := sim.Fleet{Name: fmt.Sprintf("f%d", f), Pool: r.IntN(len(cfg.Pools)), Count: 1 + r.IntN(4), MaxPrice: pricing.Uncapped,
			DiskPrice: pricing.Price(r.Int64N(20_000_000)), Tenant: tenants[r.IntN(2)], Subscription: subs[r.IntN(3)],
			CreateAt: r.Int64N(horizon / 2)}
		if r.IntN(2) == 0 {
			fl.Pool, fl.Pools = 0, []sim.FleetPool{{Pool: 0}, {Pool: 1}, {Pool: 2}} // r0's zones and sizes
		}
		switch r.IntN(4) {
		case 0:
			fl.Priority = sim.Regular
		case 1:
			fl.MaxPrice, fl.Policy, fl.After, fl.Interval = cfg.Pools[fl.Pool].PAYG/2, sim.Deallocate, sim.RestartAutomation, 600+r.Int64N(3600)
			fl.RegularBase = r.IntN(2) // a priority mix: regular and spot meters in one fleet
		case 2:
			fl.MaxPrice, fl.Policy, fl.After, fl.Interval = cfg.Pools[fl.Pool].PAYG/3, sim.Delete, sim.ReplaceAutomation, 600+r.Int64N(3600)
		}
		cfg.Fleets = append(cfg.Fleets, fl)
	}
	for range 4 {
		f := r.IntN(5)
		if cfg.Fleets[f].Priority == sim.Regular {
			continue
		}
		at := r.Int64N(horizon)
		cfg.Actions = append(cfg.Actions, sim.Action{At: at, Fleet: f, VM: -1, Op: sim.OpDeallocate},
			sim.Action{At: at, Fleet: f, VM: -1, Op: sim.OpSetMaxPrice, MaxPrice: pricing.Price(r.Int64N(int64(cfg.Pools[cfg.Fleets[f].Pool].PAYG)))},
			sim.Action{At: min(horizon-1, at+r.Int64N(7200)), Fleet: f, VM: -1, Op: sim.OpStart})
	}
	slices.SortStableFunc(cfg.Actions, func(a, b sim.Action) int { return int(a.At - b.At) })
	res, err := sim.Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return res, start
}

func micros(t *testing.T, s string) int64 {
	t.Helper()
	if strings.ContainsAny(s, "eE+") {
		t.Fatalf("number %q has an exponent or a plus sign", s)
	}
	p, err := pricing.ParsePrice(s)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return int64(p) / 1000
}

// Every file adds up to summary.csv's figures to the micro-dollar, per VM
// the exact amounts are the engine's, and per tenant and per subscription
// the files agree with each other. The files are written from the rows
// results.Write gives them — merged across zones (meter.Merge), by zone
// for FOCUS — and no two of a file's rows share their key columns: a tool
// that drops duplicate keys would lose cost.
func TestReconciliation(t *testing.T) {
	merged := 0 // seeds whose rows merge
	// unique fails when two rows of a file share their values of cols.
	unique := func(seed uint64, file string, rows []map[string]string, cols ...string) {
		t.Helper()
		seen := map[string]bool{}
		for _, r := range rows[1:] {
			var k strings.Builder
			for _, c := range cols {
				v, ok := r[c]
				if !ok {
					t.Fatalf("%s has no column %s", file, c)
				}
				k.WriteString(v + "\x00")
			}
			if seen[k.String()] {
				t.Fatalf("seed %d %s: two rows with %v = %q", seed, file, cols, strings.Split(k.String(), "\x00"))
			}
			seen[k.String()] = true
		}
	}
	for seed := range uint64(40) {
		res, _ := randomRun(t, seed)
		var compute, disk, payg pricing.Total
		for i := range res.VMs.Len() {
			compute.Add(res.VMs.At(i).Compute)
			disk.Add(res.VMs.At(i).Disk)
			payg.Add(res.VMs.At(i).PAYGCompute)
		}
		// Per VM, exact.
		perVM := map[[2]int]pricing.Accrued{}
		for _, r := range meter.New(res).Rows(meter.Options{Period: 3600, ByResource: true}) {
			m := r.Meter
			if m == meter.RegularCompute {
				m = meter.Compute
			}
			perVM[[2]int{r.VM, int(m)}] = perVM[[2]int{r.VM, int(m)}].Add(r.Cost)
		}
		for i, v := range res.VMs.All() {
			if perVM[[2]int{i, int(meter.Compute)}] != v.Compute || perVM[[2]int{i, int(meter.Disk)}] != v.Disk {
				t.Fatalf("seed %d vm %s: metered compute %s disk %s, engine %s %s", seed, res.VMName(i),
					perVM[[2]int{i, int(meter.Compute)}], perVM[[2]int{i, int(meter.Disk)}], v.Compute, v.Disk)
			}
		}
		type sums struct{ compute, disk, payg int64 }
		files := map[string]map[string]*sums{} // file → group (all, tenant:, sub:) → sums
		add := func(file, tenant, sub, category, cost, paygCost string) {
			if files[file] == nil {
				files[file] = map[string]*sums{}
			}
			for _, g := range []string{"all", "tenant:" + tenant, "sub:" + tenant + "/" + sub} {
				s := files[file][g]
				if s == nil {
					s = &sums{}
					files[file][g] = s
				}
				if category == "Storage" {
					s.disk += micros(t, cost)
				} else {
					s.compute += micros(t, cost)
					s.payg += micros(t, paygCost)
				}
			}
		}
		for _, o := range []struct {
			name string
			opt  meter.Options
		}{{"hourly", meter.Options{Period: 3600}}, {"hourly-res", meter.Options{Period: 3600, ByResource: true}},
			{"daily", meter.Options{Period: 86400}}, {"daily-res", meter.Options{Period: 86400, ByResource: true}}} {
			var b bytes.Buffer
			rows := meter.New(res).Rows(o.opt)
			across := meter.Merge(res.Config, rows, false)
			if len(across) < len(rows) && o.name == "hourly" {
				merged++
			}
			if err := WriteUsage(&b, res, across); err != nil {
				t.Fatal(err)
			}
			csvRows := readCSV(t, b.Bytes())
			unique(seed, o.name, csvRows, "usage_start", "tenant", "subscription", "meter_name", "region", "resource_id")
			for _, r := range csvRows[1:] {
				add(o.name, r["tenant"], r["subscription"], r["meter_category"], r["cost_usd"], r["payg_cost_usd"])
			}
		}
		// The daily files, per subscription and UTC day: usage_daily, FOCUS
		// (both versions, both granularities) and Azure's EA and MCA cost
		// details, whose EA file has no pay-as-you-go cost column.
		days := map[string]map[string]int64{} // file → sub/day → cost µ$
		addDay := func(file, sub, day, cost string) {
			if days[file] == nil {
				days[file] = map[string]int64{}
			}
			days[file][sub+"/"+day] += micros(t, cost)
		}
		for _, byRes := range []bool{false, true} {
			daily := meter.New(res).Rows(meter.Options{Period: 86400, ByResource: byRes})
			rows, byZone := meter.Merge(res.Config, daily, false), meter.Merge(res.Config, daily, true)
			var b bytes.Buffer
			WriteUsage(&b, res, rows)
			for _, r := range readCSV(t, b.Bytes())[1:] {
				addDay(fmt.Sprint("daily", byRes), r["subscription"], r["usage_start"][:10], r["cost_usd"])
			}
			for _, v := range FOCUSVersions {
				b.Reset()
				WriteFOCUS(&b, res, byZone, v)
				name := fmt.Sprint("focus", v, byRes)
				csvRows := readCSV(t, b.Bytes())
				unique(seed, name, csvRows, "ChargePeriodStart", "SubAccountId", "ResourceId", "SkuPriceId", "AvailabilityZone")
				for _, r := range csvRows[1:] {
					add(name, r["BillingAccountId"], r["SubAccountName"], map[string]string{"Compute": "", "Storage": "Storage"}[r["ServiceCategory"]], r["BilledCost"], r["x_PayAsYouGoCost"])
					addDay(name, r["SubAccountName"], r["ChargePeriodStart"][:10], r["BilledCost"])
				}
			}
			b.Reset()
			WriteAzure(&b, res, rows, AzureMCA)
			csvRows := readCSV(t, b.Bytes())
			unique(seed, fmt.Sprint("mca", byRes), csvRows, "date", "SubscriptionId", "ResourceId", "meterId")
			for _, r := range csvRows[1:] {
				add(fmt.Sprint("mca", byRes), r["billingAccountId"], r["SubscriptionId"], r["meterCategory"], r["costInBillingCurrency"], r["paygCostInBillingCurrency"])
				addDay(fmt.Sprint("mca", byRes), r["SubscriptionId"], isoDay(t, r["date"]), r["costInBillingCurrency"])
			}
			b.Reset()
			WriteAzure(&b, res, rows, AzureEA)
			csvRows = readCSV(t, b.Bytes())
			unique(seed, fmt.Sprint("ea", byRes), csvRows, "Date", "SubscriptionId", "ResourceId", "MeterId")
			for _, r := range csvRows[1:] {
				addDay(fmt.Sprint("ea", byRes), r["SubscriptionId"], isoDay(t, r["Date"]), r["CostInBillingCurrency"])
			}
		}
		for file, m := range days {
			ref := days[fmt.Sprint("daily", strings.HasSuffix(file, "true"))]
			if !maps.Equal(m, ref) {
				t.Fatalf("seed %d %s: cost per subscription and day %v; usage_daily.csv says %v", seed, file, m, ref)
			}
		}
		var total int64
		for _, c := range days["dailyfalse"] {
			total += c
		}
		if want := m64(compute.Micros()) + m64(disk.Micros()); total != want {
			t.Fatalf("seed %d: the daily files sum to %d µ$; summary.csv's compute and disk costs to %d", seed, total, want)
		}
		want := sums{m64(compute.Micros()), m64(disk.Micros()), m64(payg.Micros())}
		for file, groups := range files {
			if *groups["all"] != want {
				t.Fatalf("seed %d %s: sums %+v, summary %+v", seed, file, *groups["all"], want)
			}
			for g, s := range groups {
				if ref := files["hourly"][g]; *ref != *s {
					t.Fatalf("seed %d %s %s: %+v, hourly says %+v", seed, file, g, *s, *ref)
				}
			}
		}
	}
	if merged == 0 {
		t.Fatal("no run has rows that merge: the test no longer tests meter.Merge")
	}
	t.Logf("%d of 40 runs have hourly rows that merge", merged)
}

// isoDay reads Azure's MM/dd/yyyy date as yyyy-mm-dd.
func isoDay(t *testing.T, s string) string {
	t.Helper()
	d, err := time.Parse("01/02/2006", s)
	if err != nil {
		t.Fatalf("date %q is not Azure's MM/dd/yyyy: %v", s, err)
	}
	return d.Format("2006-01-02")
}

var (
	stamp  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`)
	number = regexp.MustCompile(`^-?\d+(\.\d+)?$`)
)

// focus.csv's columns and values, in both versions: the FOCUS columns in
// the specification's alphabetical order, then spotsim's x_ columns.
// TestFOCUSConformance (cmd/internal/focusrules) checks the files against
// the FinOps Foundation's rules model; this test checks what the model
// cannot say (savings, spot rows, units).
func TestFOCUSRules(t *testing.T) {
	for _, v := range FOCUSVersions {
		t.Run(string(v), func(t *testing.T) { focusRules(t, v) })
	}
}

func focusRules(t *testing.T, v FOCUSVersion) {
	res, _ := randomRun(t, 7)
	var b bytes.Buffer
	WriteFOCUS(&b, res, meter.New(res).Rows(meter.Options{Period: 86400, ByResource: true}), v)
	rows := readCSV(t, b.Bytes())
	header := strings.Split(rows[0]["_header"], ",")
	focusCols := slices.DeleteFunc(slices.Clone(header), func(h string) bool { return strings.HasPrefix(h, "x_") })
	if !slices.IsSorted(focusCols) || !slices.Equal(header[:len(focusCols)], focusCols) {
		t.Fatalf("columns %v; want the FOCUS columns sorted, then the x_ ones", header)
	}
	if got := slices.Contains(header, "ServiceProviderName"); got != (v == FOCUS13) {
		t.Fatalf("FOCUS %s: ServiceProviderName present = %v", v, got)
	}
	nonNull := []string{"BilledCost", "BillingAccountId", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory",
		"ChargePeriodEnd", "ChargePeriodStart", "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost", "ProviderName",
		"PublisherName", "ServiceCategory", "ServiceName", "ChargeFrequency"}
	var saved int64
	for i, r := range rows[1:] {
		for _, c := range nonNull {
			if r[c] == "" {
				t.Fatalf("row %d: %s is null", i+1, c)
			}
		}
		for _, c := range []string{"BilledCost", "ContractedCost", "EffectiveCost", "ListCost", "PricingQuantity", "ConsumedQuantity", "ListUnitPrice", "ContractedUnitPrice"} {
			if !number.MatchString(r[c]) {
				t.Fatalf("row %d: %s = %q is not a plain decimal", i+1, c, r[c])
			}
		}
		for _, c := range []string{"BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd"} {
			if !stamp.MatchString(r[c]) {
				t.Fatalf("row %d: %s = %q", i+1, c, r[c])
			}
		}
		if !(r["BillingPeriodStart"] <= r["ChargePeriodStart"] && r["ChargePeriodStart"] < r["ChargePeriodEnd"] && r["ChargePeriodEnd"] <= r["BillingPeriodEnd"]) {
			t.Fatalf("row %d: charge period %s–%s outside billing period %s–%s", i+1, r["ChargePeriodStart"], r["ChargePeriodEnd"], r["BillingPeriodStart"], r["BillingPeriodEnd"])
		}
		if r["ChargeCategory"] != "Usage" || !slices.Contains([]string{"Compute", "Storage"}, r["ServiceCategory"]) ||
			!slices.Contains([]string{"Standard", "Dynamic"}, r["PricingCategory"]) || r["ChargeClass"] != "" || r["BillingCurrency"] != "USD" {
			t.Fatalf("row %d: a value outside FOCUS's allowed values: %v", i+1, r)
		}
		if (r["PricingCategory"] == "Dynamic") != (r["x_PricingSubcategory"] == "Spot") || r["BilledCost"] != r["EffectiveCost"] ||
			r["ListCost"] != r["ContractedCost"] || r["ListUnitPrice"] != r["ContractedUnitPrice"] {
			t.Fatalf("row %d: spot rows are Dynamic, list = contracted and billed = effective: %v", i+1, r)
		}
		// FOCUS's MUST (ListCost-C-009-C), exactly, with the cost still
		// what was charged to within a micro-dollar and a half.
		list, price, quantity := exact(t, r["ListCost"]), exact(t, r["ListUnitPrice"]), exact(t, r["PricingQuantity"])
		if list.Cmp(new(big.Rat).Mul(price, quantity)) != 0 {
			t.Fatalf("row %d: ListCost %s is not ListUnitPrice %s × PricingQuantity %s", i+1, r["ListCost"], r["ListUnitPrice"], r["PricingQuantity"])
		}
		if off := new(big.Rat).Sub(list, exact(t, r["BilledCost"])); off.Abs(off).Cmp(big.NewRat(15, 10_000_000)) > 0 {
			t.Fatalf("row %d: ListCost %s is %s from BilledCost %s", i+1, r["ListCost"], off.FloatString(9), r["BilledCost"])
		}
		if r["ResourceId"] == "" || r["ResourceType"] == "" || !strings.HasPrefix(r["SubAccountId"], "/subscriptions/") {
			t.Fatalf("row %d: a resource's charge without its resource or subscription id: %v", i+1, r)
		}
		if r["ServiceCategory"] == "Storage" {
			continue
		}
		saved += micros(t, r["x_PayAsYouGoCost"]) - micros(t, r["EffectiveCost"])
	}
	var compute, payg pricing.Total
	for i := range res.VMs.Len() {
		compute.Add(res.VMs.At(i).Compute)
		payg.Add(res.VMs.At(i).PAYGCompute)
	}
	if want := m64(payg.Micros()) - m64(compute.Micros()); saved != want {
		t.Fatalf("x_PayAsYouGoCost − EffectiveCost sums to %d µ$; summary's savings_usd is %d", saved, want)
	}
	_ = strconv.Itoa
}

// m64 is a figure as an int64; the tests' figures are small.
// exact is a decimal cell as an exact fraction.
func exact(t *testing.T, s string) *big.Rat {
	t.Helper()
	x, ok := new(big.Rat).SetString(s)
	if !ok || !number.MatchString(s) {
		t.Fatalf("%q is not a plain decimal", s)
	}
	return x
}

func m64(m pricing.Micros) int64 {
	v, ok := m.Int64()
	if !ok {
		panic("m64: " + m.String())
	}
	return v
}

// Two fleets of one pool in one subscription: their per-fleet usage rows are
// usage of two resources (two scale sets), and SPEC R12 and "Output" meter
// usage "per subscription, meter and resource". Each row names its scale
// set, as FOCUS ResourceId and Azure's ResourceId do for the same row; an
// empty resource_id left the two fleets' rows indistinguishable.
func TestPerFleetRowsNameTheirScaleSet(t *testing.T) {
	cfg := &sim.Config{Name: "two", Start: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Horizon: 7200, Seed: 1,
		Notice: sim.NoticeLead{Min: 30, Max: 30}, Billing: sim.AzureBilling, Record: sim.Record{Usage: true},
		Pools: []sim.Pool{{Region: "eastus", SKU: "Standard_D2s_v5", VCPUs: 2, PAYG: usd("0.096"),
			Spot: &pricing.Series{Times: []int64{0}, Values: []int64{int64(usd("0.02"))}}, Capacity: pricing.Constant(pricing.Unlimited)}},
		Fleets: []sim.Fleet{
			{Name: "x", Pool: 0, Count: 1, MaxPrice: pricing.Uncapped, DiskPrice: usd("0.01"), Tenant: "t", Subscription: "s"},
			{Name: "y", Pool: 0, Count: 2, MaxPrice: pricing.Uncapped, DiskPrice: usd("0.02"), Tenant: "t", Subscription: "s"}}}
	res, err := sim.Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, period := range []int64{3600, 86400} {
		var usage, focus bytes.Buffer
		WriteUsage(&usage, res, meter.New(res).Rows(meter.Options{Period: period}))
		WriteFOCUS(&focus, res, meter.New(res).Rows(meter.Options{Period: period}), FOCUS12)
		u, f := readCSV(t, usage.Bytes())[1:], readCSV(t, focus.Bytes())[1:]
		if len(u) != len(f) {
			t.Fatalf("period %d: %d usage rows, %d FOCUS rows", period, len(u), len(f))
		}
		seen := map[string]bool{}
		for i, r := range u {
			if r["resource_id"] != f[i]["ResourceId"] {
				t.Errorf("period %d row %d: resource_id %q, FOCUS ResourceId %q", period, i+1, r["resource_id"], f[i]["ResourceId"])
			}
			k := r["usage_start"] + "|" + r["subscription"] + "|" + r["meter_name"] + "|" + r["resource_id"]
			if seen[k] {
				t.Errorf("period %d: two rows for %s", period, k)
			}
			seen[k] = true
		}
	}
}
