package results

import (
	"encoding/csv"
	"io"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// StatsColumns are the columns of summary_stats.csv.
var StatsColumns = []string{"measure", "n", "mean", "sd", "p5", "p50", "p95", "ci95_low", "ci95_high"}

// WriteStats writes summary_stats.csv over replications: rows[r][c] is
// measure names[c] in replication r, NaN where that replication has none
// (savings_pct with nothing billed; a measure that is not a number). For
// each measure with a value, the mean, the sample standard deviation, the
// 5th, 50th and 95th percentiles (gonum's empirical quantile) and a 95%
// confidence interval of the mean (Student's t with n−1 degrees of
// freedom), over the replications that have it.
func WriteStats(w io.Writer, names []string, rows [][]float64) error {
	cw := csv.NewWriter(w)
	cw.Write(StatsColumns)
	for c, name := range names {
		var xs []float64
		for _, r := range rows {
			if !math.IsNaN(r[c]) {
				xs = append(xs, r[c])
			}
		}
		if len(xs) == 0 {
			continue
		}
		slices.Sort(xs)
		n := float64(len(xs))
		mean, sd := stat.Mean(xs, nil), 0.0
		lo, hi := mean, mean
		if len(xs) > 1 {
			sd = stat.StdDev(xs, nil)
			t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile(0.975)
			half := t * sd / math.Sqrt(n)
			lo, hi = mean-half, mean+half
		}
		q := func(p float64) float64 { return stat.Quantile(p, stat.Empirical, xs, nil) }
		cw.Write([]string{name, strconv.Itoa(len(xs)), f6(mean), f6(sd), f6(q(0.05)), f6(q(0.5)), f6(q(0.95)), f6(lo), f6(hi)})
	}
	cw.Flush()
	return cw.Error()
}

// f6 writes a statistic with six decimals, never with an exponent.
func f6(x float64) string { return strconv.FormatFloat(x, 'f', 6, 64) }
