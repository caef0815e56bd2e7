package scenario

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/spotsim/spotsim/cmd/internal/timefmt"
	"github.com/spotsim/spotsim/cmd/internal/tracefile"
	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/pricing/traces"
)

// traceRef is a trace file as a scenario names it: the path as written, the
// SHA-256 of its bytes (of a folder: of its files' names and bytes), which
// the resolved file always records, and for a foreign format the format and
// the start given.
type traceRef struct {
	// sha256 is set for a file hashed as it was read; file, for one
	// hashed on demand (digest).
	path, sha256, format, start string
	file                        *tracefile.File
	// lastAt is the file's last point for the pool, in seconds from the
	// scenario's start (0 when the file has no times): how far the file
	// says it reaches, a point at or after the horizon included.
	lastAt int64
}

// digest is the trace's SHA-256, taken now if the file is hashed on demand.
func (r traceRef) digest() (string, error) {
	if r.file != nil {
		return r.file.Digest()
	}
	return r.sha256, nil
}

// The trace formats' names, as errors list them (tracefile.Formats): every
// format, those that can hold prices or capacity, and those that take a
// start.
var (
	traceFormats    = tracefile.Names(tracefile.Either)
	priceFormats    = tracefile.Names(tracefile.Prices)
	capacityFormats = tracefile.Names(tracefile.Capacity)
	startFormats    = tracefile.StartNames()
)

