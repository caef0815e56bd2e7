package csvw

import (
	"strconv"

	"github.com/spotsim/spotsim/pricing"
)

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

// appendMicros is pricing.AppendMicros with the six decimals written two
// at a time: vms.csv writes four amounts on each of millions of rows.
func appendMicros(b []byte, m int64) []byte {
	u := uint64(m)
	if m < 0 {
		b, u = append(b, '-'), -u
	}
	b = strconv.AppendUint(b, u/1_000_000, 10)
	f := u % 1_000_000
	hi, mid, lo := f/10_000, f/100%100, f%100
	return append(b, '.', digits2[2*hi], digits2[2*hi+1], digits2[2*mid], digits2[2*mid+1], digits2[2*lo], digits2[2*lo+1])
}

// usd6 is a price in micro-dollars rounded half away from zero, as
// pricing.Price.USD6 writes it.
func usd6(p pricing.Price) int64 {
	v := int64(p)
	if v < 0 {
		return -roundMilli(-v)
	}
	return roundMilli(v)
}

// roundMilli is v/1000 rounded half up, for v >= 0 (or the most negative
// int64, which pricing rounds the same way).
func roundMilli(v int64) int64 {
	q, r := v/1000, v%1000
	if 2*r >= 1000 {
		q++
	}
	return q
}
