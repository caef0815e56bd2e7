package traces

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// streamAgrees checks that reading data a block at a time, for block sizes
// that split lines, fields and the header anywhere, gives what reading it
// whole gives: the same set or the same positioned error.
func streamAgrees(t *testing.T, data string, kind Kind) {
	t.Helper()
	whole, werr := ReadTraceBytes([]byte(data), "t.csv", kind)
	for _, block := range []int{1, 2, 3, 7, 16, 61, 1 << 20} {
		for _, size := range []int64{0, 1, int64(len(data)), 1 << 40} {
			got, err := readTraceBlocks(strings.NewReader(data), "t.csv", kind, size, block)
			if fmt.Sprint(err) != fmt.Sprint(werr) {
				t.Fatalf("block %d, size %d: errors differ for %q:\nstream: %v\nwhole:  %v", block, size, data, err, werr)
			}
			if !reflect.DeepEqual(got, whole) {
				t.Fatalf("block %d, size %d: sets differ for %q:\nstream: %+v\nwhole:  %+v", block, size, data, got, whole)
			}
		}
	}
}

func TestStreamAgreesWithWhole(t *testing.T) {
	const head = "timestamp,region,sku,spot_price_usd\n"
	for _, data := range []string{
		"",
		"\n\n",
		head,
		head + "2026-01-05T00:00:00Z,eastus,D2,0.0192\n2026-01-05T01:00:00Z,eastus,D2,0.02",
		head + "2026-01-05T00:00:00Z,eastus,D2,0.0192\n\n2026-01-05T01:00:00Z,westus,D2,1.5\n",
		head + "2026-01-05T00:00:00Z,eastus,D2,0.0192\n2026-01-05T00:05:00Z,westus,D2,1.5\n2026-01-05T00:10:00Z,eastus,D2,0.5\n",
		head + "2026-01-05T00:00:00Z,eastus,D2,0.1\n2026-01-05T00:00:00Z,eastus,D2,0.2\n",
		head + "2026-01-05T00:00:00Z,eastus,D2,0.0192,extra\n",
		// Quotes and carriage returns go to encoding/csv, read again
		// from the start however late they come.
		head + "2026-01-05T00:00:00Z,eastus,D2,0.0192\r\n2026-01-05T01:00:00Z,eastus,D2,0.02\r\n",
		head + "2026-01-05T00:00:00Z,eastus,D2,0.0192\n2026-01-05T01:00:00Z,\"eastus\",D2,0.02\n",
		head + "2026-01-05T00:00:00Z,eastus,D2,0.0192\n2026-01-05T01:00:00Z,\"east\nus\",D2,0.02\n",
		"timestamp,region,sku,capacity\n2026-01-05T00:00:00Z,eastus,D2,unlimited\n2026-01-05T01:00:00Z,eastus,D2,3\n",
	} {
		kind := PriceTrace
		if strings.Contains(data, "capacity") {
			kind = CapacityTrace
		}
		streamAgrees(t, data, kind)
	}
}

// A trace whose rows outnumber the size hint still reads whole: the pools
// past the hint's room grow their own slices.
func TestStreamSizeHintTooSmall(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("timestamp,region,sku,spot_price_usd\n")
	for pool := range 3 {
		for h := range 24 {
			// Later rows are shorter than the first, so the hint
			// (size over the first row's length) undercounts.
			fmt.Fprintf(&b, "2026-01-05T%02d:00:00Z,r%d,D2%s,0.%d\n", h, pool, strings.Repeat("x", 40-h), h+1)
		}
	}
	streamAgrees(t, b.String(), PriceTrace)
}

func FuzzStreamAgreesWithWhole(f *testing.F) {
	f.Add("timestamp,region,sku,spot_price_usd\n2026-01-05T00:00:00Z,eastus,D2,0.0192\n", false)
	f.Add("timestamp,region,sku,capacity\n2026-01-05T00:00:00Z,eastus,D2,unlimited\r\n2026-01-06T00:00:00Z,eastus,D2,7\n", true)
	f.Fuzz(func(t *testing.T, data string, capacity bool) {
		kind := PriceTrace
		if capacity {
			kind = CapacityTrace
		}
		streamAgrees(t, data, kind)
	})
}
