package sim

import (
	"fmt"
	"testing"

	"github.com/spotsim/spotsim/pricing"
)

// mixRow is one row of the tables in Azure's Spot Priority Mix page
// (azure-compute-docs, articles/virtual-machine-scale-sets/spot-priority-mix.md,
// "Examples"): the fleet after an action.
type mixRow struct {
	action                            string
	at                                int64 // when the action happens; the row is read a minute later
	total, base, extra, spot, dealloc int
}

// mixScenario is a fleet with a priority mix in an unlimited pool whose
// capacity falls to drop (and back a few minutes later) at dropAt, to evict
// spot VMs; scales are scripted at the rows' times. Timings are 0, so
// every state settles at once; the notice is 30 s.
func mixScenario(count, base, pct int, policy EvictionPolicy, dropAt, drop int64, rows []mixRow) *Config {
	cfg := &Config{Name: "mix", Horizon: 24 * hour, Seed: 1, Notice: NoticeLead{30, 30}, Billing: AzureBilling,
		Pools: []Pool{{Region: "eastus", SKU: "Standard_D2s_v5", VCPUs: 2, PAYG: usd("0.096"),
			Spot:     &pricing.Series{Times: []int64{0}, Values: []int64{int64(usd("0.02"))}},
			Capacity: pricing.Series{Times: []int64{0, dropAt, dropAt + 600}, Values: []int64{pricing.Unlimited, drop, pricing.Unlimited}}}},
		Fleets: []Fleet{{Name: "vmss", Pool: 0, Count: count, MaxPrice: pricing.Uncapped, Policy: policy,
			RegularBase: base, RegularPercentAboveBase: pct}}}
	for _, r := range rows {
		if r.at > 0 && r.at != dropAt {
			cfg.Actions = append(cfg.Actions, Action{At: r.at, Fleet: 0, VM: -1, Op: OpScale, Count: r.total})
		}
	}
	return cfg
}

// checkMix runs cfg cut a minute after each row's action and compares the
// fleet's live VMs with the row: regular ones split into the base and the
// extra, spot ones into allocated and deallocated.
func checkMix(t *testing.T, cfg *Config, base int, rows []mixRow) {
	t.Helper()
	for _, r := range rows {
		c := *cfg
		c.Horizon = r.at + 60
		res := run(t, &c)
		var regular, spot, dealloc int
		for _, v := range res.VMs.All() {
			switch {
			case v.FinalState >= Deleting:
			case v.Priority == Regular:
				regular++
			case v.FinalState == Deallocated:
				dealloc++
			default:
				spot++
			}
		}
		got := mixRow{r.action, r.at, regular + spot + dealloc, min(regular, base), max(0, regular-base), spot, dealloc}
		if got != r {
			t.Errorf("%s: total %d, base %d, extra %d, spot %d running, %d deallocated; Azure's table: %d, %d, %d, %d, %d",
				r.action, got.total, got.base, got.extra, got.spot, got.dealloc, r.total, r.base, r.extra, r.spot, r.dealloc)
		}
	}
}

// Scenario 1, "50/50 split with 10 base VMs": base 10, 50 % above, eviction
// policy Delete, 10 VMs to start. Odd counts give spot the extra VM (41:
// 15 regular, 16 spot); the eviction deletes all 16 spot VMs, leaving 26;
// the scale-outs after it add only spot VMs until the split is back.
func TestAzurePriorityMixScenario1(t *testing.T) {
	rows := []mixRow{
		{"initial creation", 0, 10, 10, 0, 0, 0},
		{"scale out to 20", 1 * hour, 20, 10, 5, 5, 0},
		{"scale out to 30", 2 * hour, 30, 10, 10, 10, 0},
		{"scale out to 40", 3 * hour, 40, 10, 15, 15, 0},
		{"scale out to 41", 4 * hour, 41, 10, 15, 16, 0},
		{"scale out to 42", 5 * hour, 42, 10, 16, 16, 0},
		{"all spot VMs evicted", 6 * hour, 26, 10, 16, 0, 0},
		{"scale out to 30 (after)", 7 * hour, 30, 10, 16, 4, 0},
		{"scale out to 42 (after)", 8 * hour, 42, 10, 16, 16, 0},
		{"scale out to 44", 9 * hour, 44, 10, 17, 17, 0},
	}
	checkMix(t, mixScenario(10, 10, 50, Delete, 6*hour, 0, rows), 10, rows)
}

// Scenario 2, "Cost-optimized with 25% standard VMs": base 10, 25 % above,
// eviction policy Deallocate, 20 VMs to start (2.5 extra regular rounded to
// 2). Deallocated spot VMs still count towards the total, so the scale-out
// to 120 adds 2 regular and 8 spot and leaves the 10 deallocated.
func TestAzurePriorityMixScenario2(t *testing.T) {
	rows := []mixRow{
		{"initial creation", 0, 20, 10, 2, 8, 0},
		{"scale out to 50", 1 * hour, 50, 10, 10, 30, 0},
		{"scale out to 110", 2 * hour, 110, 10, 25, 75, 0},
		{"10 spot VMs evicted", 3 * hour, 110, 10, 25, 65, 10},
		{"scale out to 120", 4 * hour, 120, 10, 27, 73, 10},
	}
	checkMix(t, mixScenario(20, 10, 25, Deallocate, 3*hour, 65, rows), 10, rows)
}

// A scale-in keeps the split (Azure: "rather than simply removing the
// oldest or newest VMs"). From Scenario 1's 42 VMs (26 regular, 16 spot)
// and from its 26 after the eviction (all regular), each scale-in leaves
// what the mix wants for the new count when it can, newest first within
// each priority.
func TestPriorityMixScaleIn(t *testing.T) {
	for _, c := range []struct {
		evict             bool
		to, regular, spot int
	}{
		{false, 30, 20, 10}, // wants 10 + 10: 6 regular and 6 spot go
		{false, 12, 11, 1},  // wants 10 + 1
		{false, 10, 10, 0},
		{false, 41, 25, 16}, // wants 25: a regular one goes, not the newest (spot)
		{true, 20, 20, 0},   // all regular: only regular can go
		{false, 0, 0, 0},
	} {
		t.Run(fmt.Sprint(c), func(t *testing.T) {
			cfg := mixScenario(42, 10, 50, Delete, 2*hour, 0, nil)
			if !c.evict {
				cfg.Pools[0].Capacity = pricing.Constant(pricing.Unlimited)
			}
			cfg.Horizon = 4 * hour
			cfg.Actions = []Action{{At: 3 * hour, Fleet: 0, VM: -1, Op: OpScale, Count: c.to}}
			res := run(t, cfg)
			var regular, spot, newestSpot, newestRegular int
			newestSpot, newestRegular = -1, -1
			for _, v := range res.VMs.All() {
				if v.FinalState >= Deleting {
					continue
				}
				if v.Priority == Regular {
					regular++
					newestRegular = max(newestRegular, int(v.Number))
				} else {
					spot++
					newestSpot = max(newestSpot, int(v.Number))
				}
			}
			if regular != c.regular || spot != c.spot {
				t.Fatalf("scale in to %d: %d regular, %d spot; want %d, %d", c.to, regular, spot, c.regular, c.spot)
			}
			// Regular VMs are made first (0–25), spot after (26–41): newest
			// first within each, so the survivors are the lowest numbers.
			if regular > 0 && newestRegular != regular-1 || spot > 0 && newestSpot != 26+spot-1 {
				t.Fatalf("scale in to %d kept regular up to %d, spot up to %d", c.to, newestRegular, newestSpot)
			}
		})
	}
}
