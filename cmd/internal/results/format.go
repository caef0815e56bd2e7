package results

import (
	"fmt"
	"math/big"
	"time"

	"github.com/spotsim/spotsim/cmd/internal/timefmt"
	"github.com/spotsim/spotsim/pricing"
)

// hours writes whole seconds as decimal hours with six places (timefmt).
func hours(sec int64) string { return timefmt.Hours(sec) }

// usd writes micro-dollars with six places.
func usd(m pricing.Micros) string { return m.String() }

// usdBig writes micro-dollars held in a big.Int.
func usdBig(m *big.Int) string {
	if m.IsInt64() {
		return pricing.FormatMicros(m.Int64())
	}
	neg := m.Sign() < 0
	whole, frac := new(big.Int).QuoRem(new(big.Int).Abs(m), big.NewInt(1_000_000), new(big.Int))
	s := whole.String() + "." + fmt.Sprintf("%06d", frac.Int64())
	if neg {
		s = "-" + s
	}
	return s
}

// percent writes 100*num/den with the given decimal places, rounded half away
// from zero, or "" when den is 0 (not applicable). The arithmetic is big
// because num*100*10^places passes int64 for totals above about $92,000.
func percent(num, den *big.Int, places int) string {
	if den.Sign() == 0 {
		return ""
	}
	q, neg := percentUnits(num, den, places)
	s := pricing.FormatScaled(q, places)
	if neg && q.Sign() != 0 {
		s = "-" + s
	}
	return s
}

// percentUnits is |100·num/den| in units of 10^-places, rounded half away
// from zero, and whether the ratio is negative; den is not 0.
func percentUnits(num, den *big.Int, places int) (q *big.Int, neg bool) {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)+2), nil)
	n := new(big.Int).Mul(num, scale)
	d := new(big.Int).Set(den)
	neg = n.Sign()*d.Sign() < 0
	return pricing.QuoRound(n.Abs(n), d.Abs(d)), neg
}

// maxPrice writes a spot VM's max price the way a user sets it in Azure: -1
// for "up to pay-as-you-go", else USD with six places.
func maxPrice(p pricing.Price) string {
	if p == pricing.Uncapped {
		return "-1"
	}
	return p.USD6()
}

// spotPrice writes an event's spot price; negative means none applies.
func spotPrice(p pricing.Price) string {
	if p < 0 {
		return ""
	}
	return p.USD6()
}

// at writes a simulation time (seconds from start) as RFC 3339 UTC with Z.
func at(start time.Time, sec int64) string { return timefmt.At(start, sec) }

// gmt writes a simulation time as Scheduled Events' NotBefore does.
func gmt(start time.Time, sec int64) string { return timefmt.GMT(start, sec) }
