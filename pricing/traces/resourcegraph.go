package traces

import (
	"cmp"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/spotsim/spotsim/pricing"
)

// The SpotResources types of Azure Resource Graph that hold spot prices and
// eviction rates (azure-compute-docs, articles/virtual-machines/spot-vms.md,
// "Azure Resource Graph", and its two sample queries).
const (
	PriceHistoryType = "microsoft.compute/skuspotpricehistory/ostype/location"
	EvictionRateType = "microsoft.compute/skuspotevictionrate/location"
	// alternativesType is SpotResources' third table, alternative sizes:
	// neither prices nor rates, so its rows are passed over.
	alternativesType = "microsoft.compute/skualternativespotvmsize"
)

// ResourceGraph is what an Azure Resource Graph SpotResources export holds,
// by pool. Azure's names are case-insensitive (its sample queries compare
// with =~ and in~), so look pools up with Price and Rate, not the maps.
type ResourceGraph struct {
	// Prices are the dated Linux price histories (properties.spotPrices).
	Prices *TraceSet
	// Latest are undated Linux prices: the latestSpotPriceUSD column of the
	// documented price query, which projects only the newest price.
	Latest map[Pool]pricing.Price
	// EvictionRates are Azure's bands ("0-5" … "20+", percent per hour).
	EvictionRates map[Pool]string
}

// Price finds a pool's price history, or else its undated latest price.
func (rg *ResourceGraph) Price(p Pool) (tr *Trace, latest pricing.Price, ok bool) {
	if k, found := fold(rg.Prices.Order, p); found {
		return rg.Prices.Pools[k], 0, true
	}
	for k, v := range rg.Latest {
		if k.equalFold(p) {
			return nil, v, true
		}
	}
	return nil, 0, false
}

// Rate finds a pool's eviction-rate band.
func (rg *ResourceGraph) Rate(p Pool) (string, bool) {
	for k, v := range rg.EvictionRates {
		if k.equalFold(p) {
			return v, true
		}
	}
	return "", false
}

func (p Pool) equalFold(q Pool) bool {
	return strings.EqualFold(p.Region, q.Region) && strings.EqualFold(p.SKU, q.SKU)
}

func fold(pools []Pool, p Pool) (Pool, bool) {
	for _, k := range pools {
		if k.equalFold(p) {
			return k, true
		}
	}
	return Pool{}, false
}

// ReadResourceGraph reads the JSON output of `az graph query` over
// SpotResources ({"count", "data": [...], "skip_token"}), a list of such
// outputs (pages, or the price and the eviction query together), or the
// rows as a list. A row is either a whole SpotResources row (a query
// without project: type, location, sku.name, properties) or a row of
// Azure's two sample queries as documented: skuName, osType, location and
// latestSpotPriceUSD (or spotPrices, when a query projects the history);
// skuName, location and spotEvictionRate. Only Linux prices are read, as
// spotsim's pay-as-you-go prices are Linux ones. A row of another type is
// an error, not skipped: a file that imports nothing should say why.
func ReadResourceGraph(data []byte, name string) (*ResourceGraph, error) {
	v, err := jsonValue(data, name)
	if err != nil {
		return nil, err
	}
	var rows []any
	var paths []string
	addPage := func(doc map[string]any, path string) error {
		list, ok := doc["data"].([]any)
		if !ok {
			return pathError(name, member(path, "data"), "want the query's rows, got %s", jsonKind(doc["data"]))
		}
		for i, r := range list {
			rows, paths = append(rows, r), append(paths, index(member(path, "data"), i))
		}
		return nil
	}
	var lastPage map[string]any
	var lastPath string
	switch doc := v.(type) {
	case map[string]any:
		if err := addPage(doc, ""); err != nil {
			return nil, err
		}
		lastPage = doc
	case []any:
		for i, el := range doc {
			if page, ok := el.(map[string]any); ok && page["data"] != nil && page["type"] == nil && page["skuName"] == nil {
				if err := addPage(page, index("", i)); err != nil {
					return nil, err
				}
				lastPage, lastPath = page, index("", i)
				continue
			}
			rows, paths = append(rows, el), append(paths, index("", i))
		}
	default:
		return nil, pathError(name, "$", "want {\"data\": [...]}, a list of them, or a list of rows; got %s", jsonKind(v))
	}
	if tok := lastPage["skip_token"]; tok != nil {
		// az graph query returns 100 rows unless told otherwise, and says
		// so with a skip token: the rest of the pools are not in the file.
		return nil, pathError(name, member(lastPath, "skip_token"), "the query's output is cut short (more rows follow); run az graph query with --first 1000, or with --skip-token for the next pages and list the pages in one file")
	}
	r := &rgReader{name: name, out: &ResourceGraph{Prices: &TraceSet{Name: name, Pools: map[Pool]*Trace{}}, Latest: map[Pool]pricing.Price{}, EvictionRates: map[Pool]string{}}}
	for i, el := range rows {
		if err := r.row(el, paths[i]); err != nil {
			return nil, err
		}
	}
	out := r.out
	if len(out.Prices.Order) == 0 && len(out.Latest) == 0 && len(out.EvictionRates) == 0 {
		return nil, &TraceError{File: name, Err: errors.New("no Linux spot price or eviction-rate rows")}
	}
	return out, nil
}

type rgReader struct {
	name string
	out  *ResourceGraph
}

func (r *rgReader) row(el any, p string) error {
	row, ok := el.(map[string]any)
	if !ok {
		return pathError(r.name, p, "want a row (an object), got %s", jsonKind(el))
	}
	if t, typed := row["type"]; typed {
		return r.fullRow(row, t, p)
	}
	return r.projectedRow(row, p)
}

