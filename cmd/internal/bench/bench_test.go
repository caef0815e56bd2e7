package bench

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/pricing/traces"
)

func TestWriteIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if _, err := Write(dir, B1(0.01)); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"scenario.yaml", "prices.csv", "capacity.csv"} {
		x, _ := os.ReadFile(filepath.Join(a, f))
		y, _ := os.ReadFile(filepath.Join(b, f))
		if len(x) == 0 || !bytes.Equal(x, y) {
			t.Errorf("%s: %d and %d bytes, want the same non-empty bytes", f, len(x), len(y))
		}
	}
}

// The generated traces must have the advertised shape: one price point per
// step for the whole horizon in every pool, prices below pay-as-you-go with
// spikes above the lowest max prices, and capacity drops below the pool's VMs.
func TestTraceShape(t *testing.T) {
	s := B1(0.1)
	dir := t.TempDir()
	if _, err := Write(dir, s); err != nil {
		t.Fatal(err)
	}
	prices := readSet(t, filepath.Join(dir, "prices.csv"), traces.PriceTrace)
	capacity := readSet(t, filepath.Join(dir, "capacity.csv"), traces.CapacityTrace)
	if len(prices.Order) != s.Pools() || len(capacity.Order) != s.Pools() {
		t.Fatalf("%d price and %d capacity pools, want %d", len(prices.Order), len(capacity.Order), s.Pools())
	}
	wantPoints := int(int64(s.Days) * 86400 / s.PriceStep)
	for i, p := range prices.Order {
		_, _, payg := s.pool(i)
		tr := prices.Pools[p]
		if len(tr.Times) != wantPoints {
			t.Errorf("%s: %d price points, want %d", p, len(tr.Times), wantPoints)
		}
		spiked := false
		for _, v := range tr.Values {
			if v <= 0 || v > int64(payg) {
				t.Fatalf("%s: price %s outside (0, %s]", p, pricing.Price(v), payg)
			}
			spiked = spiked || v > int64(payg)/2
		}
		if !spiked {
			t.Errorf("%s: no price above half of pay-as-you-go in %d days", p, s.Days)
		}
		dropped := false
		for _, v := range capacity.Pools[p].Values {
			dropped = dropped || v < s.vmsPerPool()
		}
		if !dropped {
			t.Errorf("%s: capacity never drops below the pool's %d VMs", p, s.vmsPerPool())
		}
	}
}

func readSet(t *testing.T, path string, kind traces.Kind) *traces.TraceSet {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	set, err := traces.ReadTrace(bytes.NewReader(data), path, kind)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func TestSpecsHaveTheIssuesShape(t *testing.T) {
	b1, b2 := B1(1), B2(1)
	if b1.Pools() != 20 || b1.VMs != 10_000 || b1.Fleets != 40 || b1.Days != 365 || b1.PriceStep != 300 {
		t.Errorf("B1 = %+v", b1)
	}
	if points := b1.Pools() * int(int64(b1.Days)*86400/b1.PriceStep); points != 2_102_400 {
		t.Errorf("B1 has %d price points, want 2,102,400", points)
	}
	if b2.VMs != 1_000_000 || b2.Days != 30 || b2.Capacity != 3600 || !b2.DeepDrops {
		t.Errorf("B2 = %+v", b2)
	}
	if y := B1(1).yaml(); !strings.Contains(y, "eviction_policy: delete") || !strings.Contains(y, "eviction_policy: deallocate") ||
		!strings.Contains(y, "max_price: -1") || !strings.Contains(y, "{replace: 1h}") || !strings.Contains(y, "{restart: 1h}") {
		t.Errorf("B1 lacks a policy, -1 fleets or the automation:\n%s", y)
	}
}
