package traces

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"time"

	"github.com/spotsim/spotsim/internal/mem"
	"github.com/spotsim/spotsim/pricing"
)

// Pool names a spot market: a region and a VM size.
type Pool struct{ Region, SKU string }

func (p Pool) String() string { return p.Region + "/" + p.SKU }

// FirstTime and LastTime bound a canonical trace's times, in Unix seconds:
// the years 1970 to 9999 (UTC). RFC 3339 writes no year past 9999; before
// 1970 no spot market existed to trace.
var (
	FirstTime = time.Date(1970, time.January, 1, 0, 0, 0, 0, time.UTC).Unix()
	LastTime  = time.Date(9999, time.December, 31, 23, 59, 59, 0, time.UTC).Unix()
)

// Trace is one pool's points from a trace file, in Unix seconds.
type Trace struct {
	Times     []int64
	Values    []int64
	FirstLine int // the file line of the first point, for errors about coverage
	// spent: WindowInPlace shifted some of Times, which are no longer the
	// trace's own; no other window can be cut from it. last is the time
	// of its last point, kept from before.
	spent bool
	last  int64
}

// LastTime is the time of the trace's last point (it must have one), also
// once a window has taken its times.
func (t *Trace) LastTime() int64 {
	if t.spent {
		return t.last
	}
	return t.Times[len(t.Times)-1]
}

// TraceSet is every pool of one long-format trace file, in first-seen order.
type TraceSet struct {
	Name  string
	Pools map[Pool]*Trace
	Order []Pool
}

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

// readTraceCSV is ReadTrace through encoding/csv, for files with quotes
// or carriage returns.
func readTraceCSV(r io.Reader, name string, kind Kind) (*TraceSet, error) {
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
	idx, err := columns(header, name, kind)
	if err != nil {
		return nil, err
	}
	nHeader := len(header)
	want := wantColumns(kind)
	b := newTraceBuilder(name, kind, 0)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		bad := len(rec) > nHeader // a value with a comma in it (lineParser.lines)
		for i := range want {
			bad = bad || idx[i] >= len(rec)
		}
		if bad {
			return nil, &TraceError{File: name, Line: line, Column: 1, Err: fmt.Errorf("has %d fields; the header has %d", len(rec), nHeader)}
		}
		fail := func(i int, format string, args ...any) error {
			l, c := cr.FieldPos(idx[i])
			return &TraceError{File: name, Line: l, Column: c, Field: want[i], Err: fmt.Errorf(format, args...)}
		}
		if err := b.add([]byte(rec[idx[0]]), []byte(rec[idx[1]]), []byte(rec[idx[2]]), []byte(rec[idx[3]]), line, fail); err != nil {
			return nil, err
		}
	}
	return b.done()
}

// csvRows reads data as a CSV file of width fields a row: head checks the
// header row, then row gets every row after it with its line and the
// column of each field. A CSV error is positioned (csvError); the first
// error head or row returns ends the reading.
func csvRows(data []byte, name string, width int, head func([]string) error, row func(rec []string, line int, col func(int) int) error) error {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = width
	cr.ReuseRecord = true
	h, err := cr.Read()
	if err != nil {
		return csvError(name, err)
	}
	if err := head(h); err != nil {
		return err
	}
	col := func(i int) int { _, c := cr.FieldPos(i); return c }
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		if err := row(rec, line, col); err != nil {
			return err
		}
	}
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
func (t *Trace) Window(start, end int64) (pricing.Series, error) { return t.WindowIn(start, end, nil) }

// WindowIn is Window with the shifted times cut from slab (nil: made on
// their own), so that the windows of a file's pools share huge pages.
func (t *Trace) WindowIn(start, end int64, slab *mem.Slab[int64]) (pricing.Series, error) {
	first, last, err := t.span(start, end)
	if err != nil {
		return pricing.Series{}, err
	}
	// The values are the trace's own (a series is read, never written,
	// so runs can share them); the times are shifted to the window, in
	// one allocation.
	times := slab.Make(last - first)
	for i := first + 1; i < last; i++ {
		times[i-first] = t.Times[i] - start
	}
	return pricing.Series{Times: times, Values: t.Values[first:last:last]}, nil
}

// WindowInPlace is Window without copying the times: the window's times
// are the trace's own, shifted in place, so the trace is spent. Its Times
// from the point in effect at start to the end are then the window's, and
// it takes no other window. It is for a reader that cuts one window of
// each trace and then drops the trace: a scenario loaded on its own, where
// a year of B1's prices is 17 MB of times not copied.
func (t *Trace) WindowInPlace(start, end int64) (pricing.Series, error) {
	first, last, err := t.span(start, end)
	if err != nil {
		return pricing.Series{}, err
	}
	t.last = t.Times[len(t.Times)-1]
	times := t.Times[first:last:last]
	times[0] = 0
	for i := 1; i < len(times); i++ {
		times[i] -= start
	}
	t.spent = true
	return pricing.Series{Times: times, Values: t.Values[first:last:last]}, nil
}

// span is the window's points: from first, the last point at or before
// start (it holds at start), to before last, the first at or after end.
func (t *Trace) span(start, end int64) (first, last int, err error) {
	if t.spent {
		panic("traces: a window of a trace whose times an earlier window shifted in place")
	}
	if len(t.Times) == 0 {
		return 0, 0, errors.New("has no points; a trace must cover the whole horizon")
	}
	if t.Times[0] > start {
		return 0, 0, fmt.Errorf("begins at %s, after the scenario start %s; a trace must cover the whole horizon",
			time.Unix(t.Times[0], 0).UTC().Format(time.RFC3339), time.Unix(start, 0).UTC().Format(time.RFC3339))
	}
	first = sort.Search(len(t.Times), func(i int) bool { return t.Times[i] > start }) - 1
	last = first + 1 + sort.Search(len(t.Times)-first-1, func(i int) bool { return t.Times[first+1+i] >= end })
	return first, last, nil
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
				v = pricing.Price(tr.Values[i]).String()
			case tr.Values[i] == pricing.Unlimited:
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
