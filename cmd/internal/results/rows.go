package results

import (
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
)

// rows writes CSV without encoding/csv's []string per row: vms.csv and
// events.csv run to millions of rows, and a string per field was most of
// the time spent writing them. Fields are quoted exactly when encoding/csv
// would quote them, so the files read back the same.
type rows struct {
	w   io.Writer
	buf []byte
	err error
}

func newRows(w io.Writer, header []string) *rows {
	r := &rows{w: w, buf: make([]byte, 0, 64<<10)}
	for _, h := range header {
		r.str(h)
	}
	r.end()
	return r
}

func needsQuotes(s string) bool {
	return s == `\.` || strings.ContainsAny(s, ",\"\r\n") || s != "" && (s[0] == ' ' || s[0] == '\t')
}

func (r *rows) str(s string) {
	if !needsQuotes(s) {
		r.buf = append(r.buf, s...)
	} else {
		r.buf = append(r.buf, '"')
		r.buf = append(r.buf, strings.ReplaceAll(s, `"`, `""`)...)
		r.buf = append(r.buf, '"')
	}
	r.buf = append(r.buf, ',')
}

// name writes a VM's name, <prefix><sep><n> (sim.Fleet.VMNaming), without
// building the string.
func (r *rows) name(f *sim.Fleet, n int) {
	prefix, sep := f.VMNaming()
	if needsQuotes(prefix) {
		r.str(prefix + string(sep) + strconv.Itoa(n))
		return
	}
	r.buf = append(r.buf, prefix...)
	r.buf = append(r.buf, sep)
	r.buf = strconv.AppendInt(r.buf, int64(n), 10)
	r.buf = append(r.buf, ',')
}

func (r *rows) int(i int64) {
	r.buf = strconv.AppendInt(r.buf, i, 10)
	r.buf = append(r.buf, ',')
}

func (r *rows) micros(m pricing.Micros) {
	r.buf = m.Append(r.buf)
	r.buf = append(r.buf, ',')
}

// price writes a price with six places, or an empty field when negative
// (not applicable).
func (r *rows) price(p pricing.Price) {
	if p >= 0 {
		r.buf = p.AppendUSD6(r.buf)
	}
	r.buf = append(r.buf, ',')
}

func (r *rows) bytes(b []byte) {
	r.buf = append(r.buf, b...)
	r.buf = append(r.buf, ',')
}

// end closes the row and hands full buffers to the writer.
func (r *rows) end() {
	r.buf[len(r.buf)-1] = '\n'
	if len(r.buf) >= 60<<10 {
		r.flush()
	}
}

func (r *rows) flush() error {
	if r.err == nil && len(r.buf) > 0 {
		_, r.err = r.w.Write(r.buf)
	}
	r.buf = r.buf[:0]
	return r.err
}

// clock formats simulation times as RFC 3339 UTC, remembering the last one:
// events come in time order, many at the same second.
type clock struct {
	start time.Time
	last  int64
	text  []byte
}

func newClock(start time.Time) *clock { return &clock{start: start.UTC(), last: -1 << 63} }

func (c *clock) at(sec int64) []byte {
	if sec != c.last || c.text == nil {
		c.last = sec
		c.text = c.start.Add(time.Duration(sec)*time.Second).AppendFormat(c.text[:0], time.RFC3339)
	}
	return c.text
}
