package traces

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/spotsim/spotsim/pricing"
)

// gcpColumns is the header of the GCP price history derived from the git
// history of Cyclenerd's pricing.yml (../shared/traces/gcp-spot-price-
// history-cyclenerd): one row per machine type, region and commit, the price
// list as of that commit.
var gcpColumns = []string{"commit_date", "git_commit", "pricing_generated", "machine_type", "region", "ondemand_usd_per_hour", "spot_usd_per_hour"}

// GCPPrices is that history as two trace sets over pools region/machine
// type: Spot from the spot column (rows with it empty — before GCP's spot
// prices were listed — are skipped) and OnDemand from the on-demand one.
// Times are the commit dates, read as UTC; a price is a point only when it
// changes, as a snapshot repeats the list. The file's prices are computed
// (a monthly price over hours) and some have more than 9 decimals: they are
// rounded to the nano-dollar, half away from zero.
type GCPPrices struct {
	Spot, OnDemand *TraceSet
}

// ReadGCPPriceHistory reads the CSV; problems are reported as
// file:line:col.
func ReadGCPPriceHistory(data []byte, name string) (*GCPPrices, error) {
	g := &GCPPrices{Spot: &TraceSet{Name: name, Pools: map[Pool]*Trace{}}, OnDemand: &TraceSet{Name: name, Pools: map[Pool]*Trace{}}}
	head := func(head []string) error {
		for i, c := range gcpColumns {
			if head[i] != c {
				return &TraceError{File: name, Line: 1, Column: 1, Err: fmt.Errorf("header column %d is %q; want %s", i+1, head[i], joinCols(gcpColumns))}
			}
		}
		return nil
	}
	err := csvRows(data, name, len(gcpColumns), head, func(rec []string, line int, fieldCol func(int) int) error {
		t, err := time.Parse("2006-01-02T15:04:05", rec[0])
		if err != nil {
			return &TraceError{File: name, Line: line, Column: 1, Err: fmt.Errorf("commit_date %q; want YYYY-MM-DDTHH:MM:SS (UTC)", rec[0])}
		}
		pool := Pool{Region: rec[4], SKU: rec[3]}
		if pool.Region == "" || pool.SKU == "" {
			return &TraceError{File: name, Line: line, Column: 1, Err: errors.New("empty machine_type or region")}
		}
		for _, c := range []struct {
			col int
			set *TraceSet
		}{{5, g.OnDemand}, {6, g.Spot}} {
			if rec[c.col] == "" {
				continue
			}
			p, err := gcpPrice(rec[c.col])
			if err != nil || p < 0 {
				return &TraceError{File: name, Line: line, Column: fieldCol(c.col), Err: fmt.Errorf("%s %q; want a decimal USD per hour >= 0", gcpColumns[c.col], rec[c.col])}
			}
			tr := c.set.Pools[pool]
			if tr == nil {
				tr = &Trace{FirstLine: line}
				c.set.Pools[pool] = tr
				c.set.Order = append(c.set.Order, pool)
			}
			n := len(tr.Times)
			switch {
			case n > 0 && t.Unix() < tr.Times[n-1]:
				return &TraceError{File: name, Line: line, Column: 1, Err: fmt.Errorf("%s for %s is before the row before; want rows in time order", rec[0], pool)}
			case n > 0 && tr.Values[n-1] == int64(p):
				// unchanged
			case n > 0 && t.Unix() == tr.Times[n-1]:
				tr.Values[n-1] = int64(p) // the later commit of the same second wins
			default:
				tr.Times = append(tr.Times, t.Unix())
				tr.Values = append(tr.Values, int64(p))
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

func joinCols(c []string) string {
	var b bytes.Buffer
	for i, s := range c {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s)
	}
	return b.String()
}

// gcpPrice reads a plain decimal, rounded to a nano-dollar when finer.
func gcpPrice(s string) (pricing.Price, error) {
	if p, err := pricing.ParsePrice(s); !errors.Is(err, pricing.ErrTooPrecise) {
		return p, err
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok || strings.ContainsAny(s, "eE/") {
		return 0, pricing.ErrNotDecimal
	}
	n := new(big.Rat).Mul(r, big.NewRat(pricing.NanosPerDollar, 1))
	q, m := new(big.Int).QuoRem(n.Num(), n.Denom(), new(big.Int))
	if m.Abs(m).Lsh(m, 1).Cmp(n.Denom()) >= 0 {
		if n.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	if !q.IsInt64() || q.Int64() > 1<<62 {
		return 0, pricing.ErrTooLarge
	}
	return pricing.Price(q.Int64()), nil
}
