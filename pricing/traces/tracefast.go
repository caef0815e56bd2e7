package traces

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/spotsim/spotsim/internal/mem"
	"github.com/spotsim/spotsim/pricing"
)

// ReadTraceBytes is ReadTrace over a file already in memory. A file with no
// quote character or carriage return — every file spotsim writes, and
// every canonical trace we have seen — is split by hand, without
// encoding/csv's string per field: a year of 5-minute prices for 20 pools
// is 2.1 million rows. A file with one is read again from its start by
// encoding/csv when the line that has it is reached. Both paths accept and
// reject the same files with the same positioned errors
// (TestFastPathAgreesWithCSV, FuzzFastPathAgreesWithCSV).
func ReadTraceBytes(data []byte, name string, kind Kind) (*TraceSet, error) {
	return readTraceFast(data, name, kind)
}

// ReadTrace reads a canonical long-format trace (SPEC.md section 5). Columns
// are found by header name, so their order is free and extra columns are
// ignored. Within a pool, timestamps must strictly increase; prices must be
// plain non-negative decimals; capacities non-negative integers or
// "unlimited".
func ReadTrace(r io.Reader, name string, kind Kind) (*TraceSet, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &TraceError{File: name, Err: err}
	}
	return ReadTraceBytes(data, name, kind)
}

func readTraceFast(data []byte, name string, kind Kind) (*TraceSet, error) {
	p := lineParser{name: name, kind: kind, rows: func(rest []byte, _ int) int { return bytes.Count(rest, []byte{'\n'}) + 2 }}
	if err := p.lines(data); err == errNeedsCSV {
		return readTraceCSV(bytes.NewReader(data), name, kind)
	} else if err != nil {
		return nil, err
	}
	return p.done()
}

// errNeedsCSV stops the line reader at the first line with a quote or a
// carriage return, which only encoding/csv reads right; the file is then
// read again from its start by readTraceCSV. Rows fastRow reads cannot
// hold either: their pool's bytes are those of a row read before them,
// and their other bytes are digits and separators.
var errNeedsCSV = errors.New("a quote or carriage return: read with encoding/csv")

// lineParser is the fast path's state between blocks of whole lines, so a
// file can be fed to it whole or a block at a time.
type lineParser struct {
	name string
	kind Kind
	// rows says how many data rows may follow the header, given the rest
	// of the block the header is in and the first data line's length, to
	// size the point arrays (0: unknown).
	rows   func(rest []byte, lineLen int) int
	lineNo int
	header []string
	idx    []int
	want   []string
	b      *traceBuilder
	fields [][]byte // of the current line
	starts []int    // byte column (1-based) of each field
	fail   func(i int, format string, args ...any) error
	// inOrder: a price trace whose first four columns are timestamp,
	// region, sku and price in that order, for fastRow (unless general).
	inOrder bool
	// fast: fastRow may read the next row, pool holding the previous
	// row's "region,sku," and b its pool.
	fast bool
	pool []byte
	// general: never use fastRow, for tests comparing the two paths.
	general bool
}

func (p *lineParser) split(line []byte) {
	p.fields, p.starts = p.fields[:0], p.starts[:0]
	col := 1
	for {
		i := bytes.IndexByte(line, ',')
		if i < 0 {
			p.fields, p.starts = append(p.fields, line), append(p.starts, col)
			return
		}
		p.fields, p.starts = append(p.fields, line[:i]), append(p.starts, col)
		line, col = line[i+1:], col+i+1
	}
}

// lines parses a block of whole lines (the last may lack its newline only
// at the end of the file).
func (p *lineParser) lines(data []byte) error {
	for len(data) > 0 {
		p.lineNo++
		if p.fast {
			if n := p.fastRow(data); n > 0 {
				data = data[n:]
				continue
			}
		}
		i := bytes.IndexByte(data, '\n')
		var line []byte
		if i < 0 {
			line, data = data, nil
		} else {
			line, data = data[:i], data[i+1:]
		}
		if len(line) == 0 { // encoding/csv skips empty lines too
			continue
		}
		if bytes.IndexByte(line, '"') >= 0 || bytes.IndexByte(line, '\r') >= 0 {
			return errNeedsCSV
		}
		if p.header == nil {
			if err := p.readHeader(line); err != nil {
				return err
			}
			continue
		}
		if p.b == nil {
			rows := 0
			if p.rows != nil {
				rows = p.rows(data, len(line)+1)
			}
			p.b = newTraceBuilder(p.name, p.kind, rows)
		}
		p.split(line)
		// More fields than the header is a value with a comma in it (a
		// decimal comma, 0,0201), never a row to read by the header.
		bad := len(p.fields) > len(p.header)
		for i := range p.want {
			bad = bad || p.idx[i] >= len(p.fields)
		}
		if bad {
			return &TraceError{File: p.name, Line: p.lineNo, Column: 1, Err: fmt.Errorf("has %d fields; the header has %d", len(p.fields), len(p.header))}
		}
		if err := p.b.add(p.fields[p.idx[0]], p.fields[p.idx[1]], p.fields[p.idx[2]], p.fields[p.idx[3]], p.lineNo, p.fail); err != nil {
			return err
		}
		if p.inOrder {
			// The row's pool as its bytes, "region,sku,", for fastRow
			// to compare the next rows with.
			p.pool = append(p.pool[:0], line[p.starts[1]-1:p.starts[3]-1]...)
			p.fast = true
		}
	}
	return nil
}

