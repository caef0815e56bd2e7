// Package csvw writes CSV without encoding/csv's []string per row: vms.csv,
// events.csv, prices.csv and the usage files run to millions of rows, and a
// string per field was most of the time spent writing them. Fields are
// quoted exactly when encoding/csv would quote them, so the files read back
// the same and are byte-identical to what encoding/csv wrote.
package csvw

import (
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
)

// Writer writes rows field by field into a buffer handed to w in 64 KiB
// pieces. Each field method appends the field and its comma; End closes the
// row.
type Writer struct {
	w   io.Writer
	buf []byte
	err error
}

// New starts a CSV file with its header row.
func New(w io.Writer, header []string) *Writer {
	r := &Writer{w: w, buf: make([]byte, 0, 64<<10)}
	for _, h := range header {
		r.Str(h)
	}
	r.End()
	return r
}

// NeedsQuotes says whether encoding/csv would quote the field.
// As encoding/csv's fieldNeedsQuotes: a comma, quote, CR or LF anywhere,
// \. alone (Postgres' end of data), or a first rune that is white space
// (any unicode.IsSpace, not only a space or a tab).
//
// One pass over the bytes rather than strings.ContainsAny, which builds
// its set of bytes on every call for a string longer than eight bytes: the
// cost files check some fifty fields a row.
func NeedsQuotes(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '"', '\r', '\n':
			return true
		}
	}
	if c := s[0]; c < utf8.RuneSelf {
		// unicode.IsSpace's ASCII spaces.
		return c == ' ' || c == '\t' || c == '\v' || c == '\f' || s == `\.`
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

// Quote is the field as it is written: s itself, or quoted when
// encoding/csv would quote it. For text written on many rows (a fleet's
// name, a region), quoted once and written with Raw.
func Quote(s string) string {
	if !NeedsQuotes(s) {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// Str writes a text field.
func (r *Writer) Str(s string) {
	if !NeedsQuotes(s) {
		r.buf = append(r.buf, s...)
	} else {
		r.buf = append(r.buf, '"')
		r.buf = append(r.buf, strings.ReplaceAll(s, `"`, `""`)...)
		r.buf = append(r.buf, '"')
	}
	r.buf = append(r.buf, ',')
}

// Raw writes a field already quoted (Quote) or that needs no quotes.
func (r *Writer) Raw(s string) {
	r.buf = append(r.buf, s...)
	r.buf = append(r.buf, ',')
}

// Name writes a VM's name, <prefix><sep><n> (sim.Fleet.VMNaming), without
// building the string.
func (r *Writer) Name(f *sim.Fleet, n int) {
	prefix, sep := f.VMNaming()
	if NeedsQuotes(prefix) {
		r.Str(prefix + string(sep) + strconv.Itoa(n))
		return
	}
	r.buf = append(r.buf, prefix...)
	r.buf = append(r.buf, sep)
	r.buf = strconv.AppendInt(r.buf, int64(n), 10)
	r.buf = append(r.buf, ',')
}

// Names are the VM name prefixes of a run's fleets (prefix and separator),
// each checked for quoting once: events.csv names a VM on each of millions
// of rows.
type Names struct {
	prefix []string
	plain  []bool // the prefix needs no quotes, so neither does a name
}

// NewNames prepares the names of fleets' VMs.
func NewNames(fleets []sim.Fleet) *Names {
	nm := &Names{prefix: make([]string, len(fleets)), plain: make([]bool, len(fleets))}
	for i := range fleets {
		prefix, sep := fleets[i].VMNaming()
		nm.prefix[i], nm.plain[i] = prefix+string(sep), !NeedsQuotes(prefix)
	}
	return nm
}

// VMName writes fleet's VM number n's name, as Name does.
func (r *Writer) VMName(nm *Names, fleet int, n int) {
	if !nm.plain[fleet] {
		r.Str(nm.prefix[fleet] + strconv.Itoa(n))
		return
	}
	r.buf = append(r.buf, nm.prefix[fleet]...)
	r.buf = strconv.AppendInt(r.buf, int64(n), 10)
	r.buf = append(r.buf, ',')
}

// Int writes an integer.
func (r *Writer) Int(i int64) {
	r.buf = strconv.AppendInt(r.buf, i, 10)
	r.buf = append(r.buf, ',')
}

// Micros writes micro-dollars as dollars with six places.
func (r *Writer) Micros(m pricing.Micros) {
	if n, ok := m.Int64(); ok {
		r.buf = pricing.AppendMicros(r.buf, n)
	} else {
		r.buf = m.Append(r.buf)
	}
	r.buf = append(r.buf, ',')
}

// Price writes a price with six places, or an empty field when negative
// (not applicable).
func (r *Writer) Price(p pricing.Price) {
	if p >= 0 {
		r.buf = p.AppendUSD6(r.buf)
	}
	r.buf = append(r.buf, ',')
}

// USD6 writes a price with six places, as pricing.Price.USD6, negative or
// not.
func (r *Writer) USD6(p pricing.Price) {
	r.buf = p.AppendUSD6(r.buf)
	r.buf = append(r.buf, ',')
}

// Bytes writes a field that needs no quotes.
func (r *Writer) Bytes(b []byte) {
	r.buf = append(r.buf, b...)
	r.buf = append(r.buf, ',')
}

// End closes the row and hands full buffers to the writer.
func (r *Writer) End() {
	r.buf[len(r.buf)-1] = '\n'
	if len(r.buf) >= 60<<10 {
		r.Flush()
	}
}

// Flush hands what is buffered to the writer, and returns the first error
// the writer gave.
func (r *Writer) Flush() error {
	if r.err == nil && len(r.buf) > 0 {
		_, r.err = r.w.Write(r.buf)
	}
	r.buf = r.buf[:0]
	return r.err
}

// Clock formats simulation times as RFC 3339 UTC, remembering the last one
// (events come in time order, many at the same second) and the last day's
// date: vms.csv and events.csv write a time on each of millions of rows,
// and time.Time.AppendFormat was a fifth of vms.csv's formatting.
type Clock struct {
	start time.Time
	last  int64
	text  []byte
	// The day of the last time formatted in full: its first second (Unix
	// time) and its date and 'T', text's first 11 bytes; day is nil when
	// that time did not have the form YYYY-MM-DDThh:mm:ssZ.
	dayStart int64
	day      []byte
}

// NewClock formats times in seconds from start.
func NewClock(start time.Time) *Clock { return &Clock{start: start.UTC(), last: -1 << 63} }

// At is the time sec seconds from the start; valid until the next call.
func (c *Clock) At(sec int64) []byte {
	if sec == c.last && c.text != nil {
		return c.text
	}
	c.last = sec
	t := c.start.Add(time.Duration(sec) * time.Second)
	if c.day != nil {
		// Within the day last formatted in full, only the clock changes.
		if into := t.Unix() - c.dayStart; into >= 0 && into < 86400 {
			h, m, s := into/3600, into/60%60, into%60
			c.text = append(append(c.text[:0], c.day...),
				byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), ':', byte('0'+s/10), byte('0'+s%10), 'Z')
			return c.text
		}
	}
	c.text = t.AppendFormat(c.text[:0], time.RFC3339)
	// Go's times have no leap seconds, so a day is 86400 seconds from its
	// midnight.
	c.day = nil
	if len(c.text) == len("2006-01-02T15:04:05Z") && c.text[10] == 'T' {
		c.day = append(c.day[:0:0], c.text[:11]...)
		c.dayStart = t.Unix() - int64(t.Hour()*3600+t.Minute()*60+t.Second())
	}
	return c.text
}
