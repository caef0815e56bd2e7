package csvw

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/spotsim/spotsim/pricing"
)

// moneyCases are amounts around the edges of the formatting: zero, each
// digit position, half-way roundings, and int64's ends.
var moneyCases = []int64{0, 1, -1, 9, 10, 99, 100, 999_999, 1_000_000, -1_000_000, 1_000_001, 12_345_678,
	-12_345_678, 999, 1000, 1499, 1500, -1500, -1499, 500, -500, 499_999_999_999, math.MaxInt64, math.MinInt64, math.MinInt64 + 1}

// The writer's money and prices are pricing's: Micros through its 64-bit
// path against the 128-bit Micros.String, prices through USD6.
func FuzzMicros(f *testing.F) {
	for _, m := range moneyCases {
		f.Add(m)
	}
	f.Fuzz(func(t *testing.T, m int64) {
		var a, b bytes.Buffer
		wa, wb := New(&a, []string{"m"}), New(&b, []string{"m"})
		wa.Micros(pricing.MicrosOf(m))
		wa.Price(pricing.Price(m))
		wa.USD6(pricing.Price(m))
		wa.End()
		wa.Flush()
		wb.Raw(pricing.MicrosOf(m).String())
		if m >= 0 {
			wb.Raw(pricing.Price(m).USD6())
		} else {
			wb.Raw("")
		}
		wb.Raw(pricing.Price(m).USD6())
		wb.End()
		wb.Flush()
		if a.String() != b.String() {
			t.Fatalf("%d: %q; want %q", m, a.String(), b.String())
		}
	})
}

// The clock writes what time.Time.AppendFormat writes for every time, in
// order or not, within a day, across days and years, before 1970, from a
// start that is not on a whole second or not in UTC, and for years that
// RFC 3339 spells with more or fewer than four digits.
func TestClockIsAppendFormat(t *testing.T) {
	east := time.FixedZone("east", 5*3600+1800)
	starts := []time.Time{
		time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 3, 1, 23, 59, 58, 0, time.UTC),
		time.Date(2025, 12, 31, 13, 7, 9, 999_999_999, time.UTC),
		time.Date(1969, 12, 31, 23, 0, 0, 500, time.UTC),
		time.Date(2026, 6, 1, 2, 3, 4, 0, east),
		time.Date(9999, 12, 31, 23, 0, 0, 0, time.UTC),
		time.Date(0, 1, 1, 0, 30, 0, 0, time.UTC),
	}
	r := rand.New(rand.NewPCG(3, 4))
	for _, start := range starts {
		c := NewClock(start)
		check := func(sec int64, what string) {
			t.Helper()
			want := start.Add(time.Duration(sec) * time.Second).UTC().Format(time.RFC3339)
			if got := c.At(sec); string(got) != want {
				t.Fatalf("start %v, %s, second %d: %s; want %s", start, what, sec, got, want)
			}
		}
		// Second by second across midnights, the last second of a day
		// and the first of the next among them.
		u := start.UTC()
		midnight := time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, time.UTC).Unix() - u.Unix()
		for d := int64(-2); d <= 2; d++ {
			for s := int64(-3); s <= 3; s++ {
				check(midnight+d*86400+s, "across midnight")
			}
		}
		sec := int64(0)
		for i := range 20_000 {
			switch r.IntN(6) {
			case 0: // the same second again
			case 1:
				sec += r.Int64N(90_000) - 45_000
			case 2:
				sec += r.Int64N(400 * 86400)
			case 3:
				sec = -sec
			default:
				sec += r.Int64N(4)
			}
			check(sec, fmt.Sprintf("call %d", i))
		}
	}
}