// fastRow reads the row data begins with if it has the shape of nearly
// every row of a large price trace, in one pass over its bytes, and
// returns how many bytes it took with its newline; for any other row it
// returns 0 and leaves everything as it was, for the general path above
// to read the row (or say why it is rejected). Splitting each row at its
// commas and parsing each field on its own was most of the cost of
// reading a 2-million-row trace. The shape: the columns in header order
// (inOrder), a 20-byte YYYY-MM-DDTHH:MM:SSZ time on the date the last
// time read was on, the same region and sku as the previous row, compared
// as one run of bytes, and a price of at most nine digits, a dot and at
// most nine decimals ending the line. Such a row is one the general path
// accepts with the same time and price, unless its time does not follow
// its pool's last point (left to the general path to word).
func (p *lineParser) fastRow(data []byte) int {
	u := &p.b.utc
	const ts = len("2026-01-05T00:00:00Z,")
	if !u.ok || len(data) < ts+len(p.pool) || [10]byte(data) != u.day ||
		data[10] != 'T' || data[13] != ':' || data[16] != ':' || data[19] != 'Z' || data[20] != ',' ||
		string(data[ts:ts+len(p.pool)]) != string(p.pool) {
		return 0
	}
	h1, h2, m1, m2, s1, s2 := data[11]-'0', data[12]-'0', data[14]-'0', data[15]-'0', data[17]-'0', data[18]-'0'
	if h1 > 9 || h2 > 9 || m1 > 9 || m2 > 9 || s1 > 9 || s2 > 9 {
		return 0
	}
	h, m, s := int64(h1)*10+int64(h2), int64(m1)*10+int64(m2), int64(s1)*10+int64(s2)
	if h > 23 || m > 59 || s > 59 {
		return 0
	}
	t := u.base + h*3600 + m*60 + s

	i := ts + len(p.pool)
	start := i
	var whole int64
	for ; i < len(data) && data[i]-'0' <= 9; i++ { // bytes below '0' wrap to above 9
		whole = whole*10 + int64(data[i]-'0')
	}
	if i == start || i-start > 9 {
		return 0
	}
	var frac int64
	decimals := 0
	if i < len(data) && data[i] == '.' {
		i++
		start = i
		for ; i < len(data) && data[i]-'0' <= 9; i++ {
			frac = frac*10 + int64(data[i]-'0')
		}
		if decimals = i - start; decimals > 9 {
			return 0
		}
	}
	if i < len(data) {
		if data[i] != '\n' {
			return 0
		}
		i++
	}

	tr := p.b.last
	if n := len(tr.Times); n == 0 || t <= tr.Times[n-1] {
		return 0
	}
	tr.Times = append(tr.Times, t)
	tr.Values = append(tr.Values, whole*pricing.NanosPerDollar+frac*pow10[9-decimals])
	return i
}

// pow10[k] is 10 to the k, to scale a price's decimals to nano-dollars.
var pow10 = [10]int64{1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000}

func (p *lineParser) readHeader(line []byte) error {
	p.split(line)
	p.header = make([]string, len(p.fields))
	for i, f := range p.fields {
		p.header[i] = string(f)
	}
	var err error
	if p.idx, err = columns(p.header, p.name, p.kind); err != nil {
		return err
	}
	p.want = wantColumns(p.kind)
	p.inOrder = !p.general && p.kind == PriceTrace && p.idx[0] == 0 && p.idx[1] == 1 && p.idx[2] == 2 && p.idx[3] == 3
	// One closure for every row (it reads lineNo and starts as they are
	// when it is called): made per row, it was an allocation per row.
	p.fail = func(i int, format string, args ...any) error {
		return &TraceError{File: p.name, Line: p.lineNo, Column: p.starts[p.idx[i]], Field: p.want[i], Err: fmt.Errorf(format, args...)}
	}
	return nil
}

