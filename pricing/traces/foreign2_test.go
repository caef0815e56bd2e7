package traces

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spotsim/spotsim/pricing"
)

func at(s string) int64 {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.Unix()
}

func TestReadAWSSpotHistory(t *testing.T) {
	data, _ := os.ReadFile("testdata/aws/history.json")
	set, err := ReadAWSSpotHistory(data, "history.json")
	if err != nil {
		t.Fatal(err)
	}
	// Newest first in the file, sorted here; Windows left out.
	want := map[Pool]*Trace{
		{"us-east-1a", "p3.2xlarge"}: {Times: []int64{at("2022-05-31T18:20:41Z"), at("2022-05-31T21:13:42Z")}, Values: []int64{910_500_000, 918_000_000}},
		{"us-west-2b", "p3.2xlarge"}: {Times: []int64{at("2022-05-31T19:00:00Z")}, Values: []int64{900_000_000}},
	}
	if !reflect.DeepEqual(set.Pools, want) {
		t.Fatalf("%+v", set.Pools)
	}
	for _, c := range []struct{ json, want string }{
		{`{"SpotPriceHistory": [{"AvailabilityZone": "a", "InstanceType": "t", "ProductDescription": "Linux/UNIX", "SpotPrice": 0.9, "Timestamp": "2022-05-31T19:00:00Z"}]}`, "SpotPriceHistory[0].SpotPrice: want a string, got a number"},
		{`{"SpotPriceHistory": [{"AvailabilityZone": "a", "InstanceType": "t", "ProductDescription": "Linux/UNIX", "SpotPrice": "x", "Timestamp": "2022-05-31T19:00:00Z"}]}`, `SpotPrice: "x" is not a price`},
		{`{"SpotPriceHistory": [{"AvailabilityZone": "a", "InstanceType": "t", "ProductDescription": "Linux/UNIX", "SpotPrice": "1", "Timestamp": "yesterday"}]}`, `Timestamp: "yesterday" is not an RFC 3339 time`},
		{`{"SpotPriceHistory": []}`, "no Linux/UNIX spot prices"},
	} {
		if _, err := ReadAWSSpotHistory([]byte(c.json), "a.json"); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.json, err, c.want)
		}
	}
}

func TestReadFleetLog(t *testing.T) {
	data, _ := os.ReadFile("testdata/bamboo/fleet.csv")
	tr, err := ReadFleetLog(data, "fleet.csv", 1000)
	if err != nil {
		t.Fatal(err)
	}
	// n1 at 0 s; n2 at 1.5 s and n3 at 1.9 s fall in second 1; n2 leaves
	// at 60 s and n4 comes at 60.5 s: still 3; n1 leaves at 120 s.
	want := &Trace{Times: []int64{1000, 1001, 1120}, Values: []int64{1, 3, 2}}
	if !reflect.DeepEqual(tr, want) {
		t.Fatalf("%+v, want %+v", tr, want)
	}
	for _, c := range []struct{ log, want string }{
		{"0,add,n1\n5,add,n1\n", "fleet.csv:2:3: adds node \"n1\", which is already live"},
		{"0,remove,n1\n", "removes node \"n1\", which is not live"},
		{"10,add,n1\n5,add,n2\n", "fleet.csv:2:1: 5 ms is before the previous event"},
		{"0,join,n1\n", `"join" is not an event`},
		{"0,add\n", "has 2 fields"},
		{"", "empty"},
	} {
		if _, err := ReadFleetLog([]byte(c.log), "fleet.csv", 0); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.log, err, c.want)
		}
	}
}

