package sim

import (
	"cmp"
	"math"
	"slices"

	"github.com/spotsim/spotsim/pricing"
)

// Allocation is how a fleet over several pools (sizes and zones) chooses
// the pool of its next VM, and which VMs a scale-in removes first. The
// names are those of Azure Compute Fleet and VMSS Instance Mix (docs/fleets.md).
type Allocation uint8

const (
	// LowestPrice takes the cheapest pool that can host the VM: the spot
	// price for a spot VM, the pay-as-you-go price for a regular one.
	LowestPrice Allocation = iota
	// CapacityOptimized takes the pool with the best capacity signal, then
	// the most free spot capacity, whatever it costs.
	CapacityOptimized
	// PriceCapacityOptimized takes the cheapest pool among those with the
	// best capacity signal.
	PriceCapacityOptimized
	// Prioritized takes pools by their rank, lowest first.
	Prioritized
)

var allocationNames = [...]string{"lowest_price", "capacity_optimized", "price_capacity_optimized", "prioritized"}

func (a Allocation) String() string { return allocationNames[a] }

// AllocationNames lists the strategies, for docs and error messages.
func AllocationNames() []string { return allocationNames[:] }

// CapacityUnit is what a fleet's target counts.
type CapacityUnit uint8

const (
	UnitVMs CapacityUnit = iota
	// UnitVCPUs counts vCPUs: a fleet adds VMs until its live vCPUs reach
	// the target, so it overprovisions when sizes do not divide it, as
	// Compute Fleet does.
	UnitVCPUs
)

var unitNames = [...]string{"vm", "vcpu"}

func (u CapacityUnit) String() string { return unitNames[u] }

// PlacementScore is an Azure Spot Placement Score (0: none given).
type PlacementScore uint8

const (
	NoPlacementScore PlacementScore = iota
	PlacementLow
	PlacementMedium
	PlacementHigh
)

var placementNames = [...]string{"", "Low", "Medium", "High"}

func (p PlacementScore) String() string { return placementNames[p] }

// PlacementNames lists the scores a pool may be given.
func PlacementNames() []string { return placementNames[1:] }

// FleetPool is one size (in one zone) a fleet may use.
type FleetPool struct {
	Pool int // index into Config.Pools
	Rank int // for Prioritized: lower goes first
}

// Candidates are the pools a fleet may use, in the scenario's order: Pools,
// or the one Pool of a Config built without them.
func (f *Fleet) Candidates() []FleetPool {
	if len(f.Pools) == 0 {
		return []FleetPool{{Pool: f.Pool}}
	}
	return f.Pools
}

// capacityTier is a pool's capacity signal for the capacity-aware
// strategies, higher is better: the placement score when the scenario gives
// one; else 0 when a capacity trace leaves no room, and otherwise the
// eviction-rate band (under 5 %/h: 3, under 15 %/h: 2, more: 1; no band: 3).
func (s *engine) capacityTier(p *pool) int {
	if p.cfg.Placement != NoPlacementScore {
		return int(p.cfg.Placement)
	}
	if p.full() {
		return 0
	}
	switch h := p.cfg.Hazard; {
	case h < 0.05:
		return 3
	case h < 0.15:
		return 2
	default:
		return 1
	}
}

// freeCapacity is how many more spot VMs the pool can host now.
func freeCapacity(p *pool) int64 {
	free := int64(math.MaxInt64)
	if p.capacity != pricing.Unlimited {
		free = max(0, p.capacity-p.allocated)
	}
	if p.holdCap >= 0 {
		// A correlated reclaim holds the pool down (reclaim.go).
		free = min(free, max(0, p.holdCap-p.allocated))
	}
	return free
}

