// Package timefmt writes times and durations as spotsim's files and
// servers write them: instants as RFC 3339 in UTC with a Z, Scheduled
// Events' NotBefore as RFC 1123 in GMT, and seconds as decimal hours with
// six places. One home, so that a results file, a usage file and the
// replay server never disagree on a time's spelling.
package timefmt

import (
	"strconv"
	"strings"
	"time"
)

// UTC writes Unix seconds as RFC 3339 in UTC, such as 2026-01-05T00:00:00Z.
func UTC(unix int64) string { return time.Unix(unix, 0).UTC().Format(time.RFC3339) }

// At writes a simulation time, sec seconds after start, as RFC 3339 UTC.
func At(start time.Time, sec int64) string {
	return start.Add(time.Duration(sec) * time.Second).UTC().Format(time.RFC3339)
}

// GMTLayout is RFC 1123 with the zone spelled GMT, as Scheduled Events'
// NotBefore (and HTTP) write it, such as "Mon, 19 Sep 2016 18:29:47 GMT";
// time.RFC1123 would print "UTC".
const GMTLayout = "Mon, 02 Jan 2006 15:04:05 GMT"

// GMT writes a simulation time, sec seconds after start, in GMTLayout.
func GMT(start time.Time, sec int64) string {
	return start.Add(time.Duration(sec) * time.Second).UTC().Format(GMTLayout)
}

// Hours writes whole seconds as decimal hours with six places, rounded half
// up. Splitting off the whole hours first keeps seconds*1e6 from
// overflowing however long the run.
func Hours(sec int64) string {
	neg := sec < 0
	u := uint64(sec)
	if neg {
		u = -u
	}
	whole, rem := u/3600, u%3600
	// rem < 3600, so the micro-hours stay below 1e6 and never carry.
	micro := (rem*1_000_000 + 1800) / 3600
	var b []byte
	if neg {
		b = append(b, '-')
	}
	b = strconv.AppendUint(b, whole, 10)
	b = append(b, '.')
	frac := strconv.FormatUint(micro, 10)
	b = append(b, strings.Repeat("0", 6-len(frac))...)
	b = append(b, frac...)
	return string(b)
}
