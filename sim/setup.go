package sim

import (
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/spotsim/spotsim/internal/mem"
	"github.com/spotsim/spotsim/pricing"
)

func (s *engine) setup() {
	cfg := s.cfg
	quotaOf := map[string]int{}
	for _, q := range cfg.Quotas {
		quotaOf[q.Region] = len(s.quotas)
		s.quotas = append(s.quotas, quota{spotLimit: q.SpotVCPUs, regularLimit: q.RegularVCPUs})
	}
	// Every max price a VM of a pool can ever hold is known from the config,
	// so each pool's buckets are built once, sorted.
	prices := make([][]pricing.Price, len(cfg.Pools))
	for _, f := range cfg.Fleets {
		if f.Priority == Spot && f.MaxPrice >= 0 {
			for _, fp := range f.Candidates() {
				prices[fp.Pool] = append(prices[fp.Pool], f.MaxPrice)
			}
		}
	}
	for _, a := range cfg.Actions {
		if a.Op == OpSetMaxPrice && a.MaxPrice >= 0 {
			f := cfg.Fleets[a.Fleet]
			for _, fp := range f.Candidates() {
				prices[fp.Pool] = append(prices[fp.Pool], a.MaxPrice)
			}
		}
	}
	s.pools = make([]pool, len(cfg.Pools))
	var curves mem.Slab[int64] // the pools' prefix sums, sharing huge pages
	curves.Reserve(spotPoints(cfg.Pools, func(i int) bool { return !cfg.Market.has(i, &cfg.Pools[i]) }))
	for i := range cfg.Pools {
		pc := &cfg.Pools[i]
		p := &s.pools[i]
		p.cfg = pc
		key := pc.streamKey()
		p.victims = stream(cfg.Seed, "victims/"+key)
		p.leads = stream(cfg.Seed, "notice/"+key)
		p.rebalance = stream(cfg.Seed, "rebalance/"+key)
		p.falseAlarms = stream(cfg.Seed, "false-alarms/"+key)
		if pc.Hazard > 0 {
			p.hazard = distuv.Exponential{Rate: pc.Hazard / 3600, Src: source(cfg.Seed, "hazard/"+key)}
		}
		p.quota = -1
		p.wakeAt, p.wakeBound = noWake, noBound
		if qi, ok := quotaOf[pc.Region]; ok {
			p.quota = qi
		}
		if pc.Spot != nil {
			mp, ok := cfg.Market.pool(i, pc)
			if !ok {
				mp = newMarketPool(pc, &curves)
			}
			p.curve, p.above = mp.curve, mp.above
			p.price = pricing.Price(pc.Spot.Values[0])
		}
		p.capacity = pc.Capacity.Values[0]
		if len(pc.Capacity.Times) > 1 {
			s.q.at(pc.Capacity.Times[1], evCapacity, int32(i), 0)
		}
		ps := prices[i]
		slices.Sort(ps)
		for _, mp := range slices.Compact(ps) {
			p.buckets = append(p.buckets, bucket{price: mp})
		}
	}
	s.setupZones()
	s.setupReclaims()
	s.fleets = make([]fleet, len(cfg.Fleets))
	for i := range cfg.Fleets {
		s.fleets[i] = fleet{cfg: &cfg.Fleets[i], target: cfg.Fleets[i].Count, since: cfg.Fleets[i].CreateAt, idx: i}
		s.setupCandidates(&s.fleets[i])
		s.q.at(cfg.Fleets[i].CreateAt, evFleetCreate, int32(i), 0)
	}
	for i, a := range cfg.Actions {
		s.q.at(a.At, evAction, int32(i), 0)
	}
}
