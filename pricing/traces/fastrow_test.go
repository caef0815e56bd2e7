package traces

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// rowBreaks are the ways a row can depart from the shape fastRow reads,
// each given the row in that shape (time, pool and price as text) and
// giving the row to write instead. Some are still fastRow's shape, some
// are rows the general path accepts, some it rejects.
var rowBreaks = []func(ts, pool, price string) string{
	func(ts, pool, price string) string { return ts + "," + pool + "," + price + "\n" },
	func(ts, pool, price string) string { return ts + "," + pool + "," + price + "\r\n" },
	func(ts, pool, price string) string { return ts + "," + pool + "\n" },
	func(ts, pool, price string) string { return ts + "," + pool + "," + price + ",x\n" },
	func(ts, pool, price string) string { return ts + "," + pool + "," + price + ",\n" },
	func(ts, pool, price string) string {
		return ts + ",\"" + pool[:3] + "\"" + pool[3:] + "," + price + "\n"
	},
	func(ts, pool, price string) string { return "\n" + ts + "," + pool + "," + price + "\n" },
	func(ts, pool, price string) string { return ts + "," + pool + "," + price + " \n" },
	func(ts, pool, price string) string { return " " + ts + "," + pool + "," + price + "\n" },
	func(ts, pool, price string) string { return ts[:19] + "+00:00," + pool + "," + price + "\n" },
	func(ts, pool, price string) string { return ts[:19] + ".5Z," + pool + "," + price + "\n" },
	func(ts, pool, price string) string { return ts[:19] + "z," + pool + "," + price + "\n" },
	func(ts, pool, price string) string { return ts[:11] + "24" + ts[13:] + "," + pool + "," + price + "\n" },
	func(ts, pool, price string) string { return ts[:14] + "60" + ts[16:] + "," + pool + "," + price + "\n" },
	func(ts, pool, price string) string { return ts[:17] + "60" + ts[19:] + "," + pool + "," + price + "\n" },
	func(ts, pool, price string) string { return ts[:17] + "6x" + ts[19:] + "," + pool + "," + price + "\n" },
	func(ts, pool, price string) string { return ts[:11] + "x9" + ts[13:] + "," + pool + "," + price + "\n" },
	func(ts, pool, price string) string { return ts[:17] + "0:" + ts[19:] + "," + pool + "," + price + "\n" },
	func(ts, pool, price string) string { return ts[:14] + "1:" + ts[16:] + "," + pool + "," + price + "\n" },
	func(ts, pool, price string) string { return ts[:11] + "0@" + ts[13:] + "," + pool + "," + price + "\n" },
	func(ts, pool, price string) string { return ts[:10] + " " + ts[11:] + "," + pool + "," + price + "\n" },
	func(ts, pool, price string) string { return ts + "," + pool + "x," + price + "\n" },
	func(ts, pool, price string) string {
		return ts + ",," + pool[strings.IndexByte(pool, ',')+1:] + "," + price + "\n"
	},
	func(ts, pool, price string) string {
		return ts + "," + pool[:strings.IndexByte(pool, ',')] + ",," + price + "\n"
	},
	func(ts, pool, price string) string { return ts + "\x00," + pool + "," + price + "\n" },
}

// oddPrices are prices around the edges of fastRow's shape.
var oddPrices = []string{
	"0", "0.0", "1.", ".5", ".", "", "-0.5", "+0.5", "1e-3", "0x10", "1.2.3",
	"0.000000001", "0.1234567890", "0.1000000000", "0.12345678901",
	"999999999.999999999", "4611686018", "4611686019", "12345678901234567890",
	"00012.50", "5", "0.01849",
}

// scriptedTrace writes a price trace in fastRow's shape, each byte of
// script choosing how the next row departs from it: a new pool, a pool
// seen before, a later day, a time not after the pool's last, an odd
// price, or one of rowBreaks.
func scriptedTrace(script []byte) string {
	pools := []string{"region0,Standard_D2s_v5", "region0,Standard_D2s_v50", "region01,Standard_D2s_v5", "r,D"}
	last := map[string]int64{}
	var b strings.Builder
	b.WriteString("timestamp,region,sku,spot_price_usd\n")
	pool, at := pools[0], int64(1767571200) // 2026-01-05
	for i, c := range script {
		price := fmt.Sprintf("0.%05d", 1000+i*37%5000)
		if i%3 == 0 {
			price = strings.TrimRight(price, "0")
		}
		row := rowBreaks[0]
		switch op := int(c); {
		case op < 128: // the common row: five minutes on, same pool
			at += 300
		case op < 144:
			pool = pools[op%len(pools)]
			if t, ok := last[pool]; ok {
				at = t + 300
			}
		case op < 152:
			at += 86400 * int64(1+op%3)
		case op < 156:
			at -= int64(op%3) * 300
		case op < 200:
			at += 300
			price = oddPrices[op%len(oddPrices)]
		default:
			at += 300
			row = rowBreaks[1+op%(len(rowBreaks)-1)]
		}
		last[pool] = at
		b.WriteString(row(timeText(at), pool, price))
	}
	s := b.String()
	if len(script)%2 == 1 { // and sometimes no newline at the end
		s = strings.TrimSuffix(s, "\n")
	}
	return s
}

