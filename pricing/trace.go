package pricing

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// Pool names a spot market: a region and a VM size.
type Pool struct{ Region, SKU string }

func (p Pool) String() string { return p.Region + "/" + p.SKU }

// Trace is one pool's points from a trace file, in Unix seconds.
type Trace struct {
	Times     []int64
	Values    []int64
	FirstLine int // the file line of the first point, for errors about coverage
}

// TraceSet is every pool of one long-format trace file, in first-seen order.
type TraceSet struct {
	Name  string
	Pools map[Pool]*Trace
	Order []Pool
}

// Unlimited is the capacity value for "no limit".
const Unlimited int64 = -1

// Kind says which column a long-format trace carries.
type Kind int

const (
	// PriceTrace files have timestamp,region,sku,spot_price_usd.
	PriceTrace Kind = iota
	// CapacityTrace files have timestamp,region,sku,capacity.
	CapacityTrace
)

func (k Kind) column() string {
	if k == PriceTrace {
		return "spot_price_usd"
	}
	return "capacity"
}

// TraceError is a positioned problem in a trace file, modelled on
// encoding/csv.ParseError.
type TraceError struct {
	File   string
	Line   int
	Column int
	Field  string // the CSV column name, when one applies
	Err    error
}

func (e *TraceError) Error() string {
	pos := e.File
	if e.Line > 0 {
		pos = fmt.Sprintf("%s:%d:%d", e.File, e.Line, e.Column)
	}
	if e.Field != "" {
		return fmt.Sprintf("%s: %s: %v", pos, e.Field, e.Err)
	}
	return fmt.Sprintf("%s: %v", pos, e.Err)
}

func (e *TraceError) Unwrap() error { return e.Err }

// ReadTrace reads a canonical long-format trace (SPEC.md section 5). Columns
// are found by header name, so their order is free and extra columns are
// ignored. Within a pool, timestamps must strictly increase; prices must be
// plain non-negative decimals; capacities non-negative integers or
// "unlimited".
func ReadTrace(r io.Reader, name string, kind Kind) (*TraceSet, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &TraceError{File: name, Err: errors.New("empty file; want a header row")}
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	want := []string{"timestamp", "region", "sku", kind.column()}
	idx := make([]int, len(want))
	for i, w := range want {
		idx[i] = -1
		for j, h := range header {
			if strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")) == w {
				idx[i] = j
			}
		}
		if idx[i] < 0 {
			return nil, &TraceError{File: name, Line: 1, Column: 1, Err: fmt.Errorf("header lacks column %q; want %s", w, strings.Join(want, ","))}
		}
	}
	set := &TraceSet{Name: name, Pools: map[Pool]*Trace{}}
	var last *Trace
	var lastPool Pool
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		field := func(i int) (string, *TraceError) {
			if idx[i] >= len(rec) {
				return "", &TraceError{File: name, Line: line, Column: 1, Err: fmt.Errorf("has %d fields; the header has %d", len(rec), len(header))}
			}
			return rec[idx[i]], nil
		}
		fail := func(i int, format string, args ...any) error {
			l, c := cr.FieldPos(min(idx[i], len(rec)-1))
			return &TraceError{File: name, Line: l, Column: c, Field: want[i], Err: fmt.Errorf(format, args...)}
		}
		var vals [4]string
		for i := range want {
			v, ferr := field(i)
			if ferr != nil {
				return nil, ferr
			}
			vals[i] = v
		}
		ts, err := time.Parse(time.RFC3339, vals[0])
		if err != nil {
			return nil, fail(0, "%q is not an RFC 3339 time such as 2026-01-05T00:00:00Z", vals[0])
		}
		if y := ts.UTC().Year(); y < 1970 || y > 9999 {
			return nil, fail(0, "%q is outside the years 1970 to 9999 (UTC)", vals[0])
		}
		pool := Pool{Region: vals[1], SKU: vals[2]}
		if pool.Region == "" || pool.SKU == "" {
			return nil, fail(1, "region and sku must not be empty")
		}
		var v int64
		if kind == PriceTrace {
			p, err := ParsePrice(vals[3])
			switch {
			case err != nil:
				return nil, fail(3, "%q: %v; want a plain decimal USD per hour such as 0.0192", vals[3], err)
			case p < 0:
				return nil, fail(3, "%q is negative; a spot price is >= 0", vals[3])
			}
			v = int64(p)
		} else {
			if vals[3] == "unlimited" {
				v = Unlimited
			} else {
				n, err := strconv.ParseInt(vals[3], 10, 64)
				if err != nil || n < 0 || n > math.MaxInt32 {
					return nil, fail(3, "%q is not accepted; want a whole number >= 0 or unlimited", vals[3])
				}
				v = n
			}
		}
		t := ts.Unix()
		if last == nil || pool != lastPool {
			last = set.Pools[pool]
			lastPool = pool
			if last == nil {
				last = &Trace{FirstLine: line}
				set.Pools[pool] = last
				set.Order = append(set.Order, pool)
			}
		}
		if n := len(last.Times); n > 0 && t <= last.Times[n-1] {
			what := "before"
			if t == last.Times[n-1] {
				what = "the same as"
			}
			return nil, fail(0, "%s for %s is %s the pool's previous point; timestamps must strictly increase", vals[0], pool, what)
		}
		last.Times = append(last.Times, t)
		last.Values = append(last.Values, v)
	}
	if len(set.Order) == 0 {
		return nil, &TraceError{File: name, Line: 1, Column: 1, Err: errors.New("no data rows")}
	}
	return set, nil
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &TraceError{File: name, Line: pe.Line, Column: pe.Column, Err: pe.Err}
	}
	return &TraceError{File: name, Err: err}
}

// Window cuts a pool's trace to a scenario: times become seconds from start,
// the point in effect at start moves to 0, and points at or after the end are
// dropped. A trace that begins after start is an error: spotsim never invents
// the price before the first point.
func (t *Trace) Window(start, end int64) (Series, error) {
	if len(t.Times) == 0 || t.Times[0] > start {
		return Series{}, fmt.Errorf("begins at %s, after the scenario start %s; a trace must cover the whole horizon",
			time.Unix(t.Times[0], 0).UTC().Format(time.RFC3339), time.Unix(start, 0).UTC().Format(time.RFC3339))
	}
	first := 0
	for first+1 < len(t.Times) && t.Times[first+1] <= start {
		first++
	}
	s := Series{Times: []int64{0}, Values: []int64{t.Values[first]}}
	for i := first + 1; i < len(t.Times) && t.Times[i] < end; i++ {
		s.Times = append(s.Times, t.Times[i]-start)
		s.Values = append(s.Values, t.Values[i])
	}
	return s, nil
}

// WriteTrace writes a set in the canonical long format: pools in set order,
// each pool's points in time order. ReadTrace(WriteTrace(s)) gives s back.
func WriteTrace(w io.Writer, set *TraceSet, kind Kind) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"timestamp", "region", "sku", kind.column()}); err != nil {
		return err
	}
	for _, p := range set.Order {
		tr := set.Pools[p]
		for i, t := range tr.Times {
			v := ""
			switch {
			case kind == PriceTrace:
				v = Price(tr.Values[i]).String()
			case tr.Values[i] == Unlimited:
				v = "unlimited"
			default:
				v = strconv.FormatInt(tr.Values[i], 10)
			}
			if err := cw.Write([]string{time.Unix(t, 0).UTC().Format(time.RFC3339), p.Region, p.SKU, v}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
