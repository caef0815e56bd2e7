package sim

import (
	"math/rand/v2"
	"testing"
)

// maxIndex.next agrees with a plain scan from every start and bound, over
// lengths around its block sizes and values with long flat stretches.
func TestMaxIndexAgreesWithScan(t *testing.T) {
	r := rand.New(rand.NewPCG(22, 22))
	for _, n := range []int{0, 1, 63, 64, 65, 4095, 4096, 4097, 3*4096 + 77} {
		v := make([]int64, n)
		for i := range v {
			v[i] = int64(r.IntN(50))
			if r.IntN(10) > 0 && i > 0 {
				v[i] = v[i-1] // prices hold for a while
			}
		}
		m := newMaxIndex(v)
		for range 2000 {
			from, x := r.IntN(n+1), int64(r.IntN(55)-2)
			want := from
			for want < n && v[want] <= x {
				want++
			}
			if got := m.next(from, x); got != want {
				t.Fatalf("n=%d: next(%d, %d) = %d; want %d", n, from, x, got, want)
			}
		}
	}
}