// fullRow reads a whole SpotResources row.
func (r *rgReader) fullRow(row map[string]any, t any, p string) error {
	typ, err := jsonString(t, r.name, member(p, "type"))
	if err != nil {
		return err
	}
	typ = strings.ToLower(typ)
	switch {
	case typ == PriceHistoryType || typ == EvictionRateType:
	case strings.HasPrefix(typ, alternativesType):
		return nil
	default:
		return pathError(r.name, member(p, "type"), "%q is not a SpotResources type spotsim reads; want %s (spot prices) or %s (eviction rates)", typ, PriceHistoryType, EvictionRateType)
	}
	location, err := jsonString(row["location"], r.name, member(p, "location"))
	if err != nil {
		return err
	}
	props, ok := row["properties"].(map[string]any)
	if !ok {
		return pathError(r.name, member(p, "properties"), "want an object, got %s", jsonKind(row["properties"]))
	}
	sku, ok := row["sku"].(map[string]any)
	if !ok {
		return pathError(r.name, member(p, "sku"), "want {\"name\": ...}, got %s", jsonKind(row["sku"]))
	}
	skuName, err := jsonString(sku["name"], r.name, member(p, "sku.name"))
	if err != nil {
		return err
	}
	pool := Pool{Region: location, SKU: skuName}
	if typ == EvictionRateType {
		return r.rate(pool, props["evictionRate"], member(p, "properties.evictionRate"))
	}
	if !linux(props["osType"]) {
		return nil
	}
	return r.history(pool, props["spotPrices"], member(p, "properties.spotPrices"), p)
}

// projectedRow reads a row of the documented sample queries.
func (r *rgReader) projectedRow(row map[string]any, p string) error {
	_, isRate := row["spotEvictionRate"]
	_, isLatest := row["latestSpotPriceUSD"]
	_, isHistory := row["spotPrices"]
	if !isRate && !isLatest && !isHistory {
		return pathError(r.name, p, "want a SpotResources row (with type), or a row of Azure's sample queries: skuName, location and latestSpotPriceUSD, spotPrices or spotEvictionRate")
	}
	skuName, err := jsonString(row["skuName"], r.name, member(p, "skuName"))
	if err != nil {
		return err
	}
	location, err := jsonString(row["location"], r.name, member(p, "location"))
	if err != nil {
		return err
	}
	pool := Pool{Region: location, SKU: skuName}
	if isRate {
		return r.rate(pool, row["spotEvictionRate"], member(p, "spotEvictionRate"))
	}
	if os, given := row["osType"]; given && !linux(os) {
		return nil
	}
	if isHistory {
		return r.history(pool, row["spotPrices"], member(p, "spotPrices"), p)
	}
	price, err := jsonPrice(row["latestSpotPriceUSD"], r.name, member(p, "latestSpotPriceUSD"))
	if err != nil {
		return err
	}
	if _, _, dup := r.out.Price(pool); dup {
		return pathError(r.name, p, "%s appears twice", pool)
	}
	r.out.Latest[pool] = price
	return nil
}

func linux(os any) bool {
	s, _ := os.(string)
	return strings.EqualFold(s, "Linux")
}

func (r *rgReader) rate(pool Pool, v any, path string) error {
	text, err := jsonString(v, r.name, path)
	if err != nil {
		return err
	}
	band, ok := pricing.ParseEvictionBand(text)
	if !ok {
		return pathError(r.name, path, "%q is not a band; want one of %s (a %% sign is allowed)", text, strings.Join(pricing.EvictionBands, ", "))
	}
	if _, dup := r.out.Rate(pool); dup {
		return pathError(r.name, path, "%s has a second eviction rate", pool)
	}
	r.out.EvictionRates[pool] = band
	return nil
}

// history reads spotPrices[] of {effectiveDate, priceUSD}; Azure lists the
// newest first (its sample query takes spotPrices[0] as the latest).
func (r *rgReader) history(pool Pool, v any, path, row string) error {
	list, ok := v.([]any)
	if !ok {
		return pathError(r.name, path, "want a list, got %s", jsonKind(v))
	}
	type point struct {
		t int64
		p pricing.Price
	}
	var pts []point
	for j, sp := range list {
		q := index(path, j)
		obj, ok := sp.(map[string]any)
		if !ok {
			return pathError(r.name, q, "want {effectiveDate, priceUSD}, got %s", jsonKind(sp))
		}
		date, err := jsonString(obj["effectiveDate"], r.name, member(q, "effectiveDate"))
		if err != nil {
			return err
		}
		ts, err := time.Parse(time.RFC3339, date)
		if err != nil {
			return pathError(r.name, member(q, "effectiveDate"), "%q is not an RFC 3339 time", date)
		}
		price, err := jsonPrice(obj["priceUSD"], r.name, member(q, "priceUSD"))
		if err != nil {
			return err
		}
		pts = append(pts, point{ts.Unix(), price})
	}
	slices.SortStableFunc(pts, func(a, b point) int { return cmp.Compare(a.t, b.t) })
	if _, _, dup := r.out.Price(pool); dup {
		return pathError(r.name, row, "%s appears twice", pool)
	}
	tr := &Trace{}
	for _, pt := range pts {
		tr.set(pt.t, int64(pt.p))
	}
	if len(tr.Times) > 0 {
		r.out.Prices.Pools[pool], r.out.Prices.Order = tr, append(r.out.Prices.Order, pool)
	}
	return nil
}
