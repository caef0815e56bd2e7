package policy

import (
	"testing"

	"github.com/spotsim/spotsim/pricing"
)

// benchMarket is a 195 s market of n ticks: spot available in stretches of
// 37 ticks out of 53, its price stepping through 5 values.
func benchMarket(n int) Market {
	m := Market{Gap: 195, Regular: 3_060_000_000, Avail: make([]bool, n), Spot: make([]pricing.Price, n)}
	for i := range n {
		m.Avail[i] = i%53 < 37
		m.Spot[i] = pricing.Price(918_000_000 + 10_000_000*int64(i/100%5))
	}
	return m
}

// BenchmarkOptimal60h is the size: a 60-hour job on a 195 s trace,
// due in 90 hours (T = 1661 ticks, K = 1108, H = 4).
func BenchmarkOptimal60h(b *testing.B) {
	m := benchMarket(1661)
	j := Job{Work: 60 * 3600, Deadline: 90 * 3600, Overhead: 720}
	for b.Loop() {
		if _, err := Optimal(m, j); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUniformProgress is one run of the reproduction's size.
func BenchmarkUniformProgress(b *testing.B) {
	m := benchMarket(1106)
	j := Job{Work: reproWork, Deadline: reproDeadline, Overhead: reproOverhead}
	for b.Loop() {
		if _, err := Run(UniformProgress, m, j, false); err != nil {
			b.Fatal(err)
		}
	}
}
