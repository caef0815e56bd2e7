package results

import (
	"cmp"
	"io"
	"slices"
	"sort"
	"strings"

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
	// Each series is a stream of rows in time order (a pool's spot prices
	// as the trace holds them; a fleet's max prices sorted by time), and
	// the file is their merge: by time, ties in stream order (pool-major,
	// then spot, payg, each fleet's max_price). Merging with a heap of the
	// streams' heads, formatting each row as it comes, replaced making and
	// sorting a row per price point: most of prices.csv's time for a year
	// of 5-minute prices (issue 22).
	var streams []priceStream
	for p := range cfg.Pools {
		pool := &cfg.Pools[p]
		if pool.Spot != nil {
			n := sort.Search(len(pool.Spot.Times), func(i int) bool { return pool.Spot.Times[i] >= cfg.Horizon })
			streams = append(streams, priceStream{times: pool.Spot.Times[:n], values: pool.Spot.Values[:n], pool: p, fleet: -1, series: 0})
		}
		streams = append(streams, priceStream{times: []int64{0}, values: []int64{int64(pool.PAYG)}, pool: p, fleet: -1, series: 1})
		for f := range cfg.Fleets {
			fl := &cfg.Fleets[f]
			if !usesPool(fl, p) || fl.Priority != sim.Spot {
				continue
			}
			type point struct{ t, v int64 }
			pts := []point{{0, int64(fl.MaxPrice)}}
			for _, a := range cfg.Actions {
				if a.Op == sim.OpSetMaxPrice && a.Fleet == f && a.VM < 0 && a.At < cfg.Horizon {
					pts = append(pts, point{a.At, int64(a.MaxPrice)})
				}
			}
			slices.SortStableFunc(pts, func(a, b point) int { return cmp.Compare(a.t, b.t) })
			st := priceStream{pool: p, fleet: f, series: 2}
			for _, pt := range pts {
				st.times = append(st.times, pt.t)
				st.values = append(st.values, pt.v)
			}
			streams = append(streams, st)
		}
	}
	series := [...]string{SeriesSpot, SeriesPAYG, SeriesMaxPrice}
	out := csvw.New(w, priceColumns)
	ck := csvw.NewClock(start)
	h := priceHeap{streams: streams}
	for i := range streams {
		if len(streams[i].times) > 0 {
			h.push(i)
		}
	}
	for i := range streams {
		// The columns between time and price, quoted once a stream.
		st := &streams[i]
		pool := &cfg.Pools[st.pool]
		fleet := ""
		if st.fleet >= 0 {
			fleet = cfg.Fleets[st.fleet].Name
		}
		st.text = strings.Join([]string{csvw.Quote(pool.Region), csvw.Quote(pool.SKU), csvw.Quote(fleet), csvw.Quote(series[st.series])}, ",")
	}
	for len(h.heap) > 0 {
		st := &streams[h.heap[0]]
		out.Bytes(ck.At(st.times[st.next]))
		out.Raw(st.text)
		if price := pricing.Price(st.values[st.next]); st.series == 2 {
			out.Str(maxPrice(price))
		} else {
			out.Price(price)
		}
		out.End()
		st.next++
		if st.next == len(st.times) {
			h.pop()
		} else {
			h.down(0)
		}
	}
	return out.Flush()
}

// priceStream is one series of prices.csv, in time order.
type priceStream struct {
	times, values []int64
	next          int // the row to write next
	pool, fleet   int // fleet -1 for a pool's series
	series        uint8
	text          string // region,sku,fleet,series as written
}

// priceHeap orders streams (indexes into streams) by their next row's
// time, ties by stream index.
type priceHeap struct {
	streams []priceStream
	heap    []int
}

func (h *priceHeap) less(i, j int) bool {
	a, b := &h.streams[h.heap[i]], &h.streams[h.heap[j]]
	ta, tb := a.times[a.next], b.times[b.next]
	return ta < tb || ta == tb && h.heap[i] < h.heap[j]
}

func (h *priceHeap) push(s int) {
	h.heap = append(h.heap, s)
	for i := len(h.heap) - 1; i > 0; {
		parent := (i - 1) / 2
		if !h.less(i, parent) {
			break
		}
		h.heap[i], h.heap[parent] = h.heap[parent], h.heap[i]
		i = parent
	}
}

func (h *priceHeap) pop() {
	last := len(h.heap) - 1
	h.heap[0] = h.heap[last]
	h.heap = h.heap[:last]
	if last > 0 {
		h.down(0)
	}
}

func (h *priceHeap) down(i int) {
	for {
		l := 2*i + 1
		if l >= len(h.heap) {
			return
		}
		m := l
		if r := l + 1; r < len(h.heap) && h.less(r, l) {
			m = r
		}
		if !h.less(m, i) {
			return
		}
		h.heap[i], h.heap[m] = h.heap[m], h.heap[i]
		i = m
	}
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
