package timefmt

import (
	"math"
	"testing"
	"time"
)

func TestHours(t *testing.T) {
	for _, tc := range []struct {
		sec  int64
		want string
	}{
		{0, "0.000000"},
		{1, "0.000278"}, // 277.78 micro-hours: up
		{2, "0.000556"},
		{4, "0.001111"}, // 1111.11: down
		{1800, "0.500000"},
		{3599, "0.999722"},
		{3600, "1.000000"},
		{3601, "1.000278"},
		{36030, "10.008333"},
		{50370, "13.991667"},
		{86400, "24.000000"},
		{-1, "-0.000278"},
		// seconds*1e6 would overflow here; the split into hours does not.
		{math.MaxInt64, "2562047788015215.501944"},
		{math.MinInt64, "-2562047788015215.502222"},
	} {
		if got := Hours(tc.sec); got != tc.want {
			t.Errorf("Hours(%d) = %s, want %s", tc.sec, got, tc.want)
		}
	}
}

// The instants: RFC 3339 UTC with a Z whatever the start's zone, and
// Scheduled Events' NotBefore as Azure's page shows it ("Mon, 19 Sep 2016
// 18:29:47 GMT", articles/virtual-machines/linux/scheduled-events.md).
func TestInstants(t *testing.T) {
	start := time.Date(2016, 9, 19, 20, 29, 0, 0, time.FixedZone("CEST", 2*3600))
	for _, tc := range []struct{ got, want string }{
		{UTC(0), "1970-01-01T00:00:00Z"},
		{UTC(1767571200), "2026-01-05T00:00:00Z"},
		{At(start, 47), "2016-09-19T18:29:47Z"},
		{At(start, -60), "2016-09-19T18:28:00Z"},
		{GMT(start, 47), "Mon, 19 Sep 2016 18:29:47 GMT"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %s, want %s", tc.got, tc.want)
		}
	}
}