// fastRowsAgree checks that data reads the same — the same set or the
// same positioned error — through the general path alone, through
// encoding/csv, and with fastRow, whole and a block at a time.
func fastRowsAgree(t *testing.T, data string, kind Kind) {
	t.Helper()
	want, werr := readGeneral(data, kind)
	if strings.ContainsAny(data, "\"\r") {
		want, werr = readTraceCSV(strings.NewReader(data), "t.csv", kind)
	} else {
		csvSet, csvErr := readTraceCSV(strings.NewReader(data), "t.csv", kind)
		if fmt.Sprint(csvErr) != fmt.Sprint(werr) || !reflect.DeepEqual(csvSet, want) {
			t.Fatalf("general path and encoding/csv differ for %q:\ngeneral: %v\ncsv:     %v", data, werr, csvErr)
		}
	}
	check := func(how string, got *TraceSet, err error) {
		t.Helper()
		if fmt.Sprint(err) != fmt.Sprint(werr) {
			t.Fatalf("%s: errors differ for %q:\ngot:     %v\ngeneral: %v", how, data, err, werr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: sets differ for %q:\ngot:     %+v\ngeneral: %+v", how, data, got, want)
		}
	}
	got, err := ReadTraceBytes([]byte(data), "t.csv", kind)
	check("whole", got, err)
	for _, block := range []int{1, 5, 21, 40, 53, 64, 1 << 20} {
		got, err := readTraceBlocks(strings.NewReader(data), "t.csv", kind, int64(len(data)), block)
		check(fmt.Sprintf("block %d", block), got, err)
	}
}

// readGeneral reads data whole through the general path alone.
func readGeneral(data string, kind Kind) (*TraceSet, error) {
	p := lineParser{name: "t.csv", kind: kind, general: true}
	if err := p.lines([]byte(data)); err != nil {
		return nil, err
	}
	return p.done()
}

// Every way a row can leave fastRow's shape, after rows in that shape
// and before more of them, reads as the general path reads it.
func TestFastRowsAgreeWithGeneral(t *testing.T) {
	for op := range 256 {
		script := []byte{1, 2, 3, byte(op), 4, 5, 6}
		fastRowsAgree(t, scriptedTrace(script), PriceTrace)
		fastRowsAgree(t, scriptedTrace(script[:4]), PriceTrace)
	}
	r := rand.New(rand.NewPCG(5, 6))
	for range 300 {
		script := make([]byte, r.IntN(60))
		for i := range script {
			script[i] = byte(r.IntN(128))
			if r.IntN(8) == 0 {
				script[i] = byte(128 + r.IntN(128))
			}
		}
		fastRowsAgree(t, scriptedTrace(script), PriceTrace)
	}
}

// Headers that turn fastRow off (columns in another order, a capacity
// trace) or leave it on with columns after the price.
func TestFastRowsOtherHeaders(t *testing.T) {
	rows := strings.SplitAfterN(scriptedTrace([]byte{1, 2, 3, 200, 4, 5}), "\n", 2)[1]
	for _, data := range []string{
		"timestamp,region,sku,spot_price_usd,note\n" + rows,
		"timestamp,region,sku,spot_price_usd\n" + rows,
		"\ufefftimestamp,region,sku,spot_price_usd\n" + rows,
		"timestamp,sku,region,spot_price_usd\n" + rows,
		"region,timestamp,sku,spot_price_usd\n" + rows,
	} {
		fastRowsAgree(t, data, PriceTrace)
	}
	fastRowsAgree(t, "timestamp,region,sku,capacity\n2026-01-05T00:00:00Z,r,D,3\n2026-01-05T00:05:00Z,r,D,4\n2026-01-05T00:10:00Z,r,D,1.5\n", CapacityTrace)
}

func FuzzFastRowsAgreeWithGeneral(f *testing.F) {
	f.Add([]byte{1, 2, 3, 130, 4, 5, 200, 6}, "")
	f.Add([]byte{1, 150, 2, 250, 3}, "2026-01-05T00:05:00Z,region0,Standard_D2s_v5,0.01849\n")
	f.Fuzz(func(t *testing.T, script []byte, tail string) {
		fastRowsAgree(t, scriptedTrace(script)+tail, PriceTrace)
	})
}
