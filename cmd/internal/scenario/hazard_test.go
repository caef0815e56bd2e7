package scenario

import (
	"reflect"
	"strings"
	"testing"
)

func TestEvictionRateKeys(t *testing.T) {
	head := "name: t\nstart: 2026-01-05T00:00:00Z\nhorizon: 1d\npools:\n  - {region: eastus, sku: Standard_D2s_v5, vcpus: 2, payg_price: 0.096, spot_price: 0.02"
	fleet := "}\nfleets:\n  - {name: w, region: eastus, sku: Standard_D2s_v5, count: 1}\n"
	for _, c := range []struct {
		pool   string
		hazard float64
		want   string
	}{
		// Azure's per-hour chance p (the band's midpoint) is the hazard
		// −ln(1 − p): 2.5 % → 0.0253178, 25 % → 0.2876821.
		{", eviction_rate: 0-5", 0.025317807984289876, ""},
		{", eviction_rate: 20+", 0.2876820724517809, ""},
		{", eviction_rate: 5-10%", 0.07796154146971186, ""},
		{", hazard: 0.03", 0.03, ""},
		{", hazard: 1", 1, ""},
		{", eviction_rate: 5-15", 0, `pools[0].eviction_rate: "5-15" is not accepted; want one of Azure's bands`},
		{", eviction_rate: {csv: prices.csv}", 0, "pools[0].eviction_rate.csv: unknown key"},
		{", eviction_rate: {file: spot.json, format: aws}", 0, `pools[0].eviction_rate.format: "aws" is not accepted`},
		{", hazard: -0.1", 0, "pools[0].hazard: -0.1 is not accepted"},
		{", hazard: lots", 0, `pools[0].hazard: "lots" is not accepted`},
		{", hazard: 0.1, eviction_rate: 0-5", 0, "give eviction_rate or hazard, not both"},
		{", capacity: {csv: prices.csv}, hazard: 0.1", 0, "capacity is a trace"},
	} {
		s, err := Parse("s.yaml", []byte(head+c.pool+fleet), func(string) ([]byte, error) {
			return []byte("timestamp,region,sku,capacity\n2026-01-01T00:00:00Z,eastus,Standard_D2s_v5,3\n"), nil
		})
		if c.want != "" {
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: %v, want %q", c.pool, err, c.want)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.pool, err)
		}
		if got := s.Config.Pools[0].Hazard; got != c.hazard {
			t.Errorf("%s: hazard %v, want %v", c.pool, got, c.hazard)
		}
		// The resolved file says hazard and reads back the same.
		resolved, err := s.ResolvedYAML("test")
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse("r.yaml", resolved, nil)
		if err != nil || again.Config.Pools[0].Hazard != c.hazard {
			t.Fatalf("%s: resolved reads back %v, %v:\n%s", c.pool, err, again, resolved)
		}
	}
}

func TestMixAndFallbackKeys(t *testing.T) {
	head := "name: t\nstart: 2026-01-05T00:00:00Z\nhorizon: 1d\npools:\n  - {region: eastus, sku: Standard_D2s_v5, vcpus: 2, payg_price: 0.096, spot_price: 0.02}\nfleets:\n  - {name: w, region: eastus, sku: Standard_D2s_v5, count: 10"
	for _, c := range []struct{ fleet, want string }{
		{", regular_base: 2, regular_percent_above_base: 25, fallback: {after_evictions: 3}}\n", ""},
		{", workload: {type: batch, work: 10h, deadline: 20h}, fallback: {deadline: true}}\n", ""},
		{", regular_percent_above_base: 101}\n", "regular_percent_above_base: 101 is not accepted"},
		{", fallback: {deadline: true}}\n", "needs a batch workload with a deadline"},
		{", fallback: {after_evictions: 0}}\n", "after_evictions: 0 is not accepted"},
		{", priority: regular, regular_base: 1}\n", "a priority mix or a fallback is for a spot fleet"},
	} {
		s, err := Parse("s.yaml", []byte(head+c.fleet), nil)
		if c.want != "" {
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: %v, want %q", c.fleet, err, c.want)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.fleet, err)
		}
		resolved, err := s.ResolvedYAML("test")
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse("r.yaml", resolved, nil)
		if err != nil || !reflect.DeepEqual(again.Config.Fleets[0], s.Config.Fleets[0]) {
			t.Fatalf("%s: resolved reads back %v:\n%+v\n%+v", c.fleet, err, again, s.Config.Fleets[0])
		}
	}
}

// A subscription belongs to one tenant (Azure): two fleets may not put it
// under two.
func TestOneTenantPerSubscription(t *testing.T) {
	head := "name: t\nstart: 2026-01-05T00:00:00Z\nhorizon: 1d\npools:\n  - {region: eastus, sku: Standard_D2s_v5, vcpus: 2, payg_price: 0.096, spot_price: 0.02}\nfleets:\n"
	ok := head + "  - {name: a, region: eastus, sku: Standard_D2s_v5, count: 1, tenant: contoso, subscription: s1}\n" +
		"  - {name: b, region: eastus, sku: Standard_D2s_v5, count: 1, tenant: contoso, subscription: s1}\n" +
		"  - {name: c, region: eastus, sku: Standard_D2s_v5, count: 1, tenant: fabrikam, subscription: s2}\n"
	if _, err := Parse("s.yaml", []byte(ok), nil); err != nil {
		t.Fatal(err)
	}
	bad := head + "  - {name: a, region: eastus, sku: Standard_D2s_v5, count: 1, tenant: contoso, subscription: s1}\n" +
		"  - {name: b, region: eastus, sku: Standard_D2s_v5, count: 1, tenant: fabrikam, subscription: s1}\n"
	_, err := Parse("s.yaml", []byte(bad), nil)
	if err == nil || !strings.Contains(err.Error(), `s.yaml:8:71: fleets[1].tenant: "fabrikam", but subscription "s1" belongs to tenant "contoso" (fleets[0], line 7)`) {
		t.Fatalf("%v", err)
	}
}