func (p *lineParser) done() (*TraceSet, error) {
	if p.header == nil {
		return nil, &TraceError{File: p.name, Err: errors.New("empty file; want a header row")}
	}
	if p.b == nil {
		p.b = newTraceBuilder(p.name, p.kind, 0)
	}
	return p.b.done()
}

func wantColumns(kind Kind) []string { return []string{"timestamp", "region", "sku", kind.column()} }

// columns finds the wanted columns in a header row.
func columns(header []string, name string, kind Kind) ([]int, error) {
	want := wantColumns(kind)
	// Each field's name as compared (no byte-order mark, no padding) and
	// the column it starts at, for the errors.
	names, cols := make([]string, len(header)), make([]int, len(header))
	col := 1
	for j, h := range header {
		names[j], cols[j] = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")), col
		col += len(h) + 1
		// Rows of one region and size in several zones were read as one
		// series, silently: a zonal pool reads its region's rows
		// (docs/fleets.md), so a zone column cannot mean what it says.
		if n := strings.ToLower(names[j]); n == "zone" || n == "availability_zone" {
			return nil, &TraceError{File: name, Line: 1, Column: cols[j], Err: fmt.Errorf("column %q: trace rows name no zone (a zonal pool reads its region's rows); give each zone's pools a file of their own, or remove the column", h)}
		}
	}
	idx := make([]int, len(want))
	for i, w := range want {
		idx[i] = -1
		for j, n := range names {
			if n != w {
				continue
			}
			if idx[i] >= 0 {
				// Which one was meant cannot be told; the last silently won.
				return nil, &TraceError{File: name, Line: 1, Column: cols[j], Err: fmt.Errorf("column %q given twice (fields %d and %d); want it once", w, idx[i]+1, j+1)}
			}
			idx[i] = j
		}
		if idx[i] < 0 {
			return nil, &TraceError{File: name, Line: 1, Column: 1, Err: fmt.Errorf("header lacks column %q; want %s", w, strings.Join(want, ","))}
		}
	}
	return idx, nil
}

// traceBuilder checks rows and collects them into a TraceSet; both readers
// feed it, so they agree on what a valid row is.
type traceBuilder struct {
	set      *TraceSet
	kind     Kind
	last     *Trace
	lastPool Pool
	utc      utcParser
	// With a row count known up front, times and values go into one
	// array each: a pool seen for the first time appends in place at
	// their free end (it is the view), and is sealed (its capacity cut to
	// its length) when rows of another pool follow. A file grouped by
	// pool, as spotsim writes them, is then read with no copying at all;
	// a pool whose rows come back after another's grows its own slices.
	times, values []int64
	free          int
	view          *Trace
}

// newTraceBuilder collects a set's points; rows is how many data rows the
// file may hold at most, or 0 if unknown. The two arrays are cut from one
// chunk offered huge pages: a year of B1's prices is 2 × 18 MB, and
// backing it 4 KiB at a time was 19 ms of P1k's 48 ms of system time
// (`spotsim run`, 40 runs each way; see README, Performance).
func newTraceBuilder(name string, kind Kind, rows int) *traceBuilder {
	b := &traceBuilder{set: &TraceSet{Name: name, Pools: map[Pool]*Trace{}}, kind: kind}
	if rows > 0 {
		var slab mem.Slab[int64]
		slab.Reserve(2 * rows)
		b.times, b.values = slab.Make(rows), slab.Make(rows)
	}
	return b
}

// seal ends the view's run of rows: its later rows, if any, reallocate.
func (b *traceBuilder) seal() {
	if v := b.view; v != nil {
		n := len(v.Times)
		v.Times, v.Values = v.Times[:n:n], v.Values[:n:n]
		b.free += n
		b.view = nil
	}
}

