package report

import (
	"io"
	"slices"
	"time"

	"spotsim/pricing"
	"spotsim/sim"
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
func WritePrices(w io.Writer, res *sim.Result, start time.Time) error {
	cfg := res.Config
	type row struct {
		t     int64
		order int // pool-major, then series, then fleet: a stable tie order
		cells []string
	}
	var rows []row
	for p := range cfg.Pools {
		pool := &cfg.Pools[p]
		base := p * (2 + len(cfg.Fleets))
		if pool.Spot != nil {
			for i, t := range pool.Spot.Times {
				if t >= cfg.Horizon {
					break
				}
				rows = append(rows, row{t, base, []string{at(start, t), pool.Region, pool.SKU, "", SeriesSpot, pricing.Price(pool.Spot.Values[i]).USD6()}})
			}
		}
		rows = append(rows, row{0, base + 1, []string{at(start, 0), pool.Region, pool.SKU, "", SeriesPAYG, pool.PAYG.USD6()}})
		for f := range cfg.Fleets {
			fl := &cfg.Fleets[f]
			if fl.Pool != p || fl.Priority != sim.Spot {
				continue
			}
			add := func(t int64, mp pricing.Price) {
				rows = append(rows, row{t, base + 2 + f, []string{at(start, t), pool.Region, pool.SKU, fl.Name, SeriesMaxPrice, maxPrice(mp)}})
			}
			add(0, fl.MaxPrice)
			for _, a := range cfg.Actions {
				if a.Op == sim.OpSetMaxPrice && a.Fleet == f && a.VM < 0 && a.At < cfg.Horizon {
					add(a.At, a.MaxPrice)
				}
			}
		}
	}
	// A stable sort by time keeps each pool's, series' and fleet's rows in
	// the order they were appended.
	slices.SortStableFunc(rows, func(a, b row) int {
		if a.t != b.t {
			if a.t < b.t {
				return -1
			}
			return 1
		}
		return a.order - b.order
	})
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = r.cells
	}
	return writeCSV(w, priceColumns, out)
}
