package usage

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
	"github.com/spotsim/spotsim/sim/meter"
)

// readColumns reads a column list transcribed from Azure's dataset-schema
// pages: "n Name" lines, in order.
func readColumns(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cols []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var n int
		var name string
		if _, err := fmt.Sscanf(line, "%d %s", &n, &name); err != nil || n != len(cols)+1 {
			t.Fatalf("%s: %q: want column %d", path, line, len(cols)+1)
		}
		cols = append(cols, name)
	}
	return cols
}

// The EA and MCA files have Azure's columns, in Azure's order and casing,
// as the dataset-schema pages list them: 57 for EA 2024-08-01, 65 for MCA
// 2023-12-01-preview.
func TestAzureHeaders(t *testing.T) {
	res := handWorkedRun(t)
	for _, c := range []struct {
		s    AzureSchema
		file string
		n    int
	}{{AzureEA, "testdata/azure-ea-2024-08-01.columns", 57}, {AzureMCA, "testdata/azure-mca-2023-12-01-preview.columns", 65}} {
		want := readColumns(t, c.file)
		if len(want) != c.n {
			t.Fatalf("%s lists %d columns, want %d", c.file, len(want), c.n)
		}
		var b bytes.Buffer
		if err := WriteAzure(&b, res, meter.New(res).Rows(meter.Options{Period: 86400}), c.s); err != nil {
			t.Fatal(err)
		}
		header, _, _ := strings.Cut(b.String(), "\n")
		if header != strings.Join(want, ",") {
			t.Errorf("%s header:\n%s\nwant\n%s", c.file, header, strings.Join(want, ","))
		}
	}
}

func handWorkedRun(t *testing.T) *sim.Result {
	t.Helper()
	start := time.Date(2026, 1, 5, 0, 30, 0, 0, time.UTC)
	cfg := &sim.Config{Name: "hw", Start: start, Horizon: 7200, Seed: 1, Notice: sim.NoticeLead{Min: 30, Max: 30}, Billing: sim.AzureBilling,
		Record: sim.Record{Events: true, Usage: true},
		Pools: []sim.Pool{{Region: "eastus", SKU: "Standard_D2s_v5", VCPUs: 2, PAYG: usd("0.096"),
			Spot: &pricing.Series{Times: []int64{0, 2700}, Values: []int64{int64(usd("0.02")), int64(usd("0.03"))}}, Capacity: pricing.Constant(pricing.Unlimited)}},
		Fleets: []sim.Fleet{
			{Name: "w", Pool: 0, Count: 1, MaxPrice: pricing.Uncapped, DiskPrice: usd("0.01"), Tenant: "contoso", Subscription: "sub-a", Tags: `{"env":"prod"}`},
			{Name: "r", Pool: 0, Count: 1, Priority: sim.Regular, MaxPrice: pricing.Uncapped, Tenant: "contoso", Subscription: "sub-a"}}}
	res, err := sim.Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The hand-worked run of TestHandWorked in Azure's files: the spot VM's day
// is 2 hours at a time-weighted 0.02625 = 0.0525, pay-as-you-go 0.192.
func TestAzureHandWorked(t *testing.T) {
	res := handWorkedRun(t)
	rows := meter.New(res).Rows(meter.Options{Period: 86400})
	var ea, mca bytes.Buffer
	WriteAzure(&ea, res, rows, AzureEA)
	WriteAzure(&mca, res, rows, AzureMCA)
	e, m := readCSV(t, ea.Bytes()), readCSV(t, mca.Bytes())
	// Rows by fleet, then meter: w's spot compute and disks, r's regular
	// disks (free) and regular compute (meters sort meter.Compute, meter.Disk, meter.RegularCompute).
	if len(e) != 5 || len(m) != 5 {
		t.Fatalf("%d EA and %d MCA rows, want 4 each", len(e)-1, len(m)-1)
	}
	spot := e[1]
	for col, want := range map[string]string{
		"Date": "01/05/2026", "BillingPeriodStartDate": "01/01/2026", "BillingPeriodEndDate": "01/31/2026",
		"MeterCategory": "Virtual Machines", "MeterSubCategory": "Dsv5 Series", "MeterName": "D2s v5 Spot", "MeterRegion": "US East",
		"UnitOfMeasure": "1 Hour", "Quantity": "2.000000", "EffectivePrice": "0.026250", "UnitPrice": "0.026250",
		"CostInBillingCurrency": "0.052500", "PayGPrice": "0.096000", "PricingModel": "Spot", "ChargeType": "Usage",
		"Frequency": "UsageBased", "SubscriptionId": "sub-a", "ResourceGroup": "hw", "ResourceLocation": "eastus",
		"ResourceId":   "/subscriptions/sub-a/resourceGroups/hw/providers/Microsoft.Compute/virtualMachineScaleSets/w",
		"ResourceName": "w", "Tags": `{"env":"prod"}`, "BillingCurrencyCode": "USD", "PublisherType": "Azure",
		"ConsumedService": "Microsoft.Compute", "ServiceFamily": "Compute",
	} {
		if spot[col] != want {
			t.Errorf("EA spot row %s = %q, want %q", col, spot[col], want)
		}
	}
	if e[4]["PricingModel"] != "On Demand" || e[4]["MeterName"] != "D2s v5" || e[4]["Tags"] != "" || e[4]["CostInBillingCurrency"] != "0.192000" {
		t.Errorf("EA regular row: %v", e[4])
	}
	if e[2]["MeterCategory"] != "Storage" || e[2]["MeterName"] != DiskMeter || e[2]["CostInBillingCurrency"] != "0.020000" {
		t.Errorf("EA disk row: %v", e[2])
	}
	for col, want := range map[string]string{"date": "01/05/2026", "pricingModel": "Spot", "costInBillingCurrency": "0.052500",
		"paygCostInBillingCurrency": "0.192000", "costInUsd": "0.052500", "effectivePrice": "0.026250", "location": "US East",
		"resourceGroupName": "hw", "publisherType": "Microsoft", "provider": "Azure"} {
		if m[1][col] != want {
			t.Errorf("MCA spot row %s = %q, want %q", col, m[1][col], want)
		}
	}
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(spot["MeterId"]) ||
		spot["MeterId"] != m[1]["meterId"] || spot["MeterId"] == e[4]["MeterId"] {
		t.Errorf("meter ids: spot %q (MCA %q), regular %q", spot["MeterId"], m[1]["meterId"], e[4]["MeterId"])
	}
}

func TestMeterSubCategory(t *testing.T) {
	for sku, want := range map[string]string{"Standard_D2s_v5": "Dsv5 Series", "Standard_E4ds_v5": "Edsv5 Series",
		"Standard_F2s_v2": "Fsv2 Series", "Standard_NC24ads_A100_v4": "NCadsA100v4 Series", "Standard_D2_v3": "Dv3 Series"} {
		if got := meterSubCategory(sku); got != want {
			t.Errorf("%s: %q, want %q", sku, got, want)
		}
	}
}
