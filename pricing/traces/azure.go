package traces

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/spotsim/spotsim/pricing"
)

// RetailPrices is what an Azure Retail Prices API response says of its
// pools: the spot price history, and the pay-as-you-go price where the
// response holds the matching regular meter.
type RetailPrices struct {
	Spot *TraceSet
	PAYG map[Pool]pricing.Price
}

// ReadAzureRetail reads an Azure Retail Prices API response
// (prices.azure.com/api/retail/prices): one page {"Items": [...], ...}, a
// list of pages, or a bare list of items. Spot prices come from items whose
// skuName ends in " Spot", pay-as-you-go from the Linux consumption items of
// the same armSkuName without " Spot" or " Low Priority"; Windows items
// (productName containing "Windows") are left out; an item in a currency
// other than USD (its currencyCode) is an error. Each spot item is a point
// at its effectiveStartDate. Where one region has several spot meters for a
// size at one date, the lowest price is kept. A file whose last page names
// a NextPageLink is cut short: an error.
func ReadAzureRetail(data []byte, name string) (*RetailPrices, error) {
	v, err := jsonValue(data, name)
	if err != nil {
		return nil, err
	}
	type item struct {
		path string
		obj  map[string]any
	}
	var items []item
	var lastPage map[string]any // the file's last page, if it ends with one
	var lastPath string
	addPage := func(page map[string]any, p string) error {
		lastPage, lastPath = page, p
		list, ok := page["Items"].([]any)
		if !ok {
			return pathError(name, member(p, "Items"), "want the list of price items, got %s", jsonKind(page["Items"]))
		}
		for i, it := range list {
			obj, ok := it.(map[string]any)
			if !ok {
				return pathError(name, index(member(p, "Items"), i), "want a price item (an object), got %s", jsonKind(it))
			}
			items = append(items, item{index(member(p, "Items"), i), obj})
		}
		return nil
	}
	switch doc := v.(type) {
	case map[string]any:
		if err := addPage(doc, ""); err != nil {
			return nil, err
		}
	case []any:
		for i, el := range doc {
			obj, ok := el.(map[string]any)
			if !ok {
				return nil, pathError(name, index("", i), "want a page or a price item (an object), got %s", jsonKind(el))
			}
			if _, isPage := obj["Items"]; isPage {
				if err := addPage(obj, index("", i)); err != nil {
					return nil, err
				}
			} else {
				items = append(items, item{index("", i), obj})
				lastPage = nil
			}
		}
	default:
		return nil, pathError(name, "$", "want a Retail Prices page {\"Items\": [...]}, a list of pages or a list of items; got %s", jsonKind(v))
	}
	// The API pages its answers (1,000 items a page) and names the next
	// page in NextPageLink: a file ending with a page that has one is cut
	// short, and reading it would silently drop the pools and prices of the
	// pages after it.
	if link, ok := lastPage["NextPageLink"]; ok && link != nil && link != "" {
		return nil, pathError(name, member(lastPath, "NextPageLink"), "the response continues on another page (more items follow); fetch every page and list them in one file, [page1, page2, ...]")
	}

	type point struct {
		t int64
		p pricing.Price
	}
	spot := map[Pool][]point{}
	var order []Pool
	out := &RetailPrices{Spot: &TraceSet{Name: name, Pools: map[Pool]*Trace{}}, PAYG: map[Pool]pricing.Price{}}
	for _, it := range items {
		str := func(key string) (string, error) { return jsonString(it.obj[key], name, member(it.path, key)) }
		skuName, err := str("skuName")
		if err != nil {
			return nil, err
		}
		if product, _ := it.obj["productName"].(string); strings.Contains(product, "Windows") {
			continue
		}
		if typ, ok := it.obj["type"].(string); ok && typ != "Consumption" {
			continue
		}
		if strings.HasSuffix(skuName, " Low Priority") {
			continue
		}
		if _, ok := it.obj["currencyCode"]; ok {
			// The API answers in another currency when asked to
			// (currencyCode='EUR'); spotsim's prices are USD.
			currency, err := str("currencyCode")
			if err != nil {
				return nil, err
			}
			if currency != "USD" {
				return nil, pathError(name, member(it.path, "currencyCode"), "%q; spotsim reads prices in USD: query the API without currencyCode (or with currencyCode='USD')", currency)
			}
		}
		region, err := str("armRegionName")
		if err != nil {
			return nil, err
		}
		sku, err := str("armSkuName")
		if err != nil {
			return nil, err
		}
		if region == "" || sku == "" {
			return nil, pathError(name, it.path, "armRegionName and armSkuName must not be empty")
		}
		price, err := jsonPrice(it.obj["retailPrice"], name, member(it.path, "retailPrice"))
		if err != nil {
			return nil, err
		}
		pool := Pool{Region: region, SKU: sku}
		if !strings.HasSuffix(skuName, " Spot") {
			if old, ok := out.PAYG[pool]; !ok || price < old {
				out.PAYG[pool] = price
			}
			continue
		}
		start, err := str("effectiveStartDate")
		if err != nil {
			return nil, err
		}
		ts, err := time.Parse(time.RFC3339, start)
		if err != nil {
			return nil, pathError(name, member(it.path, "effectiveStartDate"), "%q is not an RFC 3339 time such as 2023-12-01T00:00:00Z", start)
		}
		if _, seen := spot[pool]; !seen {
			order = append(order, pool)
		}
		spot[pool] = append(spot[pool], point{ts.Unix(), price})
	}
	for _, pool := range order {
		pts := spot[pool]
		slices.SortStableFunc(pts, func(a, b point) int { return cmp.Or(cmp.Compare(a.t, b.t), cmp.Compare(a.p, b.p)) })
		tr := &Trace{}
		for _, pt := range pts {
			if n := len(tr.Times); n > 0 && tr.Times[n-1] == pt.t {
				continue // a second meter at the same date: the lowest was kept
			}
			tr.Times = append(tr.Times, pt.t)
			tr.Values = append(tr.Values, int64(pt.p))
		}
		out.Spot.Pools[pool], out.Spot.Order = tr, append(out.Spot.Order, pool)
	}
	if len(out.Spot.Order) == 0 {
		return nil, &TraceError{File: name, Err: errors.New("no Linux spot price items (skuName ending in \" Spot\")")}
	}
	return out, nil
}

