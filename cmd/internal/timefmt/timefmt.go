// Package timefmt writes times and durations as spotsim's files and
// servers write them: instants as RFC 3339 in UTC with a Z, Scheduled
// Events' NotBefore as RFC 1123 in GMT, and seconds as decimal hours with
// six places. One home, so that a results file, a usage file and the
// replay server never disagree on a time's spelling.
package timefmt

import (
	"strconv"
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

// HourParts splits |sec| into whole hours and the micro-hours past them,
// rounded half up: the quantity Hours writes, for a writer that must
// compute with exactly what was written (a FOCUS list cost).
func HourParts(sec int64) (neg bool, whole, micro uint64) {
	neg = sec < 0
	u := uint64(sec)
	if neg {
		u = -u
	}
	// u%3600 < 3600, so the micro-hours stay below 1e6 and never carry.
	return neg, u / 3600, (u%3600*1_000_000 + 1800) / 3600
}

// Hours writes whole seconds as decimal hours with six places, rounded half
// up. Splitting off the whole hours first keeps seconds*1e6 from
// overflowing however long the run.
func Hours(sec int64) string { return string(AppendHours(nil, sec)) }

// AppendHours appends Hours(sec) to b, for writers of millions of rows.
func AppendHours(b []byte, sec int64) []byte {
	neg, whole, micro := HourParts(sec)
	if neg {
		b = append(b, '-')
	}
	b = strconv.AppendUint(b, whole, 10)
	b = append(b, '.')
	for d := uint64(100_000); d > 0; d /= 10 {
		b = append(b, byte('0'+micro/d%10))
	}
	return b
}
