package pricing

import (
	"fmt"
	"math/big"
	"math/bits"
	"strconv"
)

// int128 is a two's-complement 128-bit integer. Money is kept in it because
// int64 runs out too soon: in nano-dollar-seconds per hour one USD is
// 3.6e12 units, so int64 holds only about 2.56 M USD — one VM at 100 USD/h
// for under three years. 128 bits hold 4.7e25 USD: every price validation
// accepts (at most 2^62 nano-dollars, about 4.6e9 USD/h) over every horizon
// it accepts (at most 100,000 days) for 3.6e9 VMs, far past the VM limit.
type int128 struct {
	hi int64
	lo uint64
}

func i128(v int64) int128 { return int128{hi: v >> 63, lo: uint64(v)} }

func (a int128) add(b int128) int128 {
	lo, carry := bits.Add64(a.lo, b.lo, 0)
	return int128{hi: a.hi + b.hi + int64(carry), lo: lo}
}

func (a int128) neg() int128 {
	lo, borrow := bits.Sub64(0, a.lo, 0)
	return int128{hi: -a.hi - int64(borrow), lo: lo}
}

func (a int128) sub(b int128) int128 { return a.add(b.neg()) }

func (a int128) sign() int {
	switch {
	case a.hi < 0:
		return -1
	case a.hi == 0 && a.lo == 0:
		return 0
	}
	return 1
}

// abs is |a| as an unsigned pair; |min int128| fits, as 2^127.
func (a int128) abs() (hi, lo uint64) {
	if a.hi < 0 {
		a = a.neg()
	}
	return uint64(a.hi), a.lo
}

func fromAbs(neg bool, hi, lo uint64) int128 {
	v := int128{hi: int64(hi), lo: lo}
	if neg {
		v = v.neg()
	}
	return v
}

// mul64 is a × b for int64 operands: the product always fits.
func mul64(a, b int64) int128 {
	ua, ub := uint64(a), uint64(b)
	if a < 0 {
		ua = -ua
	}
	if b < 0 {
		ub = -ub
	}
	hi, lo := bits.Mul64(ua, ub)
	return fromAbs((a < 0) != (b < 0), hi, lo)
}

// mul multiplies by an int64. It panics when the product leaves 128 bits:
// validation's limits keep every amount far below that, so it is a bug.
func (a int128) mul(n int64) int128 {
	neg := (a.hi < 0) != (n < 0)
	ahi, alo := a.abs()
	un := uint64(n)
	if n < 0 {
		un = -un
	}
	h1, l1 := bits.Mul64(alo, un)
	h2, l2 := bits.Mul64(ahi, un)
	hi, carry := bits.Add64(h1, l2, 0)
	if h2 != 0 || carry != 0 || hi>>63 != 0 {
		panic(fmt.Sprintf("pricing: money overflow: %s × %d", a.big(), n))
	}
	return fromAbs(neg, hi, l1)
}

// divRound divides by d > 0, rounding half away from zero.
func (a int128) divRound(d uint64) int128 {
	hi, lo := a.abs()
	qhi, r := hi/d, hi%d
	qlo, r := bits.Div64(r, lo, d)
	if r >= d-r { // 2r >= d without overflowing
		var c uint64
		qlo, c = bits.Add64(qlo, 1, 0)
		qhi += c
	}
	return fromAbs(a.hi < 0, qhi, qlo)
}

// int64 is a as an int64, when it fits.
func (a int128) int64() (int64, bool) {
	v := int64(a.lo)
	return v, a.hi == v>>63
}

func (a int128) big() *big.Int {
	hi, lo := a.abs()
	b := new(big.Int).SetUint64(hi)
	b.Lsh(b, 64)
	b.Or(b, new(big.Int).SetUint64(lo))
	if a.hi < 0 {
		b.Neg(b)
	}
	return b
}

// Accrued is money integrated over time: a Price times whole seconds, in
// nano-dollar-seconds per hour. It is exact and 128 bits wide, so that no
// sum a run can make wraps; 1 USD is 3.6e12 units. The zero value is 0.
type Accrued struct{ v int128 }

