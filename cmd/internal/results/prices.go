package results

import (
	"cmp"
	"io"
	"slices"

	"github.com/spotsim/spotsim/cmd/internal/csvw"
	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
)

var priceColumns = []string{"time", "region", "sku", "fleet", "series", "price_usd"}

// Series names of prices.csv, in the order rows of one instant are written.
const (
	SeriesSpot     = "spot"      // the pool's spot price, at every change
	SeriesPAYG     = "payg"      // the pool's pay-as-you-go price, once at time 0
	SeriesMaxPrice = "max_price" // a spot fleet's max price; -1 = up to pay-as-you-go
)

// WritePrices writes prices.csv: the prices a price chart draws, as a tidy
// step table (each price holds until its next row with the same region, sku,
// fleet and series). Results folders carry no trace files, so this is what
// lets a finished run be plotted on its own.
//
// A fleet's max_price rows are the scenario's value at time 0, then each
// fleet-wide set_max_price action: the price the user asked for. Whether a
// VM took it (it must be deallocated) is in events.csv; actions aimed at one
// VM are left out, as they are not the fleet's price.
func WritePrices(w io.Writer, res *sim.Result) error {
	start := res.Config.Start
	cfg := res.Config
	// Rows hold indexes, not text: a year of 5-minute prices is millions
	// of rows, formatted only as they are written.
	type row struct {
		t      int64
		order  int32 // pool-major, then series, then fleet: the tie order
		seq    int32 // append order, for rows that tie on both
		pool   int32
		fleet  int32 // -1 for pool series
		series uint8 // 0 spot, 1 payg, 2 max_price
		price  pricing.Price
	}
	var rows []row
	add := func(r row) {
		r.seq = int32(len(rows))
		rows = append(rows, r)
	}
	for p := range cfg.Pools {
		pool := &cfg.Pools[p]
		base := int32(p * (2 + len(cfg.Fleets)))
		if pool.Spot != nil {
			for i, t := range pool.Spot.Times {
				if t >= cfg.Horizon {
					break
				}
				add(row{t: t, order: base, pool: int32(p), fleet: -1, series: 0, price: pricing.Price(pool.Spot.Values[i])})
			}
		}
		add(row{t: 0, order: base + 1, pool: int32(p), fleet: -1, series: 1, price: pool.PAYG})
		for f := range cfg.Fleets {
			fl := &cfg.Fleets[f]
			if !usesPool(fl, p) || fl.Priority != sim.Spot {
				continue
			}
			mp := row{order: base + 2 + int32(f), pool: int32(p), fleet: int32(f), series: 2}
			mp.price = fl.MaxPrice
			add(mp)
			for _, a := range cfg.Actions {
				if a.Op == sim.OpSetMaxPrice && a.Fleet == f && a.VM < 0 && a.At < cfg.Horizon {
					mp.t, mp.price = a.At, a.MaxPrice
					add(mp)
				}
			}
		}
	}
	slices.SortFunc(rows, func(a, b row) int {
		if c := cmp.Compare(a.t, b.t); c != 0 {
			return c
		}
		if c := cmp.Compare(a.order, b.order); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	series := [...]string{SeriesSpot, SeriesPAYG, SeriesMaxPrice}
	out := csvw.New(w, priceColumns)
	ck := csvw.NewClock(start)
	for _, r := range rows {
		pool := &cfg.Pools[r.pool]
		out.Bytes(ck.At(r.t))
		out.Str(pool.Region)
		out.Str(pool.SKU)
		if r.fleet >= 0 {
			out.Str(cfg.Fleets[r.fleet].Name)
		} else {
			out.Str("")
		}
		out.Str(series[r.series])
		if r.series == 2 {
			out.Str(maxPrice(r.price))
		} else {
			out.Price(r.price)
		}
		out.End()
	}
	return out.Flush()
}

// usesPool says whether a fleet may put VMs in pool p.
func usesPool(f *sim.Fleet, p int) bool {
	for _, fp := range f.Candidates() {
		if fp.Pool == p {
			return true
		}
	}
	return false
}
