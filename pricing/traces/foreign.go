package traces

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spotsim/spotsim/pricing"
)

// ReadAWSSpotHistory reads the JSON of `aws ec2 describe-spot-price-history`
// ({"SpotPriceHistory": [...]}, or a list of such pages): one pool per
// AvailabilityZone (as the region) and InstanceType. Only Linux/UNIX
// prices are read (ProductDescription "Linux/UNIX" or "Linux/UNIX (Amazon
// VPC)"), as spotsim's pay-as-you-go prices are Linux ones. AWS lists
// newest first; the points are sorted, and a repeated time keeps the last
// listed price.
func ReadAWSSpotHistory(data []byte, name string) (*TraceSet, error) {
	v, err := jsonValue(data, name)
	if err != nil {
		return nil, err
	}
	var pages []map[string]any
	var paths []string
	switch doc := v.(type) {
	case map[string]any:
		pages, paths = append(pages, doc), append(paths, "")
	case []any:
		for i, el := range doc {
			page, ok := el.(map[string]any)
			if !ok {
				return nil, pathError(name, index("", i), "want a page {\"SpotPriceHistory\": [...]}, got %s", jsonKind(el))
			}
			pages, paths = append(pages, page), append(paths, index("", i))
		}
	default:
		return nil, pathError(name, "$", "want {\"SpotPriceHistory\": [...]}, got %s", jsonKind(v))
	}
	type point struct {
		t     int64
		p     pricing.Price
		order int
	}
	points := map[Pool][]point{}
	var order []Pool
	n := 0
	for pi, page := range pages {
		list, ok := page["SpotPriceHistory"].([]any)
		if !ok {
			return nil, pathError(name, member(paths[pi], "SpotPriceHistory"), "want a list, got %s", jsonKind(page["SpotPriceHistory"]))
		}
		for i, el := range list {
			p := index(member(paths[pi], "SpotPriceHistory"), i)
			obj, ok := el.(map[string]any)
			if !ok {
				return nil, pathError(name, p, "want an object, got %s", jsonKind(el))
			}
			str := func(key string) (string, error) { return jsonString(obj[key], name, member(p, key)) }
			desc, err := str("ProductDescription")
			if err != nil {
				return nil, err
			}
			if !strings.HasPrefix(desc, "Linux/UNIX") {
				continue
			}
			zone, err := str("AvailabilityZone")
			if err != nil {
				return nil, err
			}
			typ, err := str("InstanceType")
			if err != nil {
				return nil, err
			}
			priceText, err := str("SpotPrice")
			if err != nil {
				return nil, err
			}
			price, err := pricing.ParsePrice(priceText)
			if err != nil || price < 0 {
				return nil, pathError(name, member(p, "SpotPrice"), "%q is not a price; want a decimal >= 0 such as \"0.918000\"", priceText)
			}
			stamp, err := str("Timestamp")
			if err != nil {
				return nil, err
			}
			ts, err := time.Parse(time.RFC3339, stamp)
			if err != nil {
				return nil, pathError(name, member(p, "Timestamp"), "%q is not an RFC 3339 time such as 2022-05-31T21:13:42+00:00", stamp)
			}
			if zone == "" || typ == "" {
				return nil, pathError(name, p, "AvailabilityZone and InstanceType must not be empty")
			}
			pool := Pool{Region: zone, SKU: typ}
			if _, seen := points[pool]; !seen {
				order = append(order, pool)
			}
			points[pool] = append(points[pool], point{ts.Unix(), price, n})
			n++
		}
	}
	set := &TraceSet{Name: name, Pools: map[Pool]*Trace{}}
	for _, pool := range order {
		pts := points[pool]
		slices.SortFunc(pts, func(a, b point) int { return cmp.Or(cmp.Compare(a.t, b.t), cmp.Compare(a.order, b.order)) })
		tr := &Trace{}
		for _, pt := range pts {
			tr.set(pt.t, int64(pt.p))
		}
		set.Pools[pool], set.Order = tr, append(set.Order, pool)
	}
	if len(set.Order) == 0 {
		return nil, &TraceError{File: name, Err: errors.New("no Linux/UNIX spot prices")}
	}
	return set, nil
}

// ReadFleetLog reads a Bamboo spot-fleet log (NSDI'23): lines
// `time_ms,add|remove,node_id`, no header, times in milliseconds from the
// start of the trace. The capacity at each moment is the number of live
// nodes; times are rounded down to whole seconds, and the count after the
// last event of a second is kept.
func ReadFleetLog(data []byte, name string, start int64) (*Trace, error) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	live := map[string]bool{}
	tr := &Trace{Times: []int64{start}, Values: []int64{0}}
	line, lastMs := 0, int64(-1)
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		fields := strings.Split(text, ",")
		if len(fields) != 3 {
			return nil, &TraceError{File: name, Line: line, Column: 1, Err: fmt.Errorf("has %d fields; want time_ms,add|remove,node_id", len(fields))}
		}
		ms, err := strconv.ParseInt(strings.TrimSpace(fields[0]), 10, 64)
		if err != nil || ms < 0 {
			return nil, &TraceError{File: name, Line: line, Column: 1, Err: fmt.Errorf("%q is not a time in milliseconds >= 0", fields[0])}
		}
		if ms < lastMs {
			return nil, &TraceError{File: name, Line: line, Column: 1, Err: fmt.Errorf("%d ms is before the previous event (%d ms); events must be in time order", ms, lastMs)}
		}
		lastMs = ms
		node := strings.TrimSpace(fields[2])
		col := len(fields[0]) + 2
		switch strings.TrimSpace(fields[1]) {
		case "add":
			if live[node] {
				return nil, &TraceError{File: name, Line: line, Column: col, Err: fmt.Errorf("adds node %q, which is already live", node)}
			}
			live[node] = true
		case "remove":
			if !live[node] {
				return nil, &TraceError{File: name, Line: line, Column: col, Err: fmt.Errorf("removes node %q, which is not live", node)}
			}
			delete(live, node)
		default:
			return nil, &TraceError{File: name, Line: line, Column: col, Err: fmt.Errorf("%q is not an event; want add or remove", fields[1])}
		}
		t, n := start+ms/1000, int64(len(live))
		if k := len(tr.Times); tr.Times[k-1] == t {
			tr.Values[k-1] = n
		} else {
			tr.Times = append(tr.Times, t)
			tr.Values = append(tr.Values, n)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, &TraceError{File: name, Line: line + 1, Err: err}
	}
	if line == 0 {
		return nil, &TraceError{File: name, Err: errors.New("empty; want lines time_ms,add|remove,node_id")}
	}
	// Drop repeats, so each point is a change.
	out := &Trace{}
	for i, v := range tr.Values {
		if k := len(out.Values); k > 0 && out.Values[k-1] == v {
			continue
		}
		out.Times = append(out.Times, tr.Times[i])
		out.Values = append(out.Values, v)
	}
	return out, nil
}

// set appends a point at t, or, when the last point is at t already,
// replaces its value: a later listing of the same time wins.
func (tr *Trace) set(t, v int64) {
	if k := len(tr.Times); k > 0 && tr.Times[k-1] == t {
		tr.Values[k-1] = v
		return
	}
	tr.Times = append(tr.Times, t)
	tr.Values = append(tr.Values, v)
}
