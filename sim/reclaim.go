package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/spotsim/spotsim/pricing"
)

// Stochastic evictions (a pool's Hazard, from Azure's eviction-rate band)
// come in one of two models.
//
// Independent: each allocated spot VM draws its own exponential time to a
// notice; evictions of different VMs are unrelated.
//
// Correlated: the pool (or a group of pools that share hardware) suffers
// reclaim events, a Poisson process of rate λ. Each event takes a share S
// of the pool's evictable VMs at once (S drawn per event from Reclaim.Share)
// and holds the pool's spot capacity down for a recovery time R, so that
// restarts and replacements fail with SkuNotAvailable until it recovers.
//
// The band fixes λ. Azure's band is the chance p that a VM is evicted
// within the next hour; the hazard h = Pool.Hazard is the rate with
// 1 − e^(−h·1h) = p. An event takes each evictable VM with probability S
// (k = S·n victims, rounded up or down at random so that E[k] = S·n
// exactly, and chosen by the victims policy), so a VM survives an hour
// with probability E[∏(1 − S_i)] over the events of that hour, which for a
// Poisson process is e^(−λ·E[S]·1h). Setting λ = h / E[S] makes the
// marginal per-VM chance of eviction within an hour p, the band's, while
// the evictions now come in bursts. TestReclaimMarginalRate checks it.
//
// A group of pools shares one event process at the highest of its members'
// rates; a member with a lower rate λ_p joins each event with probability
// λ_p / λ_group, so its marginal stays its own band's. The members share one
// share distribution (the scenario layer checks it) and each event draws
// one share for all of them.

// ReclaimModel chooses how a pool's stochastic evictions arrive.
type ReclaimModel uint8

const (
	// Independent: a VM's eviction is unrelated to any other's (the
	// default, which is what scenarios without `reclaims` always had).
	Independent ReclaimModel = iota
	// Correlated: reclaim events take a share of the pool at once.
	Correlated
)

var reclaimNames = [...]string{"independent", "correlated"}

func (m ReclaimModel) String() string { return reclaimNames[m] }

// Reclaim is a pool's correlated-reclaim model.
type Reclaim struct {
	Model ReclaimModel
	// Group names the pools that share hardware and so reclaim events;
	// "" is the pool alone.
	Group string
	// Share is the fraction of the pool's evictable VMs one event takes,
	// each value in (0, 1].
	Share Dist
	// Recovery is how long, in seconds, the pool's spot capacity stays at
	// what the event left.
	Recovery Dist
}

// reclaimGroup is the event process shared by a group's pools.
type reclaimGroup struct {
	pools []int32
	join  []float64 // each member's chance to take part in an event
	rate  float64   // events per second
	draws *rand.Rand
}

// doomed is a VM chosen at selection time, valid while it stays allocated
// (its hazard sequence number holds).
type doomed struct {
	id  int32
	gen uint32
}

// pendingReclaim is a pool's share of the next reclaim event.
type pendingReclaim struct {
	at, selectedAt int64
	share          float64
	doomed         []doomed
}

// setupReclaims builds the groups and schedules each group's first event.
func (s *engine) setupReclaims() {
	byName := map[string]int{}
	for i := range s.pools {
		p := &s.pools[i]
		p.holdCap = -1
		rc := p.cfg.Reclaim
		if rc.Model != Correlated || p.cfg.Hazard <= 0 {
			continue
		}
		key := "pool/" + p.cfg.streamKey()
		if rc.Group != "" {
			key = "group/" + rc.Group
		}
		g, ok := byName[key]
		if !ok {
			g = len(s.groups)
			byName[key] = g
			s.groups = append(s.groups, reclaimGroup{draws: stream(s.cfg.Seed, "reclaim/"+key)})
		}
		rate := p.cfg.Hazard / 3600 / rc.Share.Mean()
		grp := &s.groups[g]
		grp.pools = append(grp.pools, int32(i))
		grp.join = append(grp.join, rate) // a rate for now, a chance below
		grp.rate = max(grp.rate, rate)
		p.recovery = stream(s.cfg.Seed, "recovery/"+p.cfg.streamKey())
	}
	for g := range s.groups {
		grp := &s.groups[g]
		for j := range grp.join {
			grp.join[j] /= grp.rate
		}
		s.nextReclaim(int32(g), 0)
	}
}

// nextReclaim draws the group's next event after from and schedules, for
// each member that takes part, the choice of its victims (a rebalance lead
// ahead, when the pool sends recommendations) and the reclaim itself.
func (s *engine) nextReclaim(g int32, from int64) {
	grp := &s.groups[g]
	at := from + max(1, int64(math.Ceil(grp.draws.ExpFloat64()/grp.rate)))
	if at >= s.cfg.Horizon {
		return
	}
	share := 0.0
	for j, pi := range grp.pools {
		p := &s.pools[pi]
		if grp.join[j] < 1 && grp.draws.Float64() >= grp.join[j] {
			continue
		}
		if share == 0 {
			// One share per event: pools that share hardware lose alike.
			share = p.cfg.Reclaim.Share.Draw(grp.draws)
		}
		sel, selectedAt := at, at
		if rb := p.cfg.Rebalance; rb.Recall > 0 {
			sel = at - rb.Lead.seconds(grp.draws)
			selectedAt = sel
			if sel < s.now {
				// The lead reaches back before this event was drawn (the
				// previous event, or the run's start): the victims are
				// chosen now, and every VM allocated from now on — the
				// fleets created at the start, say — is drawn at the
				// event, as one allocated after a choice made a lead
				// ahead would be.
				sel, selectedAt = s.now, s.now-1
			}
		}
		p.pending = pendingReclaim{at: at, selectedAt: selectedAt, share: share}
		s.q.at(sel, evReclaimSelect, pi, 0)
		s.q.at(at, evReclaim, pi, 0)
	}
	s.q.at(at, evReclaimNext, g, 0)
}

