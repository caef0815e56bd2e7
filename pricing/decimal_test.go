package pricing

import (
	"math/big"
	"testing"
)

func TestQuoRound(t *testing.T) {
	for _, c := range []struct{ n, d, want int64 }{
		{0, 3, 0}, {7, 2, 4}, {5, 2, 3}, {4, 3, 1}, {5, 3, 2}, {9, 3, 3}, {1, 1_000_000, 0}, {500_000, 1_000_000, 1},
	} {
		if got := QuoRound(big.NewInt(c.n), big.NewInt(c.d)); got.Int64() != c.want {
			t.Errorf("QuoRound(%d, %d) = %s; want %d", c.n, c.d, got, c.want)
		}
	}
}

func TestFormatScaled(t *testing.T) {
	for _, c := range []struct {
		v      int64
		places int
		want   string
	}{
		{0, 0, "0"}, {0, 6, "0.000000"}, {12, 0, "12"}, {5, 3, "0.005"}, {1234567, 6, "1.234567"}, {100, 2, "1.00"},
	} {
		if got := FormatScaled(big.NewInt(c.v), c.places); got != c.want {
			t.Errorf("FormatScaled(%d, %d) = %q; want %q", c.v, c.places, got, c.want)
		}
	}
}
