package traces

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spotsim/spotsim/pricing"
)

// agree checks that the hand-split reader and the encoding/csv one give the
// same set or the same positioned error. A file with a quote or a carriage
// return is read by encoding/csv from its start once the hand-split
// reader reaches the line that has it, so the lines before it must agree.
func agree(t *testing.T, data string, kind Kind) {
	t.Helper()
	fast, ferr := readTraceFast([]byte(data), "t.csv", kind)
	slow, serr := readTraceCSV(strings.NewReader(data), "t.csv", kind)
	if fmt.Sprint(ferr) != fmt.Sprint(serr) {
		t.Fatalf("errors differ for %q:\nfast: %v\ncsv:  %v", data, ferr, serr)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("sets differ for %q:\nfast: %+v\ncsv:  %+v", data, fast, slow)
	}
}

func TestFastPathAgreesWithCSV(t *testing.T) {
	const head = "timestamp,region,sku,spot_price_usd\n"
	for _, data := range []string{
		"",
		"\n\n",
		head,
		head + "2026-01-05T00:00:00Z,eastus,D2,0.0192\n2026-01-05T01:00:00Z,eastus,D2,0.02",
		head + "2026-01-05T00:00:00Z,eastus,D2,0.0192\n\n2026-01-05T01:00:00Z,westus,D2,1.5\n",
		head + "2026-01-05T00:00:00+01:00,eastus,D2,0.0192\n",
		head + "2026-01-05T00:00:00.5Z,eastus,D2,0.0192\n",
		head + "2026-01-05T00:00:00Z,eastus,D2,0.0192\n2026-01-05T01:00:00Z,eastus,D2,0,0201\n",
		head + "2026-01-05T00:00:00Z,eastus,D2,0.0192,\n",
		head + "2026-02-30T00:00:00Z,eastus,D2,0.0192\n",
		head + "2026-01-05T24:00:00Z,eastus,D2,0.0192\n",
		head + "1969-12-31T23:59:59Z,eastus,D2,0.0192\n",
		head + "2026-01-05T00:00:00Z,,D2,0.0192\n",
		head + "2026-01-05T00:00:00Z,eastus,D2\n",
		head + "2026-01-05T00:00:00Z,eastus,D2,0.0192,extra\n",
		head + "2026-01-05T00:00:00Z,eastus,D2,-0.01\n",
		head + "2026-01-05T00:00:00Z,eastus,D2,1e-3\n",
		head + "2026-01-05T00:00:00Z,eastus,D2,0.0000000001\n",
		head + "2026-01-05T00:00:00Z,eastus,D2,0.1\n2026-01-05T00:00:00Z,eastus,D2,0.2\n",
		head + "2026-01-05T01:00:00Z,eastus,D2,0.1\n2026-01-05T00:00:00Z,eastus,D2,0.2\n",
		"sku,spot_price_usd,region,timestamp\nD2,0.5,eastus,2026-01-05T00:00:00Z\n",
		"timestamp,region\n2026-01-05T00:00:00Z,eastus\n",
		"\ufefftimestamp,region,sku,spot_price_usd\n2026-01-05T00:00:00Z,eastus,D2,0.5\n",
		// A quote or a carriage return after a bad row, and before one.
		head + "2026-01-05T00:00:00Z,eastus,D2,0.1\n2026-01-05T00:00:00Z,eastus,D2,0.2\n2026-01-05T01:00:00Z,\"eastus\",D2,0.3\n",
		head + "2026-01-05T00:00:00Z,eastus,D2,0.1\n2026-01-05T00:05:00Z,eastus,D2,1e-3\n2026-01-05T01:00:00Z,eastus,D2,0.3\r\n",
		head + "2026-01-05T00:00:00Z,eastus,D2,0.1\n2026-01-05T01:00:00Z,\"east\nus\",D2,0.3\n2026-01-05T00:05:00Z,eastus,D2,1e-3\n",
		head + "2026-01-05T00:00:00Z,eastus,D2,0.1\r\n2026-01-05T00:05:00Z,eastus,D2,1e-3\n",
		"timestamp,region,sku,spot_price_usd\r\n2026-01-05T00:00:00Z,eastus,D2,0.1\n",
	} {
		agree(t, data, PriceTrace)
	}
	const capHead = "timestamp,region,sku,capacity\n"
	for _, data := range []string{
		capHead + "2026-01-05T00:00:00Z,eastus,D2,unlimited\n2026-01-05T01:00:00Z,eastus,D2,3\n",
		capHead + "2026-01-05T00:00:00Z,eastus,D2,-1\n",
		capHead + "2026-01-05T00:00:00Z,eastus,D2,99999999999\n",
		capHead + "2026-01-05T00:00:00Z,eastus,D2,2147483648\n",
		capHead + "2026-01-05T00:00:00Z,eastus,D2,+3\n",
	} {
		agree(t, data, CapacityTrace)
	}
}

func FuzzFastPathAgreesWithCSV(f *testing.F) {
	f.Add("timestamp,region,sku,spot_price_usd\n2026-01-05T00:00:00Z,eastus,D2,0.0192\n", false)
	f.Add("timestamp,region,sku,capacity\n2026-01-05T00:00:00Z,eastus,D2,unlimited\n2026-01-06T00:00:00Z,eastus,D2,7\n", true)
	f.Add("timestamp,region,sku,spot_price_usd\n2026-01-05T00:00:00Z,eastus,D2,0.1\n2026-01-05T00:05:00Z,\"east\nus\",D2,0.1\r\n", false)
	f.Fuzz(func(t *testing.T, data string, capacity bool) {
		kind := PriceTrace
		if capacity {
			kind = CapacityTrace
		}
		agree(t, data, kind)
	})
}

// The price parser over bytes must agree with the one over text.
func FuzzParsePriceBytes(f *testing.F) {
	for _, s := range []string{"0.0192", "-1", "+.5", "1.", ".", "", "12345678901234567890", "0.1234567890", "1.2.3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p1, e1 := pricing.ParsePrice(s)
		p2, e2 := pricing.ParsePriceBytes([]byte(s))
		if p1 != p2 || e1 != e2 {
			t.Fatalf("%q: text %v %v, bytes %v %v", s, p1, e1, p2, e2)
		}
	})
}

// BenchmarkReadTrace: go test -bench=ReadTrace -run='^$' ./pricing/traces
// (2,102,400 rows: B1's year of 5-minute prices for 20 pools).
func BenchmarkReadTrace(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("timestamp,region,sku,spot_price_usd\n")
	const start = 1767571200
	for p := range 20 {
		for i := range 105_120 {
			fmt.Fprintf(&buf, "%s,region%d,Standard_D%ds_v5,0.%05d\n",
				timeText(start+int64(i)*300), p/5, 2<<(p%5), 1000+i%5000)
		}
	}
	data := buf.Bytes()
	b.Run("whole", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			set, err := ReadTraceBytes(data, "b1.csv", PriceTrace)
			if err != nil || len(set.Order) != 20 {
				b.Fatal(err)
			}
		}
	})
	b.Run("blocks", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			set, err := ReadTraceFrom(bytes.NewReader(data), "b1.csv", PriceTrace, int64(len(data)))
			if err != nil || len(set.Order) != 20 {
				b.Fatal(err)
			}
		}
	})
}

func timeText(unix int64) string { return time.Unix(unix, 0).UTC().Format(time.RFC3339) }