// evictable reports whether a stochastic eviction may pick the VM: a spot
// VM of a pool with a rate, allocated (its hazard armed) and not under
// notice, as the independent model's draw.
func (s *engine) evictable(v *vm) bool {
	return v.hazardArmed && !v.noticed
}

// stochRound rounds x down or up with the chances that make its mean x.
func stochRound(x float64, r *rand.Rand) int {
	k := math.Floor(x)
	if r.Float64() < x-k {
		k++
	}
	return int(k)
}

// pick chooses round(share·n) of the candidates by the victims policy.
func (s *engine) pick(p *pool, cands []int32, share float64) []int32 {
	if len(cands) == 0 {
		return nil
	}
	k := min(len(cands), stochRound(share*float64(len(cands)), p.victims))
	return s.victimsFrom(p, cands, k)
}

// reclaimSelect chooses the pool's victims of its pending event and sends
// them their rebalance recommendations (rebalance.go).
func (s *engine) reclaimSelect(pi int32) {
	p := &s.pools[pi]
	pr := &p.pending
	var cands []int32
	for _, id := range p.active {
		if s.evictable(s.vm(id)) {
			cands = append(cands, id)
		}
	}
	slices.Sort(cands) // creation order: the draw does not depend on history
	for _, id := range s.pick(p, cands, pr.share) {
		v := s.vm(id)
		pr.doomed = append(pr.doomed, doomed{id, v.hazardSeq})
		v.evictAt = pr.at
		if rb := p.cfg.Rebalance; rb.Recall > 0 && p.rebalance.Float64() < rb.Recall {
			s.recommend(id, true)
		}
	}
}

// reclaim notices the pool's victims: those chosen at selection that are
// still evictable, and a share of the VMs allocated since (they were not
// there to be chosen, and get no recommendation). The pool's spot
// capacity is then held at what is left until the recovery ends.
func (s *engine) reclaim(pi int32) {
	p := &s.pools[pi]
	pr := &p.pending
	var victims []int32
	chosen := map[int32]bool{}
	for _, d := range pr.doomed {
		chosen[d.id] = true
		if v := s.vm(d.id); v != nil && v.hazardSeq == d.gen && s.evictable(v) {
			victims = append(victims, d.id)
		}
	}
	if pr.selectedAt < pr.at {
		var late []int32
		for _, id := range p.active {
			if v := s.vm(id); !chosen[id] && s.evictable(v) && v.armedAt > pr.selectedAt {
				late = append(late, id)
			}
		}
		slices.Sort(late)
		victims = append(victims, s.pick(p, late, pr.share)...)
	}
	*pr = pendingReclaim{}
	for _, id := range victims {
		s.notice(id, CapacityEviction)
	}
	if len(victims) == 0 {
		return
	}
	// Victims under notice still hold capacity; once they are gone the pool
	// hosts what it hosted less them, and no more, until it recovers.
	p.holdCap = p.allocated - int64(len(victims))
	p.holdGen++
	s.res.Reclaims++
	rec := p.cfg.Reclaim.Recovery.seconds(p.recovery)
	s.q.at(s.now+rec, evRecover, pi, p.holdGen)
}

// full reports whether the pool can host no more spot VMs: its capacity
// (R6) or a reclaim's hold is reached.
func (p *pool) full() bool {
	return p.capacity != pricing.Unlimited && p.allocated >= p.capacity || p.holdCap >= 0 && p.allocated >= p.holdCap
}

// recover ends a pool's reduced capacity, unless a later reclaim renewed it.
func (s *engine) recover(pi int32, gen uint32) {
	if p := &s.pools[pi]; p.holdGen == gen {
		p.holdCap = -1
	}
}

// checkModels rejects eviction-model settings the scenario layer should
// never produce.
func checkModels(cfg *Config) []error {
	var errs []error
	if d := cfg.NoticeLeads; d != nil && !d.valid(0, 1e9) {
		errs = append(errs, fmt.Errorf("notice leads %+v: want a distribution of seconds >= 0", *d))
	}
	for i, p := range cfg.Pools {
		if rc := p.Reclaim; rc.Model == Correlated && (!rc.Share.valid(0, 1) || rc.Share.Mean() <= 0 || !rc.Recovery.valid(0, 1e9)) {
			errs = append(errs, fmt.Errorf("pool %d: reclaim share %+v or recovery %+v out of range", i, rc.Share, rc.Recovery))
		}
		if rb := p.Rebalance; rb.Recall > 0 && (rb.Recall > 1 || !(rb.FalseShare >= 0 && rb.FalseShare < 1) || !rb.Lead.valid(0, 1e9)) {
			errs = append(errs, fmt.Errorf("pool %d: rebalance %+v out of range", i, rb))
		}
	}
	return errs
}
