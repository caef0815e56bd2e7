package traces

import (
	"math"
	"testing"
)

// A hand-made capacity trace: 10 VMs; at 1 h two drops 60 s apart (10 → 6
// → 5: one event, share 0.5), back to 10 at 3 h (recovery 2 h − 60 s); at
// 5 h 10 → 8 (share 0.2), never back. Exposure 6 h.
func TestFitReclaims(t *testing.T) {
	tr := &Trace{Times: []int64{0, 3600, 3660, 10800, 18000, 21600}, Values: []int64{10, 6, 5, 10, 8, 8}}
	fit := FitReclaims(tr)
	if fit.Reclaims != 2 || fit.Recovered != 1 || fit.MeanRecovery != 7140 || math.Abs(fit.MeanShare-0.35) > 1e-12 || fit.Hours != 6 {
		t.Fatalf("%+v", fit)
	}
	// 2 events in 6 h × 0.35 = 0.11667 per VM-hour.
	if h := fit.Hazard(); math.Abs(h-2.0/6*0.35) > 1e-12 || math.Abs(fit.Band()-(1-math.Exp(-h))) > 1e-12 {
		t.Fatalf("hazard %v band %v", h, fit.Band())
	}
}
