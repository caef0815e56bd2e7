package usage

import (
	"math/big"
	"testing"

	"github.com/spotsim/spotsim/pricing"
)

func TestScaled(t *testing.T) {
	for _, c := range []struct {
		v     int64
		scale int
		want  string
	}{
		{0, 12, "0.000000"},
		{19_650_000_000, 12, "0.019650"},
		{23_011_797_363, 12, "0.023011797363"},
		{1, 18, "0.000000000000000001"},
		{3_772_800_000_000_000_000, 18, "3.772800"},
		{12, 0, "12.000000"},
	} {
		if got := scaled(big.NewInt(c.v), c.scale); got != c.want {
			t.Errorf("scaled(%d, %d) = %s; want %s", c.v, c.scale, got, c.want)
		}
	}
}

// A spot row whose price changed within the day: the written unit price
// times the written quantity is the written list cost, exactly, and that
// is what was charged to well under a micro-dollar.
func TestListCostIsPriceTimesQuantity(t *testing.T) {
	// 2 h at 0.0196 and 1 h 20 min 10 s at 0.03 (USD per hour).
	sec := int64(2*3600 + 4810)
	cost := pricing.Accrue(mustPrice(t, "0.0196"), 7200).Add(pricing.Accrue(mustPrice(t, "0.03"), 4810))
	price := spotMean(cost, sec)
	qty := focusQuantity(sec)
	if got, want := scaled(qty, quantityScale), "3.336111"; got != want {
		t.Fatalf("quantity %s; want %s", got, want)
	}
	list := listCost(price, qty)
	p, _ := new(big.Rat).SetString(scaled(price, unitScale))
	q, _ := new(big.Rat).SetString(scaled(qty, quantityScale))
	l, _ := new(big.Rat).SetString(list)
	if new(big.Rat).Mul(p, q).Cmp(l) != 0 {
		t.Fatalf("%s × %s ≠ %s", scaled(price, unitScale), scaled(qty, quantityScale), list)
	}
	charged, _ := new(big.Rat).SetString(cost.Micros().String())
	if off := new(big.Rat).Sub(l, charged); off.Abs(off).Cmp(big.NewRat(1, 1_000_000)) >= 0 {
		t.Fatalf("list %s is %s from the %s charged", list, off.FloatString(9), cost.Micros())
	}
	// A pay-as-you-go rate is written whole, to its nano-dollar.
	if got := scaled(ratePrice(mustPrice(t, "0.013257902")), unitScale); got != "0.013257902" {
		t.Fatalf("rate written as %s", got)
	}
}

func mustPrice(t *testing.T, s string) pricing.Price {
	t.Helper()
	p, err := pricing.ParsePrice(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