// order puts the fleet's pools in the order its strategy tries them for
// the next VM. Zones come first: a fleet spread over zones keeps them
// balanced, best effort, by trying the zone with the fewest of its live
// VMs first; within a zone the strategy decides; ties keep the scenario's
// order. The result is the fleet's scratch slice, valid until the next call.
func (s *engine) order(f *fleet, regular bool) []int32 {
	f.scratch = f.scratch[:0]
	for i := range f.cands {
		f.scratch = append(f.scratch, int32(i))
	}
	if len(f.scratch) == 1 {
		return f.scratch
	}
	slices.SortStableFunc(f.scratch, func(a, b int32) int {
		ca, cb := &f.cands[a], &f.cands[b]
		if c := cmp.Compare(f.zoneLive[s.zoneOf[ca.pool]], f.zoneLive[s.zoneOf[cb.pool]]); c != 0 {
			return c
		}
		return s.prefer(f, ca, cb, regular)
	})
	return f.scratch
}

// prefer compares two of a fleet's pools under its strategy: < 0 when a
// goes first.
func (s *engine) prefer(f *fleet, a, b *candidate, regular bool) int {
	pa, pb := &s.pools[a.pool], &s.pools[b.pool]
	price := func(p *pool) pricing.Price {
		if regular {
			return p.cfg.PAYG
		}
		return min(s.spot(p), p.cfg.PAYG)
	}
	strategy := f.cfg.Allocation
	if regular && strategy != Prioritized {
		// Compute Fleet's standard VMs know only lowest price and
		// prioritized; capacity signals are spot ones.
		strategy = LowestPrice
	}
	switch strategy {
	case Prioritized:
		return cmp.Compare(a.rank, b.rank)
	case CapacityOptimized:
		if c := cmp.Compare(s.capacityTier(pb), s.capacityTier(pa)); c != 0 {
			return c
		}
		if c := cmp.Compare(freeCapacity(pb), freeCapacity(pa)); c != 0 {
			return c
		}
		return cmp.Compare(pa.cfg.Hazard, pb.cfg.Hazard)
	case PriceCapacityOptimized:
		if c := cmp.Compare(s.capacityTier(pb), s.capacityTier(pa)); c != 0 {
			return c
		}
	}
	return cmp.Compare(price(pa), price(pb))
}

// choose finds the pool the fleet's next VM goes to: the first in the
// strategy's order that admits it. When none does, it returns the pool the
// strategy preferred and the code that pool gave.
func (s *engine) choose(f *fleet, regular bool) (int32, Why) {
	maxPrice := f.maxPrice(regular)
	preferred, first := int32(-1), NoReason
	for _, c := range s.order(f, regular) {
		pi := f.cands[c].pool
		code := s.admit(pi, regular, maxPrice, true)
		if code == NoReason {
			return pi, NoReason
		}
		if first == NoReason {
			preferred, first = pi, code
		}
	}
	return preferred, first
}

// maxPrice is the max price a new VM of the fleet holds: the fleet's, or
// none for a regular VM (R11).
func (f *fleet) maxPrice(regular bool) pricing.Price {
	if regular {
		return pricing.Uncapped
	}
	return f.cfg.MaxPrice
}

// weight is what one VM counts toward its fleet's target.
func (s *engine) weight(f *fleet, pool int32) int {
	if f.cfg.Unit == UnitVCPUs {
		return int(s.cfg.Pools[pool].VCPUs)
	}
	return 1
}

// candidate is one of a fleet's pools.
type candidate struct {
	pool int32
	rank int
}

// setupZones numbers the zones of every pool, "" (regional) included, so
// that a fleet counts its live VMs per zone in a slice.
func (s *engine) setupZones() {
	ids := map[string]int32{}
	s.zoneOf = make([]int32, len(s.cfg.Pools))
	for i, p := range s.cfg.Pools {
		z, ok := ids[p.Zone]
		if !ok {
			z = int32(len(ids))
			ids[p.Zone] = z
		}
		s.zoneOf[i] = z
	}
	s.zones = len(ids)
}

// setupCandidates lists a fleet's pools for the strategy.
func (s *engine) setupCandidates(f *fleet) {
	for _, fp := range f.cfg.Candidates() {
		f.cands = append(f.cands, candidate{pool: int32(fp.Pool), rank: fp.Rank})
	}
	f.zoneLive = make([]int, s.zones)
}
