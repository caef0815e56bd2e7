package traces

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spotsim/spotsim/pricing"
)

func day(s string) int64 {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t.Unix()
}

func TestReadAzureRetail(t *testing.T) {
	data, err := os.ReadFile("testdata/azure/retail.json")
	if err != nil {
		t.Fatal(err)
	}
	rp, err := ReadAzureRetail(data, "retail.json")
	if err != nil {
		t.Fatal(err)
	}
	east, west := Pool{"eastus", "Standard_D2s_v5"}, Pool{"westus2", "Standard_D2s_v5"}
	// The two spot items of eastus, in date order; Windows, Low Priority
	// and pay-as-you-go items are not spot points.
	want := map[Pool]*Trace{
		east: {Times: []int64{day("2023-12-01"), day("2024-01-01")}, Values: []int64{10_800_000, 9_600_000}},
		west: {Times: []int64{day("2024-01-01")}, Values: []int64{20_100_000}},
	}
	if !reflect.DeepEqual(rp.Spot.Pools, want) || !reflect.DeepEqual(rp.Spot.Order, []Pool{east, west}) {
		t.Fatalf("spot %+v, order %v", rp.Spot.Pools, rp.Spot.Order)
	}
	if !reflect.DeepEqual(rp.PAYG, map[Pool]pricing.Price{east: 96_000_000}) {
		t.Fatalf("payg %v; want eastus 0.096 (the Linux consumption meter)", rp.PAYG)
	}
	// A list of pages reads the same, every page but the last naming the
	// next one.
	linked := strings.Replace(string(data), `"NextPageLink": null`, `"NextPageLink": "https://prices.azure.com/api/retail/prices?$skip=1000"`, 1)
	if linked == string(data) {
		t.Fatal("testdata/azure/retail.json has no null NextPageLink to replace")
	}
	pages := "[" + linked + "," + string(data) + "]"
	if rp2, err := ReadAzureRetail([]byte(pages), "pages.json"); err != nil || !reflect.DeepEqual(rp2.Spot.Pools, want) {
		t.Fatalf("paged form: %v, %+v", err, rp2)
	}
}

func TestReadAzureRetailErrors(t *testing.T) {
	for _, c := range []struct{ json, want string }{
		{`{"Items": [{"skuName": "D2s v5 Spot", "armRegionName": "eastus", "armSkuName": "Standard_D2s_v5", "retailPrice": "cheap", "effectiveStartDate": "2024-01-01T00:00:00Z"}]}`,
			"x.json: Items[0].retailPrice: want a price (a number), got a string"},
		{`{"Items": [{"skuName": "D2s v5 Spot", "armRegionName": "eastus", "armSkuName": "Standard_D2s_v5", "retailPrice": -1, "effectiveStartDate": "2024-01-01T00:00:00Z"}]}`,
			"Items[0].retailPrice: -1: negative"},
		{`{"Items": [{"skuName": "D2s v5 Spot", "armRegionName": "eastus", "armSkuName": "Standard_D2s_v5", "retailPrice": 1, "effectiveStartDate": "Jan 1"}]}`,
			`Items[0].effectiveStartDate: "Jan 1" is not an RFC 3339 time`},
		{`{"Items": [{"armRegionName": "eastus"}]}`, "Items[0].skuName: want a string, got null"},
		{`{"Items": 3}`, "x.json: Items: want the list of price items, got a number"},
		{`{"Items": []}`, "no Linux spot price items"},
		{"{\n  \"Items\": [,]\n}", "x.json:2:13: not valid JSON"},
		{`7`, "want a Retail Prices page"},
		// A response asked for in another currency (currencyCode='EUR')
		// holds EUR prices: not read as USD.
		{`{"BillingCurrency": "EUR", "Items": [{"currencyCode": "EUR", "skuName": "D2s v5 Spot", "productName": "Virtual Machines Dsv5 Series", "armRegionName": "westeurope", "armSkuName": "Standard_D2s_v5", "retailPrice": 0.0183, "effectiveStartDate": "2024-01-01T00:00:00Z", "type": "Consumption"}]}`,
			`x.json: Items[0].currencyCode: "EUR"; spotsim reads prices in USD`},
		// A saved page whose NextPageLink says more items follow is cut
		// short, alone or as the last of a list of pages.
		{`{"Items": [{"skuName": "D2s v5 Spot", "armRegionName": "eastus", "armSkuName": "Standard_D2s_v5", "retailPrice": 0.0192, "effectiveStartDate": "2024-01-01T00:00:00Z"}], "NextPageLink": "https://prices.azure.com/api/retail/prices?$skip=1000"}`,
			"x.json: NextPageLink: the response continues on another page"},
		{`[{"Items": [], "NextPageLink": "p2"}, {"Items": [{"skuName": "D2s v5 Spot", "armRegionName": "eastus", "armSkuName": "Standard_D2s_v5", "retailPrice": 0.0192, "effectiveStartDate": "2024-01-01T00:00:00Z"}], "NextPageLink": "p3"}]`,
			"x.json: [1].NextPageLink: the response continues on another page"},
		{`{"Items": [{"currencyCode": 1, "skuName": "D2s v5 Spot", "armRegionName": "eastus", "armSkuName": "Standard_D2s_v5", "retailPrice": 0.0192, "effectiveStartDate": "2024-01-01T00:00:00Z"}]}`,
			"x.json: Items[0].currencyCode: want a string, got a number"},
	} {
		_, err := ReadAzureRetail([]byte(c.json), "x.json")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.json, err, c.want)
		}
	}
}

