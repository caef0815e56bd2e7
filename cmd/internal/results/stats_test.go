package results

import (
	"bytes"
	"math"
	"testing"
)

// Worked by hand: x = 1, 2, 3, 4 → mean 2.5, sd √(5/3) = 1.290994,
// t(0.975, 3) = 3.182446, half-width 3.182446·1.290994/2 = 2.054260;
// empirical quantiles p5 = 1, p50 = 2, p95 = 4. NaN is "no value": pct has
// two, and a measure with none (never) gets no row.
func TestWriteStats(t *testing.T) {
	nan := math.NaN()
	names := []string{"cost", "never", "pct"}
	rows := [][]float64{{1, nan, nan}, {2, nan, 10}, {3, nan, 20}, {4, nan, nan}}
	var b bytes.Buffer
	if err := WriteStats(&b, names, rows); err != nil {
		t.Fatal(err)
	}
	want := `measure,n,mean,sd,p5,p50,p95,ci95_low,ci95_high
cost,4,2.500000,1.290994,1.000000,2.000000,4.000000,0.445740,4.554260
pct,2,15.000000,7.071068,10.000000,10.000000,20.000000,-48.531024,78.531024
`
	if b.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", b.String(), want)
	}
}
