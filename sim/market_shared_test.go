package sim

import (
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"

	"github.com/spotsim/spotsim/pricing"
)

// A run given a Market made from its own pools gives the result it gives
// without one, and so do two such runs at once sharing it (each forks the
// curves; run under -race in CI's race step).
func TestMarketChangesNoResult(t *testing.T) {
	for iter := range 20 {
		cfg := randomConfig(rand.New(rand.NewPCG(uint64(iter), 7)))
		want := run(t, cfg)
		shared := *cfg
		shared.Market = NewMarket(cfg.Pools)
		for i := range cfg.Pools {
			if cfg.Pools[i].Spot != nil && !shared.Market.has(i, &cfg.Pools[i]) {
				t.Fatalf("iteration %d: the market does not serve pool %d it was made from", iter, i)
			}
		}
		got := make([]*Result, 2)
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for k := range got {
			wg.Go(func() {
				c := shared
				got[k], errs[k] = Run(&c)
			})
		}
		wg.Wait()
		for k, res := range got {
			if errs[k] != nil {
				t.Fatal(errs[k])
			}
			if res.Config.Market != shared.Market {
				t.Fatal("the result does not carry the config it ran")
			}
			res.Config.Market = nil
			if !reflect.DeepEqual(res, want) {
				t.Fatalf("iteration %d, run %d: the result with a shared market differs from the one without", iter, k)
			}
		}
	}
}

// A market serves a pool only with the very series and pay-as-you-go price
// it was made from: equal prices in other arrays, or another pay-as-you-go
// price (which caps the curve), make the run build its own.
func TestMarketServesOnlyItsOwnSeries(t *testing.T) {
	spot := &pricing.Series{Times: []int64{0, 300, 600}, Values: []int64{20_000_000, 90_000_000, 30_000_000}}
	pools := []Pool{{Region: "eastus", SKU: "Standard_D2s_v5", VCPUs: 2, PAYG: 96_000_000, Spot: spot, Capacity: pricing.Constant(pricing.Unlimited)}}
	m := NewMarket(pools)
	same := pools[0]
	copied := pools[0]
	copied.Spot = &pricing.Series{Times: append([]int64(nil), spot.Times...), Values: append([]int64(nil), spot.Values...)}
	cheaper := pools[0]
	cheaper.PAYG = 50_000_000
	shorter := pools[0]
	shorter.Spot = &pricing.Series{Times: spot.Times[:2], Values: spot.Values[:2]}
	for _, c := range []struct {
		name string
		pool Pool
		i    int
		want bool
	}{
		{"the same series", same, 0, true},
		{"an equal copy", copied, 0, false},
		{"another pay-as-you-go price", cheaper, 0, false},
		{"a shorter window of the same arrays", shorter, 0, false},
		{"another pool's place", same, 1, false},
	} {
		if got := m.has(c.i, &c.pool); got != c.want {
			t.Errorf("%s: served %v, want %v", c.name, got, c.want)
		}
	}
	var none *Market
	if none.has(0, &same) {
		t.Error("no market served a pool")
	}
}
