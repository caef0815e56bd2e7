package usage

import (
	"math/big"
	"strings"

	"github.com/spotsim/spotsim/cmd/internal/timefmt"
	"github.com/spotsim/spotsim/pricing"
)

// FOCUS requires ListCost = ListUnitPrice × PricingQuantity and ContractedCost
// = ContractedUnitPrice × PricingQuantity exactly (ListCost-C-009-C,
// ContractedUnitPrice-C-011-C), but per-second billing has no exact decimal
// quantity in hours (seconds ÷ 3600), and a spot row's price is the mean of
// a price that changed within the day. So the written quantity is the hours
// rounded to six decimals, the unit price is the exact rate (pay-as-you-go,
// disks) or the spot mean to twelve decimals, and the list and contracted
// costs are their exact product. They differ from BilledCost, what was
// charged, by under a micro-dollar or so (rate × 5e-7 for the quantity's
// rounding, hours × 5e-13 for the mean's, half a micro-dollar for the
// bill's).

// unitScale is the decimals of a FOCUS unit price.
const unitScale = 12

// quantityScale is the decimals of a FOCUS quantity (timefmt.Hours).
const quantityScale = 6

// ratePrice is a rate in 10^-12 USD per hour.
func ratePrice(rate pricing.Price) *big.Int {
	// A Price is in nano-dollars per hour.
	return new(big.Int).Mul(big.NewInt(int64(rate)), big.NewInt(1000))
}

// spotMean is the time-weighted mean of a spot price that cost cost over
// sec seconds (cost ÷ hours), in 10^-12 USD per hour rounded half up.
func spotMean(cost pricing.Accrued, sec int64) *big.Int {
	if sec == 0 {
		return new(big.Int)
	}
	// Accrued is nano-dollar-seconds per hour: × 1000 / seconds is
	// pico-dollars per hour.
	return pricing.QuoRound(new(big.Int).Mul(cost.Big(), big.NewInt(1000)), big.NewInt(sec))
}

// focusQuantity is sec's hours in micro-hours, exactly as timefmt.Hours
// writes them (sec >= 0).
func focusQuantity(sec int64) *big.Int {
	_, whole, micro := timefmt.HourParts(sec)
	q := new(big.Int).Mul(new(big.Int).SetUint64(whole), big.NewInt(1_000_000))
	return q.Add(q, new(big.Int).SetUint64(micro))
}

// listCost is price × quantity, exactly.
func listCost(price, quantity *big.Int) string {
	return scaled(new(big.Int).Mul(price, quantity), unitScale+quantityScale)
}

// scaled writes v × 10^-scale (v >= 0) with every digit it needs but at
// least six decimals, as the other money columns have.
func scaled(v *big.Int, scale int) string {
	s := pricing.FormatScaled(v, scale)
	whole, frac, _ := strings.Cut(s, ".")
	frac = strings.TrimRight(frac, "0")
	if len(frac) < 6 {
		frac += strings.Repeat("0", 6-len(frac))
	}
	return whole + "." + frac
}
