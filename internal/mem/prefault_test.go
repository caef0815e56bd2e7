package mem

import "testing"

// Prefault changes no element: a fresh slice stays zero, a slice already
// written keeps its values (the kernel only backs pages, it must not
// replace them), whatever the size, and writes after it land.
func TestPrefaultKeepsContents(t *testing.T) {
	for _, n := range []int{0, 1, 1000, 1 << 17, 3<<17 + 5} {
		fresh := make([]int64, n)
		Prefault(fresh)
		for i, v := range fresh {
			if v != 0 {
				t.Fatalf("n=%d: fresh[%d] = %d after Prefault", n, i, v)
			}
		}
		for i := range fresh {
			fresh[i] = int64(i)*7 + 1
		}
		Prefault(fresh)
		for i, v := range fresh {
			if v != int64(i)*7+1 {
				t.Fatalf("n=%d: written[%d] = %d after Prefault; want %d", n, i, v, int64(i)*7+1)
			}
		}
	}
	type record struct{ a, b int64 }
	rs := make([]record, 1<<14)
	rs[len(rs)-1] = record{3, 4}
	Prefault(rs)
	if rs[len(rs)-1] != (record{3, 4}) || rs[0] != (record{}) {
		t.Fatal("a slice of structs changed")
	}
}