func TestReadResourceGraph(t *testing.T) {
	data, _ := os.ReadFile("testdata/resourcegraph/spot.json")
	rg, err := ReadResourceGraph(data, "spot.json")
	if err != nil {
		t.Fatal(err)
	}
	pool := Pool{"eastus", "standard_d2s_v5"}
	want := &Trace{Times: []int64{at("2023-12-01T00:00:00Z"), at("2024-01-05T00:00:00Z")}, Values: []int64{10_080_000, 9_600_000}}
	if !reflect.DeepEqual(rg.Prices.Pools[pool], want) || len(rg.Prices.Order) != 1 || rg.EvictionRates[pool] != "0-5" {
		t.Fatalf("prices %+v, rates %v", rg.Prices.Pools, rg.EvictionRates)
	}
	for _, c := range []struct{ json, want string }{
		{`{"data": [{"type": "microsoft.compute/skuspotevictionrate/location", "location": "eastus", "sku": {"name": "x"}, "properties": {"evictionRate": "50+"}}]}`, `data[0].properties.evictionRate: "50+" is not a band`},
		{`{"data": [{"type": "microsoft.compute/skuspotpricehistory/ostype/location", "location": "eastus", "sku": {"name": "x"}, "properties": {"osType": "Linux", "spotPrices": [{"effectiveDate": "2024-01-01T00:00:00Z", "priceUSD": "1"}]}}]}`, "data[0].properties.spotPrices[0].priceUSD: want a price"},
		// A type spotsim does not read is an error, not silently skipped:
		// ospricehistory is what spotsim once took for the price type.
		{`{"data": [{"type": "microsoft.compute/skuspotpricehistory/ospricehistory", "location": "eastus", "sku": {"name": "x"}, "properties": {}}]}`, `rg.json: data[0].type: "microsoft.compute/skuspotpricehistory/ospricehistory" is not a SpotResources type spotsim reads; want microsoft.compute/skuspotpricehistory/ostype/location`},
		{`{"data": [{"type": "Microsoft.Compute/virtualMachines", "location": "eastus"}]}`, `data[0].type: "microsoft.compute/virtualmachines" is not a SpotResources type`},
		{`{"data": [{"skuName": "x", "location": "eastus", "price": 1}]}`, "data[0]: want a SpotResources row (with type), or a row of Azure's sample queries"},
		{`{"data": [{"skuName": "x", "location": "eastus", "spotEvictionRate": "0-5"}, {"skuName": "X", "location": "EastUS", "spotEvictionRate": "5-10"}]}`, "data[1].spotEvictionRate: EastUS/X has a second eviction rate"},
		{`[{"data": [{"skuName": "x", "location": "eastus", "latestSpotPriceUSD": 0.1}]}, {"data": [{"skuName": "x", "location": "eastus", "latestSpotPriceUSD": 0.2}]}]`, "[1].data[0]: eastus/x appears twice"},
		{`{"data": [{"skuName": "x", "location": "eastus", "latestSpotPriceUSD": 0.1}], "skip_token": "ew0KICAiJGlkIjogIjEiLA0K"}`, "skip_token: the query's output is cut short"},
		{`{"data": []}`, "no Linux spot price or eviction-rate rows"},
		{`{"rows": []}`, "data: want the query's rows"},
	} {
		if _, err := ReadResourceGraph([]byte(c.json), "rg.json"); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.json, err, c.want)
		}
	}
}

// The output of Azure's two documented sample queries (spot-vms.md),
// hand-made in their shape (testdata/resourcegraph/README.md): latest
// prices without dates, and bands, one with a % sign. Pools match whatever
// the case, as Azure's names do.
func TestReadResourceGraphSampleQueries(t *testing.T) {
	prices, _ := os.ReadFile("testdata/resourcegraph/sample-prices.json")
	evictions, _ := os.ReadFile("testdata/resourcegraph/sample-evictions.json")
	rg, err := ReadResourceGraph(prices, "sample-prices.json")
	if err != nil {
		t.Fatal(err)
	}
	tr, latest, ok := rg.Price(Pool{"EastUS", "Standard_D4s_v4"})
	if !ok || tr != nil || latest != 23_040_000 || len(rg.Latest) != 4 {
		t.Fatalf("price of eastus D4s_v4: %v %v %v; latest %v", tr, latest, ok, rg.Latest)
	}
	rg, err = ReadResourceGraph(evictions, "sample-evictions.json")
	if err != nil {
		t.Fatal(err)
	}
	for pool, want := range map[Pool]string{{"eastus", "Standard_D2s_v4"}: "0-5", {"southcentralus", "Standard_D2s_v4"}: "5-10", {"southcentralus", "standard_d4s_v4"}: "20+"} {
		if got, ok := rg.Rate(pool); !ok || got != want {
			t.Errorf("%s: band %q %v, want %q", pool, got, ok, want)
		}
	}
	if _, ok := rg.Rate(Pool{"westeurope", "Standard_D2s_v4"}); ok {
		t.Error("a pool not in the file has a rate")
	}
	// Both queries' outputs in one file, as a list.
	both := append(append(append([]byte("["), prices...), ','), append(evictions, ']')...)
	if rg, err = ReadResourceGraph(both, "both.json"); err != nil || len(rg.Latest) != 4 || len(rg.EvictionRates) != 4 {
		t.Fatalf("both: %v, %+v", err, rg)
	}
}

