package pricing

import (
	"math/big"
	"strings"
)

// QuoRound is n / d rounded half up, for n >= 0 and d > 0: the one rule by
// which spotsim rounds an exact quotient of money (a cost per work hour, a
// percentage, a mean price).
func QuoRound(n, d *big.Int) *big.Int {
	q, r := new(big.Int).QuoRem(n, d, new(big.Int))
	if r.Lsh(r, 1).Cmp(d) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	return q
}

// FormatScaled writes v × 10^-places (v >= 0) as a plain decimal with
// exactly places decimals (none and no point for 0).
func FormatScaled(v *big.Int, places int) string {
	digits := v.String()
	if len(digits) <= places {
		digits = strings.Repeat("0", places+1-len(digits)) + digits
	}
	if places == 0 {
		return digits
	}
	return digits[:len(digits)-places] + "." + digits[len(digits)-places:]
}
