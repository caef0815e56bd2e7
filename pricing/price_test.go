package pricing

import (
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestParsePrice(t *testing.T) {
	cases := []struct {
		in   string
		want Price
		err  error
	}{
		{"0.0192", 19_200_000, nil},
		{"-1", -NanosPerDollar, nil},
		{"12", 12 * NanosPerDollar, nil},
		{".5", 500_000_000, nil},
		{"3.", 3 * NanosPerDollar, nil},
		{"0.000000001", 1, nil},
		{"0.1000000000", 100_000_000, nil}, // trailing zeros are not precision
		{"+0.25", 250_000_000, nil},
		{"0.0000000001", 0, ErrTooPrecise},
		{"", 0, ErrNotDecimal},
		{".", 0, ErrNotDecimal},
		{"-", 0, ErrNotDecimal},
		{"1e-3", 0, ErrNotDecimal},
		{"NaN", 0, ErrNotDecimal},
		{"1,000", 0, ErrNotDecimal},
		{" 1", 0, ErrNotDecimal},
		{"99999999999999999999", 0, ErrTooLarge},
		// The limit is 2^62 nano-dollars exactly, fraction included.
		{"4611686018.427387904", MaxPrice, nil},
		{"-4611686018.427387904", -MaxPrice, nil},
		{"4611686018.427387905", 0, ErrTooLarge},
		{"-4611686018.427387905", 0, ErrTooLarge},
		{"4611686018.999999999", 0, ErrTooLarge},
		{"4611686019", 0, ErrTooLarge},
	}
	for _, c := range cases {
		got, err := ParsePrice(c.in)
		if !errors.Is(err, c.err) || err == nil && got != c.want {
			t.Errorf("ParsePrice(%q) = %d, %v; want %d, %v", c.in, got, err, c.want, c.err)
		}
	}
}

func TestValidateMaxPrice(t *testing.T) {
	for _, c := range []struct {
		in string
		ok bool
	}{
		{"-1", true}, {"0.98765", true}, {"0.04", true}, {"5", true},
		{"0.123456", false}, {"0", false}, {"-2", false}, {"-0.5", false}, {"0.00001", true}, {"0.000001", false},
	} {
		p, err := ParsePrice(c.in)
		if err != nil {
			t.Fatal(err)
		}
		if err := ValidateMaxPrice(p); (err == nil) != c.ok {
			t.Errorf("ValidateMaxPrice(%s) = %v, want ok=%v", c.in, err, c.ok)
		}
	}
}

func TestFormatting(t *testing.T) {
	for _, c := range []struct {
		p         Price
		str, usd6 string
	}{
		{19_200_000, "0.0192", "0.019200"},
		{-NanosPerDollar, "-1", "-1.000000"},
		{1_904_500, "0.0019045", "0.001905"}, // half away from zero
		{1_904_499, "0.001904499", "0.001904"},
		{0, "0", "0.000000"},
	} {
		if s := c.p.String(); s != c.str {
			t.Errorf("String(%d) = %s, want %s", c.p, s, c.str)
		}
		if s := c.p.USD6(); s != c.usd6 {
			t.Errorf("USD6(%d) = %s, want %s", c.p, s, c.usd6)
		}
	}
}

// TestCurveAgainstSeconds integrates random step prices both ways: prefix
// sums and a sum over every second.
// Prices near 2^56 take the sums past 64 bits, so both the 64-bit and the
// 128-bit prefix sums are checked, with rates shared and copied.
func TestCurveAgainstSeconds(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	paths := map[[2]bool]int{}
	for n := range 400 {
		scale := int64(1)
		if n%2 == 1 {
			scale = 1 << 56
		}
		var s Series
		for t := int64(0); t < 5000; t += 1 + r.Int64N(400) {
			s.Times = append(s.Times, t)
			s.Values = append(s.Values, r.Int64N(200)*scale)
		}
		ceiling := Price(r.Int64N(200) * scale)
		if r.IntN(3) == 0 {
			ceiling = Price(200 * scale) // above every value
		}
		limit := Price((r.Int64N(250) - 50) * scale) // sometimes < 0: no limit
		c := NewCurve(s, ceiling)
		shared := &c.rates[0] == &s.Values[0]
		if above := slices.ContainsFunc(s.Values, func(v int64) bool { return Price(v) > ceiling }); shared == above {
			t.Fatalf("rates shared %v with a value above the ceiling %v", shared, above)
		}
		paths[[2]bool{shared, c.prefix64 != nil}]++
		t0 := r.Int64N(6000)
		t1 := t0 + r.Int64N(2000)
		var want, wantCapped Accrued
		for u := t0; u < t1; u++ {
			rate := min(Price(s.At(u)), ceiling)
			want = want.Add(Accrue(rate, 1))
			if limit >= 0 {
				rate = min(rate, limit)
			}
			wantCapped = wantCapped.Add(Accrue(rate, 1))
		}
		if got := c.Integrate(t0, t1); got != want {
			t.Fatalf("Integrate(%d, %d) = %s, want %s", t0, t1, got, want)
		}
		if got := c.IntegrateCapped(t0, t1, limit); got != wantCapped {
			t.Fatalf("IntegrateCapped(%d, %d, %d) = %s, want %s", t0, t1, limit, got, wantCapped)
		}
	}
	if len(paths) != 4 {
		t.Fatalf("paths taken (rates shared, 64-bit sums): %v; want all four", paths)
	}
}

// find, which starts from the step it found last, answers as a bisection
// of the whole series would, over queries in the engine's order (now moving
// forward, each with an earlier accrual start) and in any order at all; and
// a curve asked many times integrates as a fresh one does.
func TestCurveFindIsBisection(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	for n := range 200 {
		var s Series
		for t := int64(0); t < 20_000; t += 1 + r.Int64N(300) {
			s.Times = append(s.Times, t)
			s.Values = append(s.Values, r.Int64N(100))
		}
		c := NewCurve(s, 90)
		now := int64(0)
		for range 500 {
			var t0, t1 int64
			if n%2 == 0 { // the engine's order
				now += r.Int64N(400)
				t1, t0 = now, now-r.Int64N(now+1)
				if r.IntN(3) == 0 {
					t0 = now - r.Int64N(5)
				}
			} else {
				t0 = r.Int64N(25_000)
				t1 = t0 + r.Int64N(25_000-t0)
			}
			for _, u := range []int64{t1, t0} {
				if got, want := c.find(u), s.Index(u); got != want {
					t.Fatalf("curve %d: find(%d) = %d after step %d; bisection gives %d", n, u, got, c.step, want)
				}
			}
			if got, want := c.Integrate(t0, t1), NewCurve(s, 90).Integrate(t0, t1); got != want {
				t.Fatalf("curve %d: Integrate(%d, %d) = %s; a fresh curve gives %s", n, t0, t1, got, want)
			}
		}
	}
}

// The unchecked 64-bit prefix sums serve only where no sum can overflow and
// no rate is negative; otherwise the checked loop or the 128-bit sums give
// the same integrals.
func TestCurvePrefixPaths(t *testing.T) {
	for _, tc := range []struct {
		name   string
		values []int64
		want64 bool
	}{
		{"small", []int64{5, 9, 1, 7}, true},
		{"negative", []int64{5, -9, 1, 7}, false},
		{"negative last", []int64{5, 9, 1, -7}, true}, // the last rate is never summed
		{"overflowing", []int64{1 << 60, 1 << 60, 1, 1}, false},
	} {
		s := Series{Times: []int64{0, 10, 25, 26}, Values: tc.values}
		c := NewCurve(s, Price(1<<62))
		if (c.prefix64 != nil) != tc.want64 {
			t.Errorf("%s: 64-bit sums %v; want %v", tc.name, c.prefix64 != nil, tc.want64)
		}
		var want Accrued
		for u := int64(0); u < 30; u++ {
			want = want.Add(Accrue(Price(s.At(u)), 1))
		}
		if got := c.Integrate(0, 30); got != want {
			t.Errorf("%s: Integrate(0, 30) = %s; want %s", tc.name, got, want)
		}
	}
}

func FuzzParsePrice(f *testing.F) {
	for _, s := range []string{"0.0192", "-1", "12", ".5", "1e3", "0.000000001", "-0.00001", "4611686018.427387904"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePrice(s)
		if err != nil {
			return
		}
		if p > MaxPrice || p < -MaxPrice {
			t.Fatalf("%q -> %d, beyond the largest price", s, p)
		}
		back, err := ParsePrice(p.String())
		if err != nil || back != p {
			t.Fatalf("%q -> %d -> %q -> %d, %v", s, p, p.String(), back, err)
		}
		if strings.ContainsAny(p.String(), "e+") {
			t.Fatalf("%q formats as %q", s, p.String())
		}
	})
}

