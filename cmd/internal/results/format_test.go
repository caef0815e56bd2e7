package results

import (
	"math"
	"math/big"
	"testing"

	"github.com/spotsim/spotsim/pricing"
)

func TestPercent(t *testing.T) {
	for _, tc := range []struct {
		num, den int64
		places   int
		want     string
	}{
		{0, 0, 6, ""},
		{5, 0, 6, ""},
		{0, 7, 6, "0.000000"},
		{1, 2, 6, "50.000000"},
		{1, 3, 6, "33.333333"},
		{2, 3, 6, "66.666667"},
		{1, 1, 6, "100.000000"},
		{1, 200_000_000, 6, "0.000001"}, // 0.0000005 exactly: half up
		{1, 200_000_001, 6, "0.000000"}, // just under half
		{-1, 3, 6, "-33.333333"},
		{-1, 400_000_000, 6, "0.000000"}, // rounds to zero: no "-0"
		{1, 8, 0, "13"},
		{760467, 960800, 2, "79.15"},
		{math.MaxInt64, math.MaxInt64, 6, "100.000000"},
		{math.MaxInt64 / 3, math.MaxInt64, 6, "33.333333"},
	} {
		if got := percent(big.NewInt(tc.num), big.NewInt(tc.den), tc.places); got != tc.want {
			t.Errorf("percent(%d, %d, %d) = %q, want %q", tc.num, tc.den, tc.places, got, tc.want)
		}
	}
}

func TestMoney(t *testing.T) {
	half := pricing.Units(pricing.UnitsPerMicro / 2)
	maxInt := pricing.Units(math.MaxInt64)
	less := half.Sub(pricing.Units(1))
	sum := func(as ...pricing.Accrued) string {
		var tot pricing.Total
		for _, a := range as {
			tot.Add(a)
		}
		return usd(tot.Micros())
	}
	for _, tc := range []struct {
		name, got, want string
	}{
		{"zero", sum(), "0.000000"},
		{"half a micro rounds up", sum(half), "0.000001"},
		{"just under half", sum(less), "0.000000"},
		// Rounded per VM each is 0; rounded once, the sum is not.
		{"rounded once", sum(less, less), "0.000001"},
		{"one dollar", sum(pricing.Accrue(pricing.NanosPerDollar, 3600)), "1.000000"},
		// Four times the int64 maximum: only a 128-bit sum holds it.
		{"beyond int64", sum(maxInt, maxInt, maxInt, maxInt), "10248191.152061"},
		{"negative savings", usd(pricing.MicrosOf(-1_500_000)), "-1.500000"},
		{"max price -1", maxPrice(pricing.Uncapped), "-1"},
		{"max price", maxPrice(40_000_000), "0.040000"},
		{"max price half up", maxPrice(1500), "0.000002"},
		{"no spot price", spotPrice(-1), ""},
		{"spot price zero", spotPrice(0), "0.000000"},
		{"not before", gmt(start, 36030), "Mon, 05 Jan 2026 10:00:30 GMT"},
		{"rfc 3339", at(start, 36030), "2026-01-05T10:00:30Z"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}