// UnitsPerMicro is how many Accrued units make one micro-dollar.
const UnitsPerMicro = 3600 * 1000

// Accrue is rate × seconds.
func Accrue(rate Price, seconds int64) Accrued { return Accrued{mul64(int64(rate), seconds)} }

// Units is an amount given in Accrued units, for tests and constants.
func Units(n int64) Accrued { return Accrued{i128(n)} }

// Add is a + b.
func (a Accrued) Add(b Accrued) Accrued { return Accrued{a.v.add(b.v)} }

// Sub is a - b.
func (a Accrued) Sub(b Accrued) Accrued { return Accrued{a.v.sub(b.v)} }

// Mul is a × n, for n VMs billed alike.
func (a Accrued) Mul(n int64) Accrued { return Accrued{a.v.mul(n)} }

// Sign is -1, 0 or +1.
func (a Accrued) Sign() int { return a.v.sign() }

// Big is the exact amount in units, for ratios.
func (a Accrued) Big() *big.Int { return a.v.big() }

// Micros rounds the amount to micro-dollars, half away from zero.
func (a Accrued) Micros() Micros { return Micros{a.v.divRound(UnitsPerMicro)} }

// DivRound is a / d rounded half away from zero, in micro-dollars when a is
// divided by seconds × 1000: the effective micro-dollars per hour.
func (a Accrued) DivRound(d int64) Micros {
	if d <= 0 {
		panic("pricing: DivRound by a divisor <= 0")
	}
	return Micros{a.v.divRound(uint64(d))}
}

// String is the exact amount in units, for test failures.
func (a Accrued) String() string { return a.v.big().String() }

// Micros is an amount in micro-dollars, what spotsim's files print. It is
// 128 bits wide for the same reason as Accrued: a sum over a million VMs
// for years passes int64 micro-dollars (9.2e12 USD) only at absurd prices,
// but validation accepts them, and a wrapped figure must never be written.
type Micros struct{ v int128 }

// MicrosOf is n micro-dollars.
func MicrosOf(n int64) Micros { return Micros{i128(n)} }

// Add is m + o.
func (m Micros) Add(o Micros) Micros { return Micros{m.v.add(o.v)} }

// Sub is m - o.
func (m Micros) Sub(o Micros) Micros { return Micros{m.v.sub(o.v)} }

// Sign is -1, 0 or +1.
func (m Micros) Sign() int { return m.v.sign() }

// Int64 is the amount as an int64, when it fits.
func (m Micros) Int64() (int64, bool) { return m.v.int64() }

// Big is the exact amount.
func (m Micros) Big() *big.Int { return m.v.big() }

// String writes the amount in USD with six decimal places.
func (m Micros) String() string { return string(m.Append(nil)) }

// Append appends m.String() to b.
func (m Micros) Append(b []byte) []byte {
	if n, ok := m.v.int64(); ok {
		return AppendMicros(b, n)
	}
	// Past int64 (over 9.2e12 USD): rare enough for big.Int.
	x := m.v.big()
	if x.Sign() < 0 {
		b = append(b, '-')
		x.Neg(x)
	}
	whole, frac := new(big.Int).QuoRem(x, big.NewInt(1_000_000), new(big.Int))
	b = whole.Append(b, 10)
	b = append(b, '.')
	f := strconv.FormatInt(frac.Int64(), 10)
	for range 6 - len(f) {
		b = append(b, '0')
	}
	return append(b, f...)
}

// Total sums non-negative Accrued amounts. It is Accrued with a check: a
// negative accrual is a programming error.
type Total struct{ sum Accrued }

// Add adds a non-negative amount.
func (t *Total) Add(a Accrued) {
	if a.Sign() < 0 {
		panic(fmt.Sprintf("pricing: negative accrual %s", a))
	}
	t.sum = t.sum.Add(a)
}

// Accrued is the exact sum.
func (t Total) Accrued() Accrued { return t.sum }

// Micros rounds the total to micro-dollars, half up.
func (t Total) Micros() Micros { return t.sum.Micros() }

// Cmp is -1, 0 or +1 as a is less than, equal to or greater than b.
func (a Accrued) Cmp(b Accrued) int { return a.Sub(b).Sign() }
