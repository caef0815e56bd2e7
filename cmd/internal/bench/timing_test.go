package bench

import "testing"

func TestLookupAndMedian(t *testing.T) {
	for _, name := range []string{"B1", "b2", "B3", "b1-PRIORITIZED"} {
		if Lookup(name) == nil {
			t.Errorf("Lookup(%s): none", name)
		}
	}
	if Lookup("B4") != nil {
		t.Error("Lookup(B4): want none")
	}
	if m := median([]float64{1, 2, 10}); m != 2 {
		t.Errorf("median of 3: %g", m)
	}
	if m := median([]float64{1, 2, 4, 10}); m != 3 {
		t.Errorf("median of 4: %g", m)
	}
}
