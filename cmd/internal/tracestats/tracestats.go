// Package tracestats is what `spotsim traces stats` prints of a trace set:
// per pool its span, points, minimum, time-weighted mean and maximum, and
// the share of the time above a max price; and for capacity traces the
// correlated-reclaim model fitted to them (traces.FitReclaims,
// docs/evictions.md).
package tracestats

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spotsim/spotsim/cmd/internal/timefmt"
	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/pricing/traces"
)

// Columns are the per-pool table's columns.
var Columns = []string{"region", "sku", "first", "last", "points", "min", "mean", "max", "above_max_pct"}

// Row is one pool's cells, in Columns order; "-" is not applicable.
func Row(p traces.Pool, tr *traces.Trace, kind traces.Kind, limit pricing.Price) []string {
	lo, hi := tr.Values[0], tr.Values[0]
	var weighted, above big.Int
	span := tr.Times[len(tr.Times)-1] - tr.Times[0]
	unlimited := false
	// Unlimited capacity is above every count, not the sentinel's value;
	// a mean over it is not a number.
	less := func(a, b int64) bool {
		if kind == traces.CapacityTrace && (a == pricing.Unlimited || b == pricing.Unlimited) {
			return b == pricing.Unlimited && a != pricing.Unlimited
		}
		return a < b
	}
	for i, v := range tr.Values {
		if less(v, lo) {
			lo = v
		}
		if less(hi, v) {
			hi = v
		}
		if kind == traces.CapacityTrace && v == pricing.Unlimited {
			unlimited = true
		}
		if i+1 < len(tr.Times) {
			dt := tr.Times[i+1] - tr.Times[i]
			weighted.Add(&weighted, new(big.Int).Mul(big.NewInt(v), big.NewInt(dt)))
			if limit >= 0 && v > int64(limit) {
				above.Add(&above, big.NewInt(dt))
			}
		}
	}
	mean, pct := value(kind, lo), "-"
	if span > 0 {
		q := new(big.Int).Quo(&weighted, big.NewInt(span))
		mean = value(kind, q.Int64())
		if kind == traces.CapacityTrace {
			f, _ := new(big.Rat).SetFrac(&weighted, big.NewInt(span)).Float64()
			mean = strconv.FormatFloat(f, 'f', 3, 64)
			if unlimited {
				mean = "-"
			}
		}
		if limit >= 0 {
			pct = strconv.FormatFloat(100*float64(above.Int64())/float64(span), 'f', 2, 64)
		}
	}
	return []string{p.Region, p.SKU, timefmt.UTC(tr.Times[0]), timefmt.UTC(tr.Times[len(tr.Times)-1]),
		strconv.Itoa(len(tr.Times)), value(kind, lo), mean, value(kind, hi), pct}
}

// Write writes the per-pool table of set, as aligned text or as CSV (empty
// cells for not applicable); limit is the max price to test, or negative
// for none. Aligned text of a capacity trace is followed by the reclaim
// fits (Reclaims).
func Write(w io.Writer, set *traces.TraceSet, kind traces.Kind, limit pricing.Price, asCSV bool) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	cw := csv.NewWriter(w)
	row := func(cells ...string) {
		if asCSV {
			for i, c := range cells {
				if c == "-" {
					cells[i] = ""
				}
			}
			cw.Write(cells)
			return
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	row(Columns...)
	for _, p := range set.Order {
		row(Row(p, set.Pools[p], kind, limit)...)
	}
	if asCSV {
		cw.Flush()
		return cw.Error()
	}
	if err := tw.Flush(); err != nil || kind != traces.CapacityTrace {
		return err
	}
	return Reclaims(w, set)
}

// Reclaims fits the correlated-reclaim model to each capacity trace
// (traces.FitReclaims): what a pool's hazard and reclaims keys would be
// set to (docs/evictions.md).
func Reclaims(w io.Writer, set *traces.TraceSet) error {
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "region\tsku\treclaims\tper_day\tmean_share\tmean_recovery\trecovered\thazard\tband_pct")
	for _, p := range set.Order {
		fit := traces.FitReclaims(set.Pools[p])
		rec := "-"
		if fit.Recovered > 0 {
			rec = (time.Duration(math.Round(fit.MeanRecovery)) * time.Second).String()
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.3f\t%.3f\t%s\t%d\t%.4f\t%.2f\n", p.Region, p.SKU, fit.Reclaims, 24*fit.Rate(),
			fit.MeanShare, rec, fit.Recovered, fit.Hazard(), 100*fit.Band())
	}
	return tw.Flush()
}

func value(kind traces.Kind, v int64) string {
	if kind == traces.CapacityTrace {
		if v == pricing.Unlimited {
			return "unlimited"
		}
		return strconv.FormatInt(v, 10)
	}
	return pricing.Price(v).USD6()
}