// trace reads {csv: PATH[, sha256: HEX]}, or {file: PATH, format: F[,
// sha256: HEX][, start: TIME]} for another format, and cuts the pool's
// points to the scenario's window.
func (d *decoder) trace(n *yaml.Node, path string, s *Scenario, pk poolKey, kind traces.Kind, win *window) (pricing.Series, bool) {
	// Trace rows name a region and size: a zonal pool takes its region's rows.
	pool := pk.Pool
	m := d.fields(n, path, "csv", "file", "format", "sha256", "start")
	if m == nil {
		return pricing.Series{}, false
	}
	key, format := "csv", tracefile.CSV
	if m["csv"] == nil || m["file"] != nil || m["format"] != nil {
		key = "file"
		if m["csv"] != nil {
			d.fail(deref(m["csv"]), path+".csv", "give either csv: PATH or file: PATH with format, not both")
			return pricing.Series{}, false
		}
		if v := d.require(m, n, path, "format", oneOf(traceFormats)); v != nil {
			i, ok := d.enum(v, path+".format", traceFormats)
			if !ok {
				return pricing.Series{}, false
			}
			format = &tracefile.Formats[i]
		} else {
			return pricing.Series{}, false
		}
	}
	want := "the path of a trace file, relative to the scenario's folder"
	pathNode := d.require(m, n, path, key, want)
	if pathNode == nil {
		return pricing.Series{}, false
	}
	file, ok := d.word(pathNode, path+"."+key, want, func(s string) bool {
		return s != "" && utf8.ValidString(s) && !strings.ContainsRune(s, 0)
	})
	if !ok {
		return pricing.Series{}, false
	}
	switch {
	case format.Holds == tracefile.Prices && kind != traces.PriceTrace:
		d.fail(deref(m["format"]), path+".format", "%s holds spot prices, not capacity; want %s", format.Name, oneOf(capacityFormats))
		return pricing.Series{}, false
	case format.Holds == tracefile.Capacity && kind != traces.CapacityTrace:
		d.fail(deref(m["format"]), path+".format", "%s holds capacity, not prices; want %s", format.Name, oneOf(priceFormats))
		return pricing.Series{}, false
	}
	startText := ""
	if v := m["start"]; v != nil {
		if !format.Start {
			d.fail(deref(v), path+".start", "only an %s trace takes a start (its file has no dates)", oneOf(startFormats))
			return pricing.Series{}, false
		}
		var ok bool
		if startText, ok = d.scalar(v, path+".start", "an RFC 3339 time in UTC such as 2026-01-05T00:00:00Z"); !ok {
			return pricing.Series{}, false
		}
		if _, err := time.Parse(time.RFC3339, startText); err != nil || !strings.HasSuffix(startText, "Z") {
			d.reject(v, path+".start", "an RFC 3339 time in UTC such as 2026-01-05T00:00:00Z")
			return pricing.Series{}, false
		}
	}
	f := d.traces.Read(format, file, kind)
	if f.Err != nil {
		if !d.traces.Reported(format.Name, file) {
			if _, unread := errors.AsType[*tracefile.ReadError](f.Err); format.Holds == tracefile.Either && !unread {
				// A canonical CSV's problem is positioned in the file.
				d.errs = append(d.errs, d.traceErr(f.Err))
			} else {
				d.fail(deref(pathNode), path+"."+key, "%v", f.Err)
			}
		}
		return pricing.Series{}, false
	}
	set, rg := f.Set, f.Graph
	// own: the trace is made for this pool by this call, from a file with
	// no pools (below), not one of the cache's: its window is this call's
	// alone and is not kept in the cache, which would otherwise hold one
	// per run of a sweep.
	own := !format.Pools
	if own {
		start := int64(0)
		if win != nil {
			start = win.start
		}
		if startText != "" {
			t, _ := time.Parse(time.RFC3339, startText)
			start = t.Unix()
		}
		// Tick data says where it ends: past that, nothing is known,
		// so a scenario running longer is an error, not a carry-over.
		covers := func(ticks int, gap int64) bool {
			if end := start + int64(ticks)*gap; win != nil && end < win.end {
				d.fail(deref(pathNode), path+"."+key, "%s covers %d ticks of %d s, to %s; the scenario runs to %s: want a longer trace, an earlier start or a shorter horizon",
					file, ticks, gap, timefmt.UTC(end), timefmt.UTC(win.end))
				return false
			}
			return true
		}
		var tr *traces.Trace
		switch {
		case f.Timed != nil:
			start = f.Timed.Start
			if !covers(len(f.Timed.Counts), f.Timed.Gap) {
				return pricing.Series{}, false
			}
			tr = f.Timed.Trace(start)
		case f.Tick != nil:
			zone := ""
			for _, z := range f.Tick.Zones {
				if traces.ZoneRegion(z) == pool.Region {
					zone = z
				}
			}
			if zone == "" {
				d.fail(deref(pathNode), path+"."+key, "%s has no series for zone %s; it has %s", file, pool.Region, strings.Join(f.Tick.Zones, ", "))
				return pricing.Series{}, false
			}
			if !covers(len(f.Tick.Prices[zone]), traces.SkyNomadGap) {
				return pricing.Series{}, false
			}
			tr = f.Tick.Trace(zone, start, traces.SkyNomadGap)
		case f.Avail != nil:
			if !covers(len(f.Avail.Counts), f.Avail.Gap) {
				return pricing.Series{}, false
			}
			tr = f.Avail.Trace(start)
		default: // a fleet log
			var err error
			if tr, err = f.FleetLog(start); err != nil {
				d.errs = append(d.errs, d.traceErr(err))
				return pricing.Series{}, false
			}
		}
		set = &traces.TraceSet{Name: file, Pools: map[traces.Pool]*traces.Trace{pool: tr}, Order: []traces.Pool{pool}}
	}
	if v := m["sha256"]; v != nil {
		want, ok := d.word(v, path+".sha256", "the SHA-256 of the file as 64 hex digits", hexSHA)
		if !ok {
			return pricing.Series{}, false
		}
		sum, err := f.Digest()
		if err != nil {
			d.fail(deref(pathNode), path+"."+key, "cannot take the SHA-256 of %s: %v", file, err)
			return pricing.Series{}, false
		}
		if !strings.EqualFold(want, sum) {
			d.fail(deref(v), path+".sha256", "%s does not match %s, whose SHA-256 is %s; the file has changed since the scenario was written", want, file, sum)
			return pricing.Series{}, false
		}
	}
	tr := set.Pools[pool]
	if tr == nil && rg == nil {
		// Azure's names are case-insensitive, and `traces import` keeps
		// the case its source wrote (a Resource Graph export's sizes are
		// lower case): the one pool whose names differ only in case holds
		// this pool's rows.
		var same []string
		if tr, same = caseless(set, pool); len(same) > 1 {
			d.fail(deref(pathNode), path+"."+key, "%s has rows for %s, which differ only in case; want one of them", file, strings.Join(same, " and "))
			return pricing.Series{}, false
		}
	}
	latest := pricing.Price(-1)
	if rg != nil {
		// Azure's names are case-insensitive; and the documented price
		// query gives only the latest price, with no date: it holds
		// throughout.
		var found bool
		var l pricing.Price
		if tr, l, found = rg.Price(pool); found && tr == nil {
			latest = l
		}
	}
	if tr == nil && latest < 0 {
		d.fail(deref(pathNode), path+"."+key, "%s has no rows for %s; it has %s", file, pool, poolList(set, rg))
		return pricing.Series{}, false
	}
	if win == nil {
		return pricing.Series{}, false
	}
	ref := traceRef{path: file, file: f}
	if tr != nil && len(tr.Times) > 0 {
		// Not from tr.Times: a window may have taken them, shifted in
		// place (tracefile.Cache.SpendTraces).
		ref.lastAt = tr.LastTime() - win.start
	}
	series := pricing.Constant(int64(latest))
	if tr != nil {
		var err error
		if own {
			series, err = tr.WindowInPlace(win.start, win.end)
		} else {
			series, err = d.traces.Window(tr, win.start, win.end)
		}
		if err != nil {
			d.errs = append(d.errs, &Error{File: d.shown(file), Line: tr.FirstLine, Err: fmt.Errorf("%s %w", pool, err)})
			return pricing.Series{}, false
		}
	}
	if format != tracefile.CSV {
		ref.format, ref.start = format.Name, startText
	}
	s.sources[source{pk, kind}] = ref
	return series, true
}

