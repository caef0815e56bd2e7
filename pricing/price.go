package pricing

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Price is a rate in nano-dollars (1e-9 USD) per hour.
type Price int64

// Uncapped is the max price -1: "pay up to the pay-as-you-go price, never
// evict for price" (R5). It is exactly what ParsePrice("-1") gives.
const Uncapped Price = -NanosPerDollar

// NanosPerDollar is how many Price units make one USD per hour.
const NanosPerDollar = 1_000_000_000

// MaxPrice is the largest price accepted, 2^62 nano-dollars
// (4611686018.427387904 USD) per hour: with horizons up to 100,000 days,
// every amount integrated from it fits the 128-bit sums.
const MaxPrice Price = 1 << 62

// maxPriceDecimals is Azure's limit on a max price's decimal places (R5).
const maxPriceDecimals = 5

var (
	// ErrNotDecimal reports text that is not a plain decimal number.
	ErrNotDecimal = errors.New("not a decimal number")
	// ErrTooPrecise reports more decimal places than a Price can hold exactly.
	ErrTooPrecise = errors.New("more than 9 decimal places")
	// ErrTooLarge reports a price beyond MaxPrice.
	ErrTooLarge = errors.New("larger than the largest price, 4611686018.427387904 USD per hour (2^62 nano-dollars)")
)

// ParsePrice reads a plain decimal such as "0.0192", "-1" or "12" as USD per
// hour, exactly. Exponents, NaN, infinities and thousands separators are
// rejected: a price is money, and money is written plainly.
func ParsePrice(s string) (Price, error) { return parsePrice(s) }

// ParsePriceBytes is ParsePrice of bytes, making no string of them: the
// trace readers' hot path.
func ParsePriceBytes(b []byte) (Price, error) { return parsePrice(b) }

// parsePrice is ParsePrice over text or bytes, so that the trace reader
// need not make a string of every price it reads.
func parsePrice[T string | []byte](s T) (Price, error) {
	i, n := 0, len(s)
	neg := false
	if n > 0 && (s[0] == '-' || s[0] == '+') {
		neg, i = s[0] == '-', 1
	}
	wholeEnd, fracStart := n, n
	for j := i; j < n; j++ {
		if s[j] == '.' {
			wholeEnd, fracStart = j, j+1
			break
		}
	}
	if wholeEnd == i && fracStart == n {
		return 0, ErrNotDecimal
	}
	for j := i; j < n; j++ {
		if j != wholeEnd && (s[j] < '0' || s[j] > '9') {
			return 0, ErrNotDecimal
		}
	}
	fracEnd := n
	for fracEnd > fracStart && s[fracEnd-1] == '0' {
		fracEnd--
	}
	if fracEnd-fracStart > 9 {
		return 0, ErrTooPrecise
	}
	var w int64
	for j := i; j < wholeEnd; j++ {
		if w = w*10 + int64(s[j]-'0'); w > int64(MaxPrice)/NanosPerDollar {
			return 0, ErrTooLarge
		}
	}
	var f int64
	for j := fracStart; j < fracStart+9; j++ {
		f *= 10
		if j < fracEnd {
			f += int64(s[j] - '0')
		}
	}
	p := Price(w*NanosPerDollar + f) // below 2^63: w is at most MaxPrice's whole dollars
	if p > MaxPrice {
		return 0, ErrTooLarge
	}
	if neg {
		p = -p
	}
	return p, nil
}

// ValidateMaxPrice applies R5: a max price is -1, or > 0 with at most five
// decimal places. The error text names what is accepted; callers add the
// Azure code MaxPriceValueInvalid and the position.
func ValidateMaxPrice(p Price) error {
	if p == Uncapped {
		return nil
	}
	if p <= 0 {
		return fmt.Errorf("%s is not accepted; a max price is -1 or a decimal > 0 with at most %d decimal places", p, maxPriceDecimals)
	}
	if p%10_000 != 0 {
		return fmt.Errorf("%s has more than %d decimal places; a max price is -1 or a decimal > 0 with at most %d decimal places", p, maxPriceDecimals, maxPriceDecimals)
	}
	return nil
}

// String writes the price in USD per hour with as few decimals as it needs
// ("0.04", "-1", "0.0192"), the form a user would type back in.
func (p Price) String() string {
	neg := p < 0
	u := uint64(p)
	if neg {
		u = uint64(-p)
	}
	whole, frac := u/NanosPerDollar, u%NanosPerDollar
	s := strconv.FormatUint(whole, 10)
	if frac != 0 {
		f := fmt.Sprintf("%09d", frac)
		s += "." + strings.TrimRight(f, "0")
	}
	if neg {
		s = "-" + s
	}
	return s
}

// USD6 writes the price in USD per hour with exactly six decimals, rounded
// half away from zero, as spotsim's CSV files want.
func (p Price) USD6() string {
	return FormatMicros(roundDiv(int64(p), 1000))
}

// AppendUSD6 appends p.USD6() to b.
func (p Price) AppendUSD6(b []byte) []byte { return AppendMicros(b, roundDiv(int64(p), 1000)) }

// roundDiv is v/d rounded half away from zero, for d > 0 and any v: the
// magnitude is taken unsigned, since the most negative int64 has no
// positive counterpart (negating it gave itself back, and an endless
// recursion).
func roundDiv(v, d int64) int64 {
	u := uint64(v)
	if v < 0 {
		u = -u
	}
	q, r := u/uint64(d), u%uint64(d)
	if r >= uint64(d)-r {
		q++
	}
	if v < 0 {
		return -int64(q)
	}
	return int64(q)
}

// FormatMicros writes micro-dollars as a plain decimal with six places.
func FormatMicros(m int64) string { return string(AppendMicros(nil, m)) }

// AppendMicros appends FormatMicros(m) to b, for writers of big tables that
// cannot afford a string per field.
func AppendMicros(b []byte, m int64) []byte {
	u := uint64(m)
	if m < 0 {
		b, u = append(b, '-'), -u
	}
	b = strconv.AppendUint(b, u/1_000_000, 10)
	// The six decimals two at a time: vms.csv writes four amounts on each
	// of millions of rows.
	f := u % 1_000_000
	hi, mid, lo := 2*(f/10_000), 2*(f/100%100), 2*(f%100)
	return append(b, '.', digits2[hi], digits2[hi+1], digits2[mid], digits2[mid+1], digits2[lo], digits2[lo+1])
}

// digits2 is "00" to "99", for writing two digits at a time.
const digits2 = "00010203040506070809" +
	"10111213141516171819" +
	"20212223242526272829" +
	"30313233343536373839" +
	"40414243444546474849" +
	"50515253545556575859" +
	"60616263646566676869" +
	"70717273747576777879" +
	"80818283848586878889" +
	"90919293949596979899"
