package traces

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spotsim/spotsim/pricing"
)

func TestReadTraceErrors(t *testing.T) {
	const head = "timestamp,region,sku,spot_price_usd\n"
	cases := []struct{ name, in, want string }{
		{"unsorted", head + "2026-01-05T01:00:00Z,eastus,D2,0.02\n2026-01-05T00:00:00Z,eastus,D2,0.03\n",
			"p.csv:3:1: timestamp: 2026-01-05T00:00:00Z for eastus/D2 is before the pool's previous point"},
		{"duplicate", head + "2026-01-05T00:00:00Z,eastus,D2,0.02\n2026-01-05T00:00:00Z,eastus,D2,0.03\n",
			"p.csv:3:1: timestamp: 2026-01-05T00:00:00Z for eastus/D2 is the same as the pool's previous point"},
		{"negative", head + "2026-01-05T00:00:00Z,eastus,D2,-0.02\n", "p.csv:2:32: spot_price_usd: \"-0.02\" is negative"},
		{"nan", head + "2026-01-05T00:00:00Z,eastus,D2,NaN\n", "p.csv:2:32: spot_price_usd: \"NaN\": not a decimal number"},
		{"bad time", head + "yesterday,eastus,D2,0.02\n", "p.csv:2:1: timestamp: \"yesterday\" is not an RFC 3339 time"},
		// Cut to the second silently before: two points in one second then
		// read as "the same as the pool's previous point".
		{"fraction of a second", head + "2026-01-05T00:00:00.5Z,eastus,D2,0.02\n", "p.csv:2:1: timestamp: \"2026-01-05T00:00:00.5Z\" has a fraction of a second"},
		{"zero fraction", head + "2026-01-05T00:00:00.000Z,eastus,D2,0.02\n2026-01-05T00:00:00Z,eastus,D2,0.03\n",
			"p.csv:3:1: timestamp: 2026-01-05T00:00:00Z for eastus/D2 is the same as the pool's previous point"},
		{"missing column", "timestamp,region,sku\n", "p.csv:1:1: header lacks column \"spot_price_usd\""},
		{"no rows", head, "p.csv:1:1: no data rows"},
		{"empty", "", "p.csv: empty file"},
		{"short row", head + "2026-01-05T00:00:00Z,eastus\n", "p.csv:2:1: has 2 fields"},
		// A decimal comma (0,0201) split the price in two: the row was read
		// as a price of 0 and the rest ignored, silently.
		{"long row", head + "2026-01-05T00:00:00Z,eastus,D2,0.02\n2026-01-05T12:00:00Z,eastus,D2,0,0201\n", "p.csv:3:1: has 5 fields; the header has 4"},
		{"long row, quoted", head + "2026-01-05T00:00:00Z,eastus,D2,\"0\",0201\n", "p.csv:2:1: has 5 fields; the header has 4"},
		{"long row, capacity", "timestamp,region,sku,capacity\n2026-01-05T00:00:00Z,eastus,D2,1,000\n", "p.csv:2:1: has 5 fields; the header has 4"},
		// Issue #21: the last of two price columns was used, silently.
		// Issue 14's per-zone rows: a zone column was ignored, so zone 1's
		// and zone 2's prices became one series for every zone, silently.
		{"zone column", "timestamp,region,zone,sku,spot_price_usd\n2026-01-05T00:00:00Z,eastus,1,D2,0.02\n2026-01-05T00:05:00Z,eastus,2,D2,0.03\n",
			"p.csv:1:18: column \"zone\": trace rows name no zone"},
		{"zone column, capacity", "timestamp,region,sku,capacity,availability_zone\n2026-01-05T00:00:00Z,eastus,D2,1,1\n",
			"p.csv:1:31: column \"availability_zone\": trace rows name no zone"},
		{"column twice", "timestamp,region,sku,spot_price_usd,spot_price_usd\n2026-01-05T00:00:00Z,eastus,D2,0.02,0.03\n",
			"p.csv:1:37: column \"spot_price_usd\" given twice (fields 4 and 5)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			kind := PriceTrace
			if strings.HasPrefix(c.in, "timestamp,region,sku,capacity") {
				kind = CapacityTrace
			}
			_, err := ReadTrace(strings.NewReader(c.in), "p.csv", kind)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestReadCapacity(t *testing.T) {
	in := "timestamp,region,sku,capacity\n2026-01-05T00:00:00Z,eastus,D2,3\n2026-01-05T02:00:00Z,eastus,D2,unlimited\n"
	set, err := ReadTrace(strings.NewReader(in), "c.csv", CapacityTrace)
	if err != nil {
		t.Fatal(err)
	}
	tr := set.Pools[Pool{"eastus", "D2"}]
	if !reflect.DeepEqual(tr.Values, []int64{3, pricing.Unlimited}) || tr.FirstLine != 2 {
		t.Errorf("got %+v", tr)
	}
	if _, err := ReadTrace(strings.NewReader(strings.Replace(in, ",3\n", ",-3\n", 1)), "c.csv", CapacityTrace); err == nil {
		t.Error("negative capacity accepted")
	}
}

func TestWindow(t *testing.T) {
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC).Unix()
	tr := &Trace{Times: []int64{start - 100, start - 10, start + 50, start + 200}, Values: []int64{1, 2, 3, 4}}
	s, err := tr.Window(start, start+200)
	if err != nil {
		t.Fatal(err)
	}
	want := pricing.Series{Times: []int64{0, 50}, Values: []int64{2, 3}}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("Window = %+v, want %+v", s, want)
	}
	late := &Trace{Times: []int64{start + 1}, Values: []int64{1}}
	if _, err := late.Window(start, start+10); err == nil || !strings.Contains(err.Error(), "after the scenario start") {
		t.Errorf("late trace: %v", err)
	}
}

// FuzzTraceRoundTrip: whatever ReadTrace accepts, WriteTrace writes back to
// a file that reads as the same set.
func FuzzTraceRoundTrip(f *testing.F) {
	f.Add("timestamp,region,sku,spot_price_usd\n2026-01-05T00:00:00Z,eastus,D2,0.02\n2026-01-05T01:00:00Z,eastus,D2,0.05\n2026-01-05T00:00:00Z,westus,D4,1.5\n", false)
	f.Add("timestamp,region,sku,capacity\n2026-01-05T00:00:00Z,eastus,D2,3\n2026-01-05T00:10:00+01:00,eastus,D2,unlimited\n", true)
	f.Add("sku,timestamp,extra,region,spot_price_usd\nD2,2026-01-05T00:00:00Z,x,\"east,us\",0.000000001\n", false)
	f.Fuzz(func(t *testing.T, in string, capacity bool) {
		kind := PriceTrace
		if capacity {
			kind = CapacityTrace
		}
		set, err := ReadTrace(strings.NewReader(in), "f.csv", kind)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := WriteTrace(&buf, set, kind); err != nil {
			t.Fatal(err)
		}
		written := buf.String()
		back, err := ReadTrace(&buf, "f.csv", kind)
		if err != nil {
			t.Fatalf("written trace does not read back: %v\n%s", err, written)
		}
		if !reflect.DeepEqual(back.Order, set.Order) {
			t.Fatalf("pool order changed:\n%s", written)
		}
		for _, p := range set.Order { // line numbers are not data: compare points
			a, b := set.Pools[p], back.Pools[p]
			if !reflect.DeepEqual(a.Times, b.Times) || !reflect.DeepEqual(a.Values, b.Values) {
				t.Fatalf("%s changed:\n%s", p, written)
			}
		}
	})
}
