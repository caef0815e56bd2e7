package scenario

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
)

// acceptanceCases is the shared acceptance suite, beside the clone.
const acceptanceCases = "../../../../shared/acceptance/cases"

func TestAcceptanceScenarios(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(acceptanceCases, "*", "scenario.yaml"))
	if len(paths) == 0 {
		t.Skipf("no acceptance cases at %s (the shared folder is not beside the clone)", acceptanceCases)
	}
	// A few fields per case, worked out from the case files by hand.
	checks := map[string]func(t *testing.T, c *sim.Config){
		"a01_price_evict_deallocate": func(t *testing.T, c *sim.Config) {
			want := sim.Fleet{Name: "w", Count: 1, MaxPrice: 40_000_000, Policy: sim.Deallocate, DiskPrice: 10_000_000, Tenant: DefaultTenant, Subscription: DefaultSubscription}
			if !reflect.DeepEqual(c.Fleets, []sim.Fleet{want}) {
				t.Errorf("Fleets = %+v; want [%+v]", c.Fleets, want)
			}
			spot := pricing.Series{Times: []int64{0, 36000, 72000}, Values: []int64{20_000_000, 50_000_000, 15_000_000}}
			if !reflect.DeepEqual(*c.Pools[0].Spot, spot) {
				t.Errorf("spot = %+v; want %+v", *c.Pools[0].Spot, spot)
			}
		},
		"a02_max_price_minus_one": func(t *testing.T, c *sim.Config) {
			if c.Fleets[0].MaxPrice != pricing.Uncapped {
				t.Errorf("MaxPrice = %d; want Uncapped", c.Fleets[0].MaxPrice)
			}
		},
		"a03_delete_policy": func(t *testing.T, c *sim.Config) {
			if c.Fleets[0].Policy != sim.Delete || c.Fleets[0].MaxPrice != 30_000_000 {
				t.Errorf("fleet = %+v; want policy delete, max price 0.03", c.Fleets[0])
			}
		},
		"a04_capacity_eviction": func(t *testing.T, c *sim.Config) {
			capacity := pricing.Series{Times: []int64{0, 7200}, Values: []int64{3, 1}}
			if c.Horizon != 4*3600 || !reflect.DeepEqual(c.Pools[0].Capacity, capacity) || c.Pools[0].Spot.Values[0] != 20_000_000 {
				t.Errorf("horizon %d, pool %+v; want 4h, capacity %+v, spot 0.02", c.Horizon, c.Pools[0], capacity)
			}
		},
		"a05_create_below_price": func(t *testing.T, c *sim.Config) {
			if c.Fleets[0].Count != 2 || c.Fleets[0].MaxPrice != 10_000_000 {
				t.Errorf("fleet = %+v; want 2 VMs at max price 0.01", c.Fleets[0])
			}
		},
		"a06_quota": func(t *testing.T, c *sim.Config) {
			if !reflect.DeepEqual(c.Quotas, []sim.Quota{{Region: "eastus", SpotVCPUs: 4, RegularVCPUs: -1}}) || c.Fleets[1].CreateAt != 12*3600 {
				t.Errorf("quotas %+v, fleet b created at %d; want eastus spot 4 and 43200", c.Quotas, c.Fleets[1].CreateAt)
			}
		},
		"a07_restart_automation": func(t *testing.T, c *sim.Config) {
			if c.Fleets[0].After != sim.RestartAutomation || c.Fleets[0].Interval != 3600 {
				t.Errorf("fleet = %+v; want restart every 3600 s", c.Fleets[0])
			}
		},
	}
	for _, path := range paths {
		name := filepath.Base(filepath.Dir(path))
		t.Run(name, func(t *testing.T) {
			s, err := Load(path)
			if name == "a08_bad_max_price" {
				assertProblem(t, err, path+":19:16", "fleets[0].max_price: 0.123456 has more than 5 decimal places; a max price is -1 or a decimal > 0 with at most 5 decimal places (MaxPriceValueInvalid)")
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			c := &s.Config
			// Every case shares these lines.
			if c.Name != strings.SplitN(name, "_", 2)[0] || c.Seed != 7 || c.Notice != (sim.NoticeLead{Min: 30, Max: 30}) || c.Timings != (sim.Timings{}) {
				t.Errorf("name %q seed %d notice %+v timings %+v; want %s, 7, 30s and all 0", c.Name, c.Seed, c.Notice, c.Timings, name[:3])
			}
			if check := checks[name]; check != nil {
				check(t, c)
			} else {
				t.Logf("no field checks for %s; only loading and the round trip", name)
			}
			dir := filepath.Dir(path)
			roundTrip(t, s, func(rel string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, rel)) })
		})
	}
}