func TestReadAzureSnapshots(t *testing.T) {
	set, err := ReadAzureSnapshots(os.DirFS("testdata/azure/snapshots"), "snapshots")
	if err != nil {
		t.Fatal(err)
	}
	east, west := Pool{"eastus", "Standard_D2s_v5"}, Pool{"westus2", "Standard_D2s_v5"}
	// eastus: 0.0108 from Jan 1; two snapshots on Jan 5, the later (ccc)
	// wins. westus2: the lower of two meters, unchanged on Jan 5: one point.
	want := map[Pool]*Trace{
		east: {Times: []int64{day("2024-01-01"), day("2024-01-05")}, Values: []int64{10_800_000, 9_600_000}},
		west: {Times: []int64{day("2024-01-01")}, Values: []int64{19_900_000}},
	}
	if !reflect.DeepEqual(set.Pools, want) {
		t.Fatalf("%+v", set.Pools)
	}
	if _, err := ReadAzureSnapshots(os.DirFS("testdata"), "testdata"); err == nil || !strings.Contains(err.Error(), "no snapshot folders") {
		t.Fatalf("a folder without snapshots: %v", err)
	}
}

func TestReadAvailability(t *testing.T) {
	data, _ := os.ReadFile("testdata/availability/zone.json")
	a, err := ReadAvailability(data, "zone.json")
	if err != nil {
		t.Fatal(err)
	}
	// 1 = an instance available (the published convention): 1,1,0,0,1,1,1
	// at 600 s ticks is available, gone at 1200 s, back at 2400 s.
	tr := a.Trace(1000)
	if a.Gap != 600 || a.Span() != 4200 || !reflect.DeepEqual(tr, &Trace{Times: []int64{1000, 2200, 3400}, Values: []int64{1, 0, 1}}) {
		t.Fatalf("gap %d span %d trace %+v", a.Gap, a.Span(), tr)
	}
	for _, c := range []struct{ json, want string }{
		{`{"metadata": {"gap_seconds": 0}, "data": [1]}`, "metadata.gap_seconds: 0; want a whole number of seconds > 0"},
		{`{"metadata": {}, "data": [1]}`, "metadata.gap_seconds: want a whole number >= 0, got null"},
		{`{"metadata": {"gap_seconds": 60}, "data": [1, -1]}`, "data[1]: -1 is not accepted"},
		{`{"metadata": {"gap_seconds": 60}, "data": [1, 0.5]}`, "data[1]: 0.5 is not accepted"},
		{`{"metadata": {"gap_seconds": 60}, "data": []}`, "data: empty"},
		{`[1, 0]`, "want {\"metadata\""},
	} {
		if _, err := ReadAvailability([]byte(c.json), "a.json"); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.json, err, c.want)
		}
	}
}

// sharedTraces is ../shared/traces seen from the repository root; this
// package is two folders below it (TestSharedTracesBesideTheModule).
const sharedTraces = "../../../shared/traces"

// skipWithoutTraces skips a real-data test whose file could not be read, or
// fails it when SPOTSIM_REQUIRE_TRACES is set (.ci/run sets it when
// ../shared/traces is beside the clone): a wrong path must not pass as a
// skip, as "../../shared/traces" did after the readers moved to
// pricing/traces.
func skipWithoutTraces(t *testing.T, path string, err error) {
	t.Helper()
	if os.Getenv("SPOTSIM_REQUIRE_TRACES") != "" {
		t.Fatalf("real traces missing at %s (%v), and SPOTSIM_REQUIRE_TRACES says this test must run", path, err)
	}
	t.Skipf("SKIPPED: no real traces at %s (../shared is not beside the clone): %v", path, err)
}

