package tracefile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/spotsim/spotsim/pricing/traces"
)

// Input is how `spotsim traces` is told to read a file: its format, the
// pool a file that names none is (region, sku), when a file without dates
// starts, and whether a canonical CSV holds capacity.
type Input struct {
	Format, Region, SKU, Start string
	Capacity                   bool
}

// Disk is a cache of files on disk, not hashed: what `spotsim traces`
// reads with.
func Disk() *Cache {
	c := New(os.ReadFile, func(path string) (fs.FS, error) { return os.DirFS(path), nil })
	c.SkipSums()
	return c
}

// Read reads one input into a trace set and says which kind it is. Its
// errors are the reader's own (a missing file is the os error), and a
// point outside the years a canonical CSV holds (1970 to 9999, UTC).
func (in *Input) Read(c *Cache, path string) (*traces.TraceSet, traces.Kind, error) {
	set, kind, err := in.read(c, path)
	if err == nil {
		err = inYears(path, set)
	}
	if err != nil {
		return nil, kind, err
	}
	return set, kind, nil
}

// inYears refuses a set with a point outside the canonical years
// (traces.FirstTime to traces.LastTime, which the reader refuses too): a
// foreign file may date a point in year 1 (AWS, Retail Prices), or a
// start and offsets may run past 9999 (a fleet log, an availability
// trace), and the CSV written from it would not read back.
func inYears(path string, set *traces.TraceSet) error {
	for _, p := range set.Order {
		for _, t := range set.Pools[p].Times {
			if t < traces.FirstTime || t > traces.LastTime {
				return fmt.Errorf("%s: %s has a point at %s, outside the years 1970 to 9999 (UTC) that a canonical trace holds", path, p, time.Unix(t, 0).UTC().Format(time.RFC3339))
			}
		}
	}
	return nil
}

func (in *Input) read(c *Cache, path string) (*traces.TraceSet, traces.Kind, error) {
	format, ok := Lookup(in.Format)
	if !ok {
		return nil, 0, fmt.Errorf("--format %q: want one of %s", in.Format, Help())
	}
	kind := traces.PriceTrace
	if format.Holds == Capacity {
		kind = traces.CapacityTrace
	}
	// A flag the format does not take is refused: ignored, it would
	// leave the file's own dates or pools in place of what was asked.
	takesRegion, takesSKU := !format.Pools && format.Holds == Capacity, !format.Pools
	switch {
	case in.Start != "" && !format.Start:
		return nil, kind, fmt.Errorf("--start: a %s file has its own dates; only an %s input takes a start", format.Name, or(StartNames()))
	case in.Region != "" && !takesRegion:
		return nil, kind, fmt.Errorf("--region: a %s file names its pools%s; only an %s input takes a region", format.Name, byZone(format), or(takers(func(f *Format) bool { return !f.Pools && f.Holds == Capacity })))
	case in.SKU != "" && !takesSKU:
		return nil, kind, fmt.Errorf("--sku: a %s file names its pools; only an %s input takes a sku", format.Name, or(takers(func(f *Format) bool { return !f.Pools })))
	case in.Capacity && format.Holds == Prices:
		return nil, kind, fmt.Errorf("--capacity: a %s file holds spot prices; only a csv input may hold either", format.Name)
	}
	var start int64
	if format.Start || !format.Pools {
		var need []string
		if !format.Pools && format.Holds == Capacity {
			need = append(need, "--region")
		}
		need = append(need, "--sku")
		if format.Start {
			need = append(need, "--start")
		}
		if (!format.Pools && format.Holds == Capacity && in.Region == "") || in.SKU == "" || (format.Start && in.Start == "") {
			return nil, kind, fmt.Errorf("%s input needs %s", format.Name, and(need))
		}
		if format.Start {
			t, err := time.Parse(time.RFC3339, in.Start)
			if err != nil {
				return nil, kind, fmt.Errorf("--start %q: want an RFC 3339 time such as 2026-01-05T00:00:00Z", in.Start)
			}
			start = t.Unix()
		}
	}
	if format.Holds == Either {
		data, err := c.Bytes(path)
		if err != nil {
			return nil, kind, err
		}
		// A canonical capacity file says what it is in its header.
		if in.Capacity || isCapacityHeader(data) {
			kind = traces.CapacityTrace
		}
	}
	f := c.Read(format, path, kind)
	if err := f.Err; err != nil {
		if re, ok := errors.AsType[*ReadError](err); ok {
			err = re.Err
		}
		return nil, kind, err
	}
	pool := traces.Pool{Region: in.Region, SKU: in.SKU}
	one := func(tr *traces.Trace) *traces.TraceSet {
		return &traces.TraceSet{Name: path, Pools: map[traces.Pool]*traces.Trace{pool: tr}, Order: []traces.Pool{pool}}
	}
	switch {
	case f.Graph != nil && len(f.Graph.Prices.Order) == 0:
		// The documented sample query projects only the latest price,
		// with no date: a scenario can use it as a constant, but a
		// trace needs dated points.
		return nil, kind, fmt.Errorf("%s: no dated spot price history to import (latest prices or eviction rates only); name the file in a scenario to use them, or query properties.spotPrices for the history", path)
	case f.Tick != nil:
		set, err := f.Tick.Set(path, in.SKU, start, traces.SkyNomadGap)
		return set, kind, err
	case f.Timed != nil:
		return one(f.Timed.Trace(f.Timed.Start)), kind, nil
	case f.Avail != nil:
		return one(f.Avail.Trace(start)), kind, nil
	case f.fleetLog != nil:
		tr, err := f.FleetLog(start)
		if err != nil {
			return nil, kind, err
		}
		return one(tr), kind, nil
	}
	return f.Set, kind, nil
}

// takers are the names of the formats that take a flag, in table order.
func takers(takes func(*Format) bool) []string {
	var out []string
	for i := range Formats {
		if takes(&Formats[i]) {
			out = append(out, Formats[i].Name)
		}
	}
	return out
}

// byZone says how a format that names its pools without a --region flag
// names them, where that is not by a region column.
func byZone(f *Format) string {
	if !f.Pools {
		return " (by zone)"
	}
	return ""
}

// or joins words as "a, b or c".
func or(words []string) string { return joinWords(words, "or") }

// and joins words as "a, b and c".
func and(words []string) string { return joinWords(words, "and") }

// joinWords joins words as "a, b <conj> c".
func joinWords(words []string, conj string) string {
	if len(words) == 1 {
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + conj + " " + words[len(words)-1]
}

// isCapacityHeader: the first line is a canonical capacity header,
// timestamp,region,sku,capacity (the column names ReadTraceBytes checks).
func isCapacityHeader(data []byte) bool {
	line, _, _ := strings.Cut(string(data[:min(len(data), 256)]), "\n")
	return strings.TrimSpace(strings.TrimPrefix(line, "\ufeff")) == "timestamp,region,sku,capacity"
}

// Merge adds the pools of one input, read from path, to merged; a pool may
// be in one input only.
func Merge(merged *traces.TraceSet, path string, set *traces.TraceSet) error {
	for _, p := range set.Order {
		if _, dup := merged.Pools[p]; dup {
			return fmt.Errorf("%s: pool %s is also in an earlier input", path, p)
		}
		merged.Pools[p], merged.Order = set.Pools[p], append(merged.Order, p)
	}
	return nil
}
