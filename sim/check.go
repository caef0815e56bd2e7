package sim

import (
	"errors"
	"fmt"
)

// check rejects a Config that the scenario layer should never produce.
func check(cfg *Config) error {
	var errs []error
	if cfg.Horizon <= 0 || cfg.Horizon > MaxHorizon {
		errs = append(errs, fmt.Errorf("horizon %d s; want > 0 and at most %d (100,000 days)", cfg.Horizon, int64(MaxHorizon)))
	}
	if cfg.Notice.Min < 0 || cfg.Notice.Max < cfg.Notice.Min {
		errs = append(errs, fmt.Errorf("notice lead [%d, %d] s is not a range", cfg.Notice.Min, cfg.Notice.Max))
	}
	for i, p := range cfg.Pools {
		if len(p.Capacity.Times) == 0 || p.Capacity.Times[0] != 0 {
			errs = append(errs, fmt.Errorf("pool %d: capacity series must start at 0", i))
		}
		if h := cfg.Pools[i].Hazard; !(h >= 0 && h <= 1e6) {
			errs = append(errs, fmt.Errorf("pool %d: hazard %g per hour; want 0 to 1e6", i, h))
		}
		if p.Spot != nil && (len(p.Spot.Times) == 0 || p.Spot.Times[0] != 0) {
			errs = append(errs, fmt.Errorf("pool %d: spot series must start at 0", i))
		}
	}
	for i, f := range cfg.Fleets {
		for _, fp := range f.Candidates() {
			if fp.Pool < 0 || fp.Pool >= len(cfg.Pools) {
				errs = append(errs, fmt.Errorf("fleet %d: pool %d out of range", i, fp.Pool))
			} else if f.Priority == Spot && cfg.Pools[fp.Pool].Spot == nil {
				errs = append(errs, fmt.Errorf("fleet %d: spot fleet on a pool with no spot price", i))
			}
		}
		if f.Unit == UnitVCPUs && f.Workload.Kind == Batch {
			errs = append(errs, fmt.Errorf("fleet %d: a batch fleet counts VMs, not vCPUs", i))
		}
		if f.After != NoAutomation && f.Interval <= 0 {
			errs = append(errs, fmt.Errorf("fleet %d: automation interval must be > 0", i))
		}
	}
	for i, a := range cfg.Actions {
		if a.Fleet < 0 || a.Fleet >= len(cfg.Fleets) {
			errs = append(errs, fmt.Errorf("action %d: fleet %d out of range", i, a.Fleet))
		}
	}
	errs = append(errs, checkModels(cfg)...)
	return errors.Join(errs...)
}
