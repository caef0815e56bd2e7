package tracestats

import (
	"slices"
	"testing"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/pricing/traces"
)

// A price of 0.02 for one hour and 0.05 for three: the time-weighted mean
// is 0.0425, and 0.03 is exceeded 75 % of the span (the last point's value
// counts for nothing: the span ends there). Capacity with an unlimited
// stretch has no mean and unlimited as its maximum.
func TestRow(t *testing.T) {
	p := traces.Pool{Region: "eastus", SKU: "Standard_D2s_v5"}
	prices := &traces.Trace{Times: []int64{0, 3600, 14400}, Values: []int64{20_000_000, 50_000_000, 90_000_000}}
	got := Row(p, prices, traces.PriceTrace, 30_000_000)
	want := []string{"eastus", "Standard_D2s_v5", "1970-01-01T00:00:00Z", "1970-01-01T04:00:00Z", "3", "0.020000", "0.042500", "0.090000", "75.00"}
	if !slices.Equal(got, want) {
		t.Errorf("prices: %q\nwant    %q", got, want)
	}
	capacity := &traces.Trace{Times: []int64{0, 60, 120}, Values: []int64{3, pricing.Unlimited, 1}}
	got = Row(p, capacity, traces.CapacityTrace, -1)
	want = []string{"eastus", "Standard_D2s_v5", "1970-01-01T00:00:00Z", "1970-01-01T00:02:00Z", "3", "1", "-", "unlimited", "-"}
	if !slices.Equal(got, want) {
		t.Errorf("capacity: %q\nwant      %q", got, want)
	}
}
