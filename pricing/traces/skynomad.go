package traces

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spotsim/spotsim/pricing"
)

// TickPrices is SkyNomad's per-tick spot price file
// (data/v100_spot_prices.json): {"<zone>_<device>": [USD/h per tick, ...]},
// the ticks those of the availability trace it goes with (its gap is not in
// the file). Zones are in name order.
type TickPrices struct {
	Zones  []string
	Prices map[string][]pricing.Price
}

// ReadTickPrices reads a per-tick price file; problems are reported by JSON
// path.
func ReadTickPrices(data []byte, name string) (*TickPrices, error) {
	v, err := jsonValue(data, name)
	if err != nil {
		return nil, err
	}
	doc, ok := v.(map[string]any)
	if !ok || len(doc) == 0 {
		return nil, pathError(name, "$", "want {\"<zone>\": [price per tick, ...], ...} with at least one zone, got %s", jsonKind(v))
	}
	tp := &TickPrices{Prices: make(map[string][]pricing.Price, len(doc))}
	for zone, el := range doc {
		list, ok := el.([]any)
		path := member("", zone)
		if !ok || len(list) == 0 {
			return nil, pathError(name, path, "want a non-empty list of prices, got %s", jsonKind(el))
		}
		ps := make([]pricing.Price, len(list))
		for i, x := range list {
			if n, ok := x.(json.Number); ok {
				// The common case, without building the element's path.
				if p, err := pricing.ParsePrice(n.String()); err == nil && p >= 0 {
					ps[i] = p
					continue
				}
			}
			if ps[i], err = jsonPrice(x, name, index(path, i)); err != nil {
				return nil, err
			}
		}
		tp.Zones = append(tp.Zones, zone)
		tp.Prices[zone] = ps
	}
	slices.Sort(tp.Zones)
	return tp, nil
}

// TimedAvailability is an availability trace with a start time: SkyNomad's
// processed CSVs (data/real/availability/<date>/processed/<zone>.csv),
// `date,availability` with one row per tick, `2023-02-15 22:08:16,1`
// (UTC; 1 = available, as the Can't Be Late JSON it copies). The gap is the
// most common step between rows; every row is put on the tick grid from the
// first row in order (SkyNomad's collector probes every 195 s ± a few
// seconds; the times give the start and the gap, the rows the ticks).
type TimedAvailability struct {
	Start int64 // Unix seconds of the first row
	Availability
}

// ReadTimedAvailability reads a processed availability CSV; problems are
// reported as file:line:col.
func ReadTimedAvailability(data []byte, name string) (*TimedAvailability, error) {
	var times, counts []int64
	head := func(head []string) error {
		if head[0] != "date" || head[1] != "availability" {
			return fmt.Errorf("%s:1:1: header %q,%q; want date,availability", name, head[0], head[1])
		}
		return nil
	}
	err := csvRows(data, name, 2, head, func(rec []string, line int, col func(int) int) error {
		t, err := time.Parse(time.DateTime, rec[0])
		if err != nil {
			return fmt.Errorf("%s:%d:1: date %q; want YYYY-MM-DD HH:MM:SS (UTC)", name, line, rec[0])
		}
		c, err := strconv.ParseInt(rec[1], 10, 64)
		if err != nil || c < 0 {
			return fmt.Errorf("%s:%d:%d: availability %q; want a whole number >= 0", name, line, col(1), rec[1])
		}
		if n := len(times); n > 0 && t.Unix() <= times[n-1] {
			return fmt.Errorf("%s:%d:1: date %s is not after the row before", name, line, rec[0])
		}
		times = append(times, t.Unix())
		counts = append(counts, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(times) < 2 {
		return nil, fmt.Errorf("%s: %d rows; want at least 2 to know the gap", name, len(times))
	}
	return &TimedAvailability{Start: times[0], Availability: Availability{Gap: modeStep(times), Counts: counts}}, nil
}

// modeStep is the most common difference between consecutive times (the
// smallest of equals).
func modeStep(times []int64) int64 {
	n := map[int64]int{}
	for i := 1; i < len(times); i++ {
		n[times[i]-times[i-1]]++
	}
	best, bestN := int64(0), 0
	for d, c := range n {
		if c > bestN || c == bestN && d < best {
			best, bestN = d, c
		}
	}
	return best
}

// SkyNomadGap is the tick of SkyNomad's price file: its README aligns it with
// the 2023-02-15 availability trace, 195 s a tick; the file does not say.
const SkyNomadGap = 195

// Trace is one zone's prices as a price trace of pool, tick 0 at Unix time
// start, gap seconds a tick: one point per change.
func (tp *TickPrices) Trace(zone string, start, gap int64) *Trace {
	tr := &Trace{}
	for i, p := range tp.Prices[zone] {
		if n := len(tr.Values); n > 0 && tr.Values[n-1] == int64(p) {
			continue
		}
		tr.Times = append(tr.Times, start+int64(i)*gap)
		tr.Values = append(tr.Values, int64(p))
	}
	return tr
}

// ZoneRegion is the zone of a SkyNomad series name, "us-east-1c_v100_1" →
// "us-east-1c": spotsim's region for it (the rest names the device and count,
// not a VM size).
func ZoneRegion(series string) string {
	if i := strings.IndexByte(series, '_'); i > 0 {
		return series[:i]
	}
	return series
}

// Set is every zone's prices as a trace set, each zone a pool of the given
// size named by its ZoneRegion.
func (tp *TickPrices) Set(name, sku string, start, gap int64) (*TraceSet, error) {
	set := &TraceSet{Name: name, Pools: map[Pool]*Trace{}}
	for _, z := range tp.Zones {
		p := Pool{Region: ZoneRegion(z), SKU: sku}
		if _, dup := set.Pools[p]; dup {
			return nil, fmt.Errorf("%s: two series for zone %s; want one per zone", name, p.Region)
		}
		set.Pools[p] = tp.Trace(z, start, gap)
		set.Order = append(set.Order, p)
	}
	return set, nil
}