// Azure defines the rate as the chance of an eviction within the next
// hour, so a band's probability p (its midpoint; 25 % for 20+) is the
// hazard −ln(1 − p): over an hour, 1 − e^−hazard = p again.
func TestEvictionBandHazard(t *testing.T) {
	for _, c := range []struct {
		text, band string
		p          float64
	}{{"0-5", "0-5", 0.025}, {"5-10%", "5-10", 0.075}, {" 10-15 ", "10-15", 0.125}, {"15-20", "15-20", 0.175}, {"20+", "20+", 0.25}, {"20 +%", "20+", 0.25}} {
		band, ok := pricing.ParseEvictionBand(c.text)
		if !ok || band != c.band {
			t.Errorf("%q: %q %v, want %q", c.text, band, ok, c.band)
			continue
		}
		h := pricing.EvictionBandHazard(band)
		if got := 1 - math.Exp(-h); math.Abs(got-c.p) > 1e-12 || h <= c.p {
			t.Errorf("%s: hazard %v gives %v per hour, want %v (and a hazard above p)", band, h, got, c.p)
		}
	}
	if h := pricing.EvictionBandHazard("10-15"); math.Abs(h-0.13353139262452263) > 1e-15 {
		t.Errorf("10-15: %v", h)
	}
	for _, bad := range []string{"5-15", "50+", "", "%", "0-5%%"} {
		if _, ok := pricing.ParseEvictionBand(bad); ok {
			t.Errorf("%q read as a band", bad)
		}
	}
}

func TestRealFleetLog(t *testing.T) {
	path := filepath.Join(sharedTraces, "bamboo-traces", "traces", "p3-trace.csv")
	data, err := os.ReadFile(path)
	if err != nil {
		skipWithoutTraces(t, path, err)
	}
	tr, err := ReadFleetLog(data, path, 0)
	if err != nil {
		t.Fatal(err)
	}
	// SOURCE.md: 344 events over 11.37 h, peak 32 live nodes.
	peak := int64(0)
	for _, v := range tr.Values {
		peak = max(peak, v)
	}
	if peak != 32 || tr.Times[len(tr.Times)-1] < 11*3600 || tr.Times[len(tr.Times)-1] > 12*3600 {
		t.Fatalf("peak %d, last change at %d s", peak, tr.Times[len(tr.Times)-1])
	}
}