// caseless is the trace of the one pool of set whose region and size are
// pool's but for case, and the names of every such pool.
func caseless(set *traces.TraceSet, pool traces.Pool) (*traces.Trace, []string) {
	var tr *traces.Trace
	var same []string
	for _, p := range set.Order {
		if strings.EqualFold(p.Region, pool.Region) && strings.EqualFold(p.SKU, pool.SKU) {
			tr, same = set.Pools[p], append(same, p.String())
		}
	}
	if len(same) != 1 {
		tr = nil
	}
	return tr, same
}

// poolList names a trace file's pools for an error, sorted, at most ten;
// of a Resource Graph export, those with prices of either kind.
func poolList(set *traces.TraceSet, rg *traces.ResourceGraph) string {
	names := make([]string, 0, len(set.Order))
	for _, p := range set.Order {
		names = append(names, p.String())
	}
	if rg != nil {
		for p := range rg.Latest {
			names = append(names, p.String())
		}
	}
	sort.Strings(names)
	if len(names) > 10 {
		return strings.Join(names[:10], ", ") + fmt.Sprintf(" and %d more", len(names)-10)
	}
	return strings.Join(names, ", ")
}

// shown is a trace's path as the user can open it: the scenario names it
// relative to its own folder, so a run from elsewhere
// (spotsim run scenarios/x.yaml) would be told of "x_prices.csv:2" in a
// folder that has none; joined to the scenario file's folder as the
// command line named it, it is "scenarios/x_prices.csv:2".
func (d *decoder) shown(file string) string {
	p := filepath.FromSlash(file)
	if dir := filepath.Dir(d.file); !filepath.IsAbs(p) && dir != "." {
		return filepath.Join(dir, p)
	}
	return file
}

// traceErr is a problem positioned in a trace file, with the file as shown.
// The error itself is the cache's, shared by the runs of a sweep: copied,
// not changed.
func (d *decoder) traceErr(err error) error {
	if te, ok := err.(*traces.TraceError); ok {
		c := *te
		c.File = d.shown(te.File)
		return &c
	}
	return err
}