var snapshotDir = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})(_.*)?$`)

// ReadAzureSnapshots builds a spot price history from dated snapshots of the
// Retail Prices API, as git-scraped into folders <YYYY-MM-DD>[_<rev>]/<armSkuName>.json,
// each file a list of {"armRegionName", "retailPrice", "meterId"}. A
// snapshot's prices hold from midnight UTC of its date; a size missing
// from a snapshot keeps its last prices (the scraper writes a file only when
// it changed); snapshots of one date apply in folder-name order. Where a
// region has several meters for a size, the lowest price is kept.
func ReadAzureSnapshots(fsys fs.FS, name string) (*TraceSet, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, &TraceError{File: name, Err: err}
	}
	type state struct {
		tr   *Trace
		last pricing.Price
	}
	pools := map[Pool]*state{}
	set := &TraceSet{Name: name, Pools: map[Pool]*Trace{}}
	snapshots := 0
	for _, e := range entries { // fs.ReadDir sorts by name: dates in order
		m := snapshotDir.FindStringSubmatch(e.Name())
		if !e.IsDir() || m == nil {
			continue
		}
		day, err := time.Parse(time.DateOnly, m[1])
		if err != nil {
			return nil, &TraceError{File: path.Join(name, e.Name()), Err: fmt.Errorf("%q is not a date", m[1])}
		}
		snapshots++
		files, err := fs.ReadDir(fsys, e.Name())
		if err != nil {
			return nil, &TraceError{File: path.Join(name, e.Name()), Err: err}
		}
		for _, f := range files {
			if f.IsDir() || !strings.HasSuffix(f.Name(), ".json") {
				continue
			}
			file := path.Join(name, e.Name(), f.Name())
			data, err := fs.ReadFile(fsys, path.Join(e.Name(), f.Name()))
			if err != nil {
				return nil, &TraceError{File: file, Err: err}
			}
			if len(strings.TrimSpace(string(data))) == 0 {
				continue // the scraper left some files empty
			}
			sku := strings.TrimSuffix(f.Name(), ".json")
			prices, err := readSnapshot(data, file)
			if err != nil {
				return nil, err
			}
			for _, region := range slices.Sorted(maps.Keys(prices)) {
				pool := Pool{Region: region, SKU: sku}
				st := pools[pool]
				if st == nil {
					st = &state{tr: &Trace{}, last: -1}
					pools[pool] = st
					set.Pools[pool], set.Order = st.tr, append(set.Order, pool)
				}
				p, t := prices[region], day.Unix()
				switch n := len(st.tr.Times); {
				case n > 0 && st.tr.Times[n-1] == t:
					st.tr.Values[n-1], st.last = int64(p), p // a later snapshot of the same date
				case p != st.last:
					st.tr.Times = append(st.tr.Times, t)
					st.tr.Values = append(st.tr.Values, int64(p))
					st.last = p
				}
			}
		}
	}
	if snapshots == 0 || len(set.Order) == 0 {
		return nil, &TraceError{File: name, Err: errors.New("no snapshot folders named YYYY-MM-DD[_rev] holding <armSkuName>.json price lists")}
	}
	return set, nil
}

// readSnapshot reads one scraped price list: region → lowest price.
func readSnapshot(data []byte, name string) (map[string]pricing.Price, error) {
	v, err := jsonValue(data, name)
	if err != nil {
		return nil, err
	}
	list, ok := v.([]any)
	if !ok {
		return nil, pathError(name, "$", "want a list of {armRegionName, retailPrice, meterId}, got %s", jsonKind(v))
	}
	out := map[string]pricing.Price{}
	for i, el := range list {
		p := index("", i)
		obj, ok := el.(map[string]any)
		if !ok {
			return nil, pathError(name, p, "want an object, got %s", jsonKind(el))
		}
		region, err := jsonString(obj["armRegionName"], name, member(p, "armRegionName"))
		if err != nil {
			return nil, err
		}
		if region == "" {
			return nil, pathError(name, member(p, "armRegionName"), "must not be empty")
		}
		price, err := jsonPrice(obj["retailPrice"], name, member(p, "retailPrice"))
		if err != nil {
			return nil, err
		}
		if old, ok := out[region]; !ok || price < old {
			out[region] = price
		}
	}
	return out, nil
}