// TestRealAWSSpotHistory: the AWS archive in ../shared/traces is
// zstd-compressed TSV, the columns of describe-spot-price-history
// (AvailabilityZone as the zone id, InstanceType, ProductDescription,
// SpotPrice, Timestamp). The standard library has no zstd decoder, so the
// zstd command decompresses it (skipped without one); each row becomes an
// item of the CLI's JSON, which the reader then reads. Figures checked by
// hand with a short script over the TSV: 9,281 Linux/UNIX rows (of 33,362)
// in 9,100 zone × type pools, no time repeated within a pool.
func TestRealAWSSpotHistory(t *testing.T) {
	path := filepath.Join(sharedTraces, "aws-spot-price-history-pauley", "prices", "2022", "05.tsv.zst")
	if _, err := os.Stat(path); err != nil {
		skipWithoutTraces(t, path, err)
	}
	zstd, err := exec.LookPath("zstd")
	if err != nil {
		t.Skipf("SKIPPED: no zstd command to decompress %s: %v", path, err)
	}
	tsv, err := exec.Command(zstd, "-dc", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	type item struct{ AvailabilityZone, InstanceType, ProductDescription, SpotPrice, Timestamp string }
	var page struct{ SpotPriceHistory []item }
	for i, line := range strings.Split(strings.TrimSuffix(string(tsv), "\n"), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			t.Fatalf("line %d: %d fields: %q", i+1, len(f), line)
		}
		page.SpotPriceHistory = append(page.SpotPriceHistory, item{f[0], f[1], f[2], f[3], f[4]})
	}
	if n := len(page.SpotPriceHistory); n != 33362 {
		t.Fatalf("%d rows, want 33,362 (SOURCE.md)", n)
	}
	data, err := json.Marshal(page)
	if err != nil {
		t.Fatal(err)
	}
	set, err := ReadAWSSpotHistory(data, "05.json")
	if err != nil {
		t.Fatal(err)
	}
	points := 0
	for _, tr := range set.Pools {
		points += len(tr.Times)
	}
	if len(set.Order) != 9100 || points != 9281 {
		t.Errorf("%d pools, %d points; want 9,100 and 9,281", len(set.Order), points)
	}
	// SOURCE.md's example row, and the pool with the most changes.
	want := map[Pool]*Trace{
		{"use2-az1", "p3.2xlarge"}: {Times: []int64{at("2022-05-31T21:13:42Z")}, Values: []int64{918_000_000}},
		{"sae1-az1", "c5ad.16xlarge"}: {
			Times:  []int64{at("2022-05-31T23:05:26Z"), at("2022-05-31T23:05:31Z"), at("2022-05-31T23:06:31Z")},
			Values: []int64{1_358_800_000, 1_347_400_000, 1_358_800_000},
		},
	}
	for pool, w := range want {
		if got := set.Pools[pool]; !reflect.DeepEqual(got, w) {
			t.Errorf("%v: %+v, want %+v", pool, got, w)
		}
	}
}

func FuzzReadAWSSpotHistory(f *testing.F) {
	data, _ := os.ReadFile("testdata/aws/history.json")
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		if set, err := ReadAWSSpotHistory(data, "f.json"); err == nil {
			checkIncreasing(t, set)
		}
	})
}

func FuzzReadFleetLog(f *testing.F) {
	data, _ := os.ReadFile("testdata/bamboo/fleet.csv")
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := ReadFleetLog(data, "f.csv", 0)
		if err != nil {
			return
		}
		for i := range tr.Times {
			if tr.Values[i] < 0 || i > 0 && (tr.Times[i] <= tr.Times[i-1] || tr.Values[i] == tr.Values[i-1]) {
				t.Fatalf("%+v", tr)
			}
		}
	})
}

func FuzzReadResourceGraph(f *testing.F) {
	for _, name := range []string{"spot.json", "sample-prices.json", "sample-evictions.json"} {
		data, _ := os.ReadFile("testdata/resourcegraph/" + name)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if rg, err := ReadResourceGraph(data, "f.json"); err == nil {
			checkIncreasing(t, rg.Prices)
		}
	})
}

func checkIncreasing(t *testing.T, set *TraceSet) {
	for _, p := range set.Order {
		tr := set.Pools[p]
		for i := 1; i < len(tr.Times); i++ {
			if tr.Times[i] <= tr.Times[i-1] {
				t.Fatalf("%s: times not increasing", p)
			}
		}
	}
}

// Retail Prices JSON writes tiny prices with an exponent; they are read when
// exact in nano-dollars, and refused otherwise.
func TestJSONPriceExponents(t *testing.T) {
	for _, c := range []struct {
		text string
		want pricing.Price
		ok   bool
	}{{"1.2E-05", 12_000, true}, {"4e-3", 4_000_000, true}, {"0.0096", 9_600_000, true}, {"1.5E-10", 0, false}, {"-1e-3", 0, false}} {
		doc := `{"Items": [{"skuName": "D2s v5 Spot", "armRegionName": "eastus", "armSkuName": "Standard_D2s_v5", "retailPrice": ` + c.text + `, "effectiveStartDate": "2024-01-01T00:00:00Z"}]}`
		rp, err := ReadAzureRetail([]byte(doc), "x.json")
		if (err == nil) != c.ok {
			t.Errorf("%s: error %v, want ok %v", c.text, err, c.ok)
			continue
		}
		if c.ok {
			if got := rp.Spot.Pools[Pool{"eastus", "Standard_D2s_v5"}].Values[0]; got != int64(c.want) {
				t.Errorf("%s: %d, want %d", c.text, got, c.want)
			}
		}
	}
}
