package pricing

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// TestAccrueOneVMPastInt64 is the defect of issue #21: a regular VM at
// 100 USD/h for 2,140 days accrues 5,136,000 USD, past the 2.56 M USD an
// int64 of nano-dollar-seconds per hour holds. Summed in int64 it wrapped
// to 11,902.76 USD.
func TestAccrueOneVMPastInt64(t *testing.T) {
	var a Accrued
	for range 2140 {
		a = a.Add(Accrue(100*NanosPerDollar, 86400))
	}
	if got, want := a.Micros().String(), "5136000.000000"; got != want {
		t.Errorf("100 USD/h for 2140 days = %s, want %s", got, want)
	}
}

// TestMoneyAtTheExtremes is the property test at the limits validation
// allows: the largest price ParsePrice accepts, for the longest horizon a
// duration may have, for every VM a run may create (sim.MaxVMs, 10^7 here
// spelled out so that pricing need not import sim). The amounts are checked
// against big.Int, and the formatted total against big.Int's decimal.
func TestMoneyAtTheExtremes(t *testing.T) {
	maxPrice, err := ParsePrice("4611686018")
	if err != nil {
		t.Fatal(err)
	}
	const horizon = 100_000 * 86400 // seconds: the longest duration
	const vms = 10_000_000
	perVM := Accrue(maxPrice, horizon)
	want := new(big.Int).Mul(big.NewInt(int64(maxPrice)), big.NewInt(horizon))
	if perVM.Big().Cmp(want) != 0 {
		t.Fatalf("Accrue = %s, want %s", perVM, want)
	}
	var tot Total
	for range 1000 {
		tot.Add(perVM)
	}
	all := tot.Accrued().Mul(vms / 1000)
	want.Mul(want, big.NewInt(vms))
	if all.Big().Cmp(want) != 0 {
		t.Fatalf("sum = %s, want %s", all, want)
	}
	// Micros: round(want / 3.6e6), half up, then as a decimal.
	q, r := new(big.Int).QuoRem(want, big.NewInt(UnitsPerMicro), new(big.Int))
	if r.Lsh(r, 1).Cmp(big.NewInt(UnitsPerMicro)) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if all.Micros().Big().Cmp(q) != 0 {
		t.Fatalf("Micros = %s, want %s", all.Micros().Big(), q)
	}
	whole, frac := new(big.Int).QuoRem(q, big.NewInt(1e6), new(big.Int))
	wantText := whole.String() + "." + leftPad(frac.String(), 6)
	if got := all.Micros().String(); got != wantText {
		t.Errorf("String = %s, want %s", got, wantText)
	}
}

func leftPad(s string, n int) string {
	for len(s) < n {
		s = "0" + s
	}
	return s
}

// TestInt128AgainstBig checks every operation against big.Int on random
// operands, the extremes of int64 included.
func TestInt128AgainstBig(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 21))
	edge := []int64{0, 1, -1, math.MaxInt64, math.MinInt64, UnitsPerMicro, UnitsPerMicro / 2, -UnitsPerMicro / 2}
	pick := func() int64 {
		if r.IntN(4) == 0 {
			return edge[r.IntN(len(edge))]
		}
		return int64(r.Uint64())
	}
	for range 20000 {
		a, b, c := pick(), pick(), pick()
		x := mul64(a, b)
		want := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
		if x.big().Cmp(want) != 0 {
			t.Fatalf("mul64(%d, %d) = %s, want %s", a, b, x.big(), want)
		}
		y := x.add(i128(c))
		wantY := new(big.Int).Add(want, big.NewInt(c))
		if y.big().Cmp(wantY) != 0 {
			t.Fatalf("add: %s, want %s", y.big(), wantY)
		}
		z := y.sub(mul64(c, a))
		wantZ := new(big.Int).Sub(wantY, new(big.Int).Mul(big.NewInt(c), big.NewInt(a)))
		if z.big().Cmp(wantZ) != 0 {
			t.Fatalf("sub: %s, want %s", z.big(), wantZ)
		}
		if z.sign() != wantZ.Sign() {
			t.Fatalf("sign(%s) = %d", wantZ, z.sign())
		}
		d := uint64(1 + r.Int64N(UnitsPerMicro*2))
		got := z.divRound(d).big()
		// half away from zero
		abs := new(big.Int).Abs(wantZ)
		q, rem := new(big.Int).QuoRem(abs, new(big.Int).SetUint64(d), new(big.Int))
		if rem.Lsh(rem, 1).Cmp(new(big.Int).SetUint64(d)) >= 0 {
			q.Add(q, big.NewInt(1))
		}
		if wantZ.Sign() < 0 {
			q.Neg(q)
		}
		if got.Cmp(q) != 0 {
			t.Fatalf("divRound(%s, %d) = %s, want %s", wantZ, d, got, q)
		}
		n := int64(r.Int32())
		if m := i128(a).mul(n); m.big().Cmp(new(big.Int).Mul(big.NewInt(a), big.NewInt(n))) != 0 {
			t.Fatalf("mul(%d, %d) = %s", a, n, m.big())
		}
	}
}

func TestMicrosFormatting(t *testing.T) {
	for _, c := range []struct {
		m    Micros
		want string
	}{
		{MicrosOf(0), "0.000000"},
		{MicrosOf(-1), "-0.000001"},
		{MicrosOf(1_234_567), "1.234567"},
		{MicrosOf(math.MaxInt64).Add(MicrosOf(1)), "9223372036854.775808"},
		{MicrosOf(math.MinInt64).Sub(MicrosOf(1)), "-9223372036854.775809"},
	} {
		if got := c.m.String(); got != c.want {
			t.Errorf("%s, want %s", got, c.want)
		}
	}
}

func TestMulOverflowPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	Accrue(math.MaxInt64, math.MaxInt64).Mul(math.MaxInt64)
}