// TestSharedTracesBesideTheModule: sharedTraces names the traces folder of
// the ../shared beside the repository, wherever the repository is.
func TestSharedTracesBesideTheModule(t *testing.T) {
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			t.Fatal("no go.mod above the test's folder")
		}
		root = parent
	}
	got, err := filepath.Abs(sharedTraces)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(filepath.Dir(root), "shared", "traces"); got != want {
		t.Errorf("sharedTraces %q is %s, want %s (../shared/traces beside the repository)", sharedTraces, got, want)
	}
}

// On the real data (figures checked by hand against the dataset's own
// flattened CSV and with a short script over the JSON).
func TestRealAzureSnapshots(t *testing.T) {
	dir := filepath.Join(sharedTraces, "azure-spot-prices-data-az-spot-vms", "history")
	if _, err := os.Stat(dir); err != nil {
		skipWithoutTraces(t, dir, err)
	}
	set, err := ReadAzureSnapshots(os.DirFS(dir), "history")
	if err != nil {
		t.Fatal(err)
	}
	// azure_spot_price_history_selected_skus.csv has 95 (sku, region) pairs;
	// Standard_D2s_v5 in eastus changed 10 times, from 0.031219 on
	// 2022-05-31 to 0.0096 on 2024-01-05.
	if len(set.Order) != 95 {
		t.Errorf("%d pools, want 95", len(set.Order))
	}
	tr := set.Pools[Pool{"eastus", "Standard_D2s_v5"}]
	if tr == nil || len(tr.Times) != 10 || tr.Times[0] != day("2022-05-31") || tr.Values[0] != 31_219_000 ||
		tr.Times[9] != day("2024-01-05") || tr.Values[9] != 9_600_000 {
		t.Fatalf("eastus Standard_D2s_v5: %+v", tr)
	}
}

func TestRealAvailability(t *testing.T) {
	path := filepath.Join(sharedTraces, "cant-be-late-spot-traces", "availability", "1-node", "aws-02-15-2023", "us-east-1a_v100_1.json")
	data, err := os.ReadFile(path)
	if err != nil {
		skipWithoutTraces(t, path, err)
	}
	a, err := ReadAvailability(data, path)
	if err != nil {
		t.Fatal(err)
	}
	// 20,158 ticks of 195 s, 3,360 of them available; 507 changes, the
	// first to 1 at tick 246.
	sum := int64(0)
	for _, c := range a.Counts {
		sum += c
	}
	tr := a.Trace(0)
	if a.Gap != 195 || len(a.Counts) != 20158 || sum != 3360 || len(tr.Times) != 507 || tr.Times[1] != 246*195 || tr.Values[1] != 1 {
		t.Fatalf("gap %d ticks %d available %d changes %d, second %d=%d", a.Gap, len(a.Counts), sum, len(tr.Times), tr.Times[1], tr.Values[1])
	}
}

func FuzzReadAzureRetail(f *testing.F) {
	data, _ := os.ReadFile("testdata/azure/retail.json")
	f.Add(data)
	f.Add([]byte(`[{"skuName":"a Spot","armRegionName":"r","armSkuName":"s","retailPrice":1,"effectiveStartDate":"2024-01-01T00:00:00Z"}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rp, err := ReadAzureRetail(data, "f.json")
		if err != nil {
			return
		}
		for _, p := range rp.Spot.Order {
			tr := rp.Spot.Pools[p]
			for i := 1; i < len(tr.Times); i++ {
				if tr.Times[i] <= tr.Times[i-1] {
					t.Fatalf("%s: times not increasing", p)
				}
			}
		}
	})
}

func FuzzReadAvailability(f *testing.F) {
	data, _ := os.ReadFile("testdata/availability/zone.json")
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ReadAvailability(data, "f.json")
		if err != nil {
			return
		}
		tr := a.Trace(0)
		if a.Gap <= 0 || len(tr.Times) == 0 || len(tr.Times) > len(a.Counts) {
			t.Fatalf("gap %d, %d points from %d ticks", a.Gap, len(tr.Times), len(a.Counts))
		}
	})
}

func FuzzReadSnapshot(f *testing.F) {
	data, _ := os.ReadFile("testdata/azure/snapshots/2024-01-01_aaa/Standard_D2s_v5.json")
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		prices, err := readSnapshot(data, "s.json")
		if err == nil {
			for r, p := range prices {
				if r == "" || p < 0 {
					t.Fatalf("%q: %v", r, p)
				}
			}
		}
	})
}
