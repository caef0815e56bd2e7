package traces

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/spotsim/spotsim/pricing"
)

// The parser that remembers the last day gives what a fresh parse gives,
// row after row, including bad times of day on a day it remembers and
// dates that change back and forth.
func TestUTCParserRemembersDayCorrectly(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var p utcParser
	days := []string{"2026-01-05", "2026-01-06", "2024-02-29", "2026-02-29", "1970-01-01", "2026-13-01"}
	for range 20_000 {
		h, m, s := r.IntN(26), r.IntN(62), r.IntN(62)
		row := fmt.Sprintf("%sT%02d:%02d:%02dZ", days[r.IntN(len(days))], h, m, s)
		if r.IntN(20) == 0 {
			row = row[:12] + "x" + row[13:] // a bad colon
		}
		if r.IntN(20) == 0 {
			row = row[:18] + "a" + row[19:] // a bad digit
		}
		got, gok := p.parse([]byte(row))
		want, wok := parseUTCSlow([]byte(row))
		if got != want || gok != wok {
			t.Fatalf("%s: parse = %d %v; fresh = %d %v", row, got, gok, want, wok)
		}
	}
}

// Window gives what walking the trace point by point gives.
func TestWindowAgreesWithWalk(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 2_000 {
		tr := &Trace{}
		at := int64(r.IntN(5))
		for range 1 + r.IntN(20) {
			tr.Times = append(tr.Times, at)
			tr.Values = append(tr.Values, r.Int64N(100))
			at += 1 + int64(r.IntN(5))
		}
		start := tr.Times[0] + int64(r.IntN(60))
		end := start + 1 + int64(r.IntN(60))
		first := 0
		for first+1 < len(tr.Times) && tr.Times[first+1] <= start {
			first++
		}
		want := pricing.Series{Times: []int64{0}, Values: []int64{tr.Values[first]}}
		for i := first + 1; i < len(tr.Times) && tr.Times[i] < end; i++ {
			want.Times = append(want.Times, tr.Times[i]-start)
			want.Values = append(want.Values, tr.Values[i])
		}
		got, err := tr.Window(start, end)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("Window(%d, %d) of %v = %+v, %v; want %+v", start, end, tr, got, err, want)
		}
		// In place: the same series, in the trace's own arrays, and the
		// trace takes no other window.
		spent := &Trace{Times: slices.Clone(tr.Times), Values: slices.Clone(tr.Values)}
		got, err = spent.WindowInPlace(start, end)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("WindowInPlace(%d, %d) of %v = %+v, %v; want %+v", start, end, tr, got, err, want)
		}
		if &got.Times[0] != &spent.Times[first] || &got.Values[0] != &spent.Values[first] {
			t.Fatalf("WindowInPlace(%d, %d) copied the trace's arrays", start, end)
		}
		if spent.LastTime() != tr.LastTime() || tr.LastTime() != tr.Times[len(tr.Times)-1] {
			t.Fatalf("LastTime: spent %d, whole %d; want %d", spent.LastTime(), tr.LastTime(), tr.Times[len(tr.Times)-1])
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Fatalf("a second window of a spent trace did not panic")
				}
			}()
			spent.Window(start, end)
		}()
	}
}

// A window that cannot be cut (the trace begins after start) leaves the
// trace as it was, in place or not; a trace with no points is refused, not
// a crash.
func TestWindowInPlaceRefusedLeavesTrace(t *testing.T) {
	for _, empty := range []*Trace{{}, {Times: []int64{}, Values: []int64{}}} {
		if _, err := empty.WindowInPlace(0, 10); err == nil {
			t.Error("an empty trace in place: want an error")
		}
		if _, err := empty.Window(0, 10); err == nil {
			t.Error("an empty trace: want an error")
		}
	}
	tr := &Trace{Times: []int64{100, 200, 300}, Values: []int64{1, 2, 3}}
	if _, err := tr.WindowInPlace(50, 400); err == nil {
		t.Fatal("a trace beginning after start: want an error")
	}
	got, err := tr.Window(100, 400)
	if err != nil || !reflect.DeepEqual(got, pricing.Series{Times: []int64{0, 100, 200}, Values: []int64{1, 2, 3}}) {
		t.Fatalf("after a refused in-place window: %+v, %v", got, err)
	}
}

// A file grouped by pool and one interleaving pools give the same set.
func TestBuilderGroupedAndInterleaved(t *testing.T) {
	const head = "timestamp,region,sku,spot_price_usd\n"
	grouped, mixed := head, head
	for _, p := range []string{"a", "b", "c"} {
		for h := range 5 {
			grouped += fmt.Sprintf("2026-01-05T%02d:00:00Z,r,%s,0.0%d\n", h, p, h+1)
		}
	}
	for h := range 5 {
		for _, p := range []string{"a", "b", "c"} {
			mixed += fmt.Sprintf("2026-01-05T%02d:00:00Z,r,%s,0.0%d\n", h, p, h+1)
		}
	}
	g, err := ReadTraceBytes([]byte(grouped), "t.csv", PriceTrace)
	if err != nil {
		t.Fatal(err)
	}
	m, err := ReadTraceBytes([]byte(mixed), "t.csv", PriceTrace)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range g.Order {
		a, b := g.Pools[p], m.Pools[p]
		if !reflect.DeepEqual(a.Times, b.Times) || !reflect.DeepEqual(a.Values, b.Values) || len(a.Times) != 5 {
			t.Errorf("%s: grouped %+v, interleaved %+v", p, a, b)
		}
	}
}