func TestCurveCursorAgrees(t *testing.T) {
	s := Series{Times: []int64{0, 10, 25, 26, 100}, Values: []int64{5, 9, 1, 7, 3}}
	c := NewCurve(s, 8)
	for t0 := int64(0); t0 < 120; t0 += 7 {
		k := c.Cursor(t0)
		prev := k.UpTo(t0)
		for t1 := t0; t1 < 130; t1 += 3 {
			now := k.UpTo(t1)
			if now.Sub(prev) != c.Integrate(t0, t1) && t1 > t0 {
				t.Fatalf("[%d,%d): cursor %s, Integrate %s", t0, t1, now.Sub(prev), c.Integrate(t0, t1))
			}
		}
	}
}

// AppendMicros (two decimals at a time) writes what the 128-bit
// Micros.String writes, and USD6 rounds half away from zero as exact
// arithmetic does, over int64's whole range: the most negative int64 once
// sent roundDiv into an endless recursion.
func TestAppendMicrosAndUSD6(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	cases := []int64{0, 1, -1, 9, 10, 99, 100, 499, 500, -500, 999, 1000, 1499, 1500, -1500, 999_999, 1_000_000,
		-1_000_000, 12_345_678, math.MaxInt64, math.MaxInt64 - 499, math.MinInt64, math.MinInt64 + 1, math.MinInt64 + 500}
	for range 100_000 {
		cases = append(cases, r.Int64()>>r.IntN(64)*(1-2*r.Int64N(2)))
	}
	thousand := big.NewInt(1000)
	for _, m := range cases {
		if got, want := string(AppendMicros(nil, m)), MicrosOf(m).String(); got != want {
			t.Fatalf("AppendMicros(%d) = %s; want %s", m, got, want)
		}
		// |m| / 1000 rounded half up, with m's sign.
		q, rem := new(big.Int).QuoRem(new(big.Int).Abs(big.NewInt(m)), thousand, new(big.Int))
		if rem.Int64() >= 500 {
			q.Add(q, big.NewInt(1))
		}
		if m < 0 {
			q.Neg(q)
		}
		if got, want := Price(m).USD6(), FormatMicros(q.Int64()); got != want {
			t.Fatalf("Price(%d).USD6() = %s; want %s", m, got, want)
		}
	}
}