func (b *traceBuilder) add(tsText, region, sku, value []byte, line int, fail func(i int, format string, args ...any) error) error {
	t, ok := b.utc.parse(tsText)
	if !ok {
		ts, err := time.Parse(time.RFC3339, string(tsText))
		if err != nil {
			return fail(0, "%q is not an RFC 3339 time such as 2026-01-05T00:00:00Z", tsText)
		}
		if t := ts.Unix(); t < FirstTime || t > LastTime {
			return fail(0, "%q is outside the years 1970 to 9999 (UTC)", tsText)
		}
		if ts.Nanosecond() != 0 {
			// Cut to the second, two points could fall in one second and a
			// price change move: the trace's resolution is the second.
			return fail(0, "%q has a fraction of a second; want a whole second such as 2026-01-05T00:00:00Z", tsText)
		}
		t = ts.Unix()
	}
	if len(region) == 0 || len(sku) == 0 {
		return fail(1, "region and sku must not be empty")
	}
	var v int64
	if b.kind == PriceTrace {
		p, err := pricing.ParsePriceBytes(value)
		switch {
		case err != nil:
			return fail(3, "%q: %v; want a plain decimal USD per hour such as 0.0192", value, err)
		case p < 0:
			return fail(3, "%q is negative; a spot price is >= 0", value)
		}
		v = int64(p)
	} else if string(value) == "unlimited" {
		v = pricing.Unlimited
	} else {
		n, ok := parseCount(value)
		if !ok {
			return fail(3, "%q is not accepted; want a whole number >= 0 or unlimited", value)
		}
		v = n
	}
	// Comparing against the previous row's pool allocates nothing; a
	// pool's strings are made once, when the pool changes.
	if b.last == nil || string(region) != b.lastPool.Region || string(sku) != b.lastPool.SKU {
		b.seal()
		pool := Pool{Region: string(region), SKU: string(sku)}
		b.last, b.lastPool = b.set.Pools[pool], pool
		if b.last == nil {
			b.last = &Trace{FirstLine: line}
			b.set.Pools[pool] = b.last
			b.set.Order = append(b.set.Order, pool)
			if b.free < len(b.times) {
				b.last.Times, b.last.Values = b.times[b.free:b.free], b.values[b.free:b.free]
				b.view = b.last
			}
		}
	}
	if n := len(b.last.Times); n > 0 && t <= b.last.Times[n-1] {
		what := "before"
		if t == b.last.Times[n-1] {
			what = "the same as"
		}
		return fail(0, "%s for %s is %s the pool's previous point; timestamps must strictly increase", tsText, b.lastPool, what)
	}
	b.last.Times = append(b.last.Times, t)
	b.last.Values = append(b.last.Values, v)
	return nil
}

func (b *traceBuilder) done() (*TraceSet, error) {
	b.seal()
	if len(b.set.Order) == 0 {
		return nil, &TraceError{File: b.set.Name, Line: 1, Column: 1, Err: errors.New("no data rows")}
	}
	return b.set, nil
}

// parseUTC reads the common form YYYY-MM-DDTHH:MM:SSZ quickly; anything
// else (offsets, fractions, odd values) is left to time.Parse.
func parseUTC(b []byte) (int64, bool) {
	var p utcParser
	return p.parse(b)
}

// utcParser is parseUTC remembering the last date it read: rows of a trace
// come many to a day, and the time of day is then a few multiplications,
// where time.Date per row cost a fifth of reading a file.
type utcParser struct {
	day  [10]byte
	base int64 // the Unix time of day's midnight
	ok   bool  // day holds a date read before
}

func (p *utcParser) parse(b []byte) (int64, bool) {
	if len(b) != 20 || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' || b[19] != 'Z' {
		return 0, false
	}
	if p.ok && string(b[:10]) == string(p.day[:]) {
		h, ok1 := digits(b[11:13])
		mi, ok2 := digits(b[14:16])
		s, ok3 := digits(b[17:19])
		if !(ok1 && ok2 && ok3) || h > 23 || mi > 59 || s > 59 {
			return 0, false
		}
		return p.base + int64(h*3600+mi*60+s), true
	}
	t, ok := parseUTCSlow(b)
	if ok {
		copy(p.day[:], b[:10])
		p.base, p.ok = t-t%86400, true
	}
	return t, ok
}

// digits reads a run of decimal digits.
func digits(b []byte) (int, bool) {
	v := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

func parseUTCSlow(b []byte) (int64, bool) {
	num := func(i, n int) (int, bool) {
		v := 0
		for _, c := range b[i : i+n] {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	y, ok1 := num(0, 4)
	mo, ok2 := num(5, 2)
	d, ok3 := num(8, 2)
	h, ok4 := num(11, 2)
	mi, ok5 := num(14, 2)
	s, ok6 := num(17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || y < 1970 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59 {
		return 0, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, s, 0, time.UTC)
	if t.Day() != d { // 31 April and the like: let time.Parse word the error
		return 0, false
	}
	return t.Unix(), true
}

func parseCount(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 10 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, n <= math.MaxInt32
}
