package sim

import "math"

// Azure's Spot Rebalance Recommendation (learn.microsoft.com, Azure Virtual
// Machines, "Spot eviction risk notifications"): a Scheduled Events event of
// type SpotRebalanceRecommendation, served on the same IMDS endpoint as
// Preempt notices under its own api-version, "best effort", that "doesn't
// always emit a signal before eviction"; it is advisory, and acknowledging it
// has no effect.
//
// spotsim sends it before stochastic evictions (a pool's Hazard, either
// reclaim model), whose time the engine draws ahead: each eviction is
// preceded, with probability Recall, by a recommendation Lead before its
// notice (sooner when the VM became allocated more recently than that).
// False alarms come on top, to each allocated spot VM at the rate that makes
// FalseShare of all recommendations false:
//
//	true per allocated VM-hour  = Recall · h
//	false per allocated VM-hour = Recall · h · FalseShare / (1 − FalseShare)
//
// Price evictions and capacity traces get no recommendation: spotsim does
// not look ahead in traces.

// Rebalance is a pool's rebalance-recommendation model.
type Rebalance struct {
	// Recall is the share of stochastic evictions preceded by a
	// recommendation, in [0, 1]; 0 turns recommendations off.
	Recall float64
	// Lead is the time, in seconds, from recommendation to notice.
	Lead Dist
	// FalseShare is the share of recommendations followed by no eviction,
	// in [0, 1).
	FalseShare float64
}

// falseRate is the false alarms per allocated VM per second.
func (r Rebalance) falseRate(hazard float64) float64 {
	if r.Recall <= 0 || r.FalseShare <= 0 {
		return 0
	}
	return r.Recall * hazard / 3600 * r.FalseShare / (1 - r.FalseShare)
}

// RebalanceAction is what user automation does on a recommendation.
type RebalanceAction uint8

const (
	// IgnoreRebalance: nothing (the default).
	IgnoreRebalance RebalanceAction = iota
	// LaunchOnRebalance starts a replacement VM at once and keeps both.
	LaunchOnRebalance
	// LaunchBeforeTerminate starts a replacement and deletes the warned VM
	// Delay seconds later.
	LaunchBeforeTerminate
)

var rebalanceActionNames = [...]string{"none", "launch", "launch_before_terminate"}

func (a RebalanceAction) String() string { return rebalanceActionNames[a] }

// OnRebalance is a fleet's reaction to a recommendation of one of its VMs.
type OnRebalance struct {
	Action RebalanceAction
	Delay  int64 // seconds, LaunchBeforeTerminate
}

// warnAhead sends, with probability Recall, a recommendation one lead
// before the independent eviction just drawn for v, wait seconds away
// (at once when the lead is longer). The hazard's sequence number drops it
// if the VM stops being allocated first.
func (s *engine) warnAhead(v *vm, wait int64) {
	p := &s.pools[v.rec.pool]
	if rb := p.cfg.Rebalance; rb.Recall > 0 && p.rebalance.Float64() < rb.Recall {
		v.evictAt = s.now + wait
		at := max(s.now, v.evictAt-rb.Lead.seconds(p.rebalance))
		s.q.at(at, evRebalance, v.id, v.hazardSeq)
	}
}

// nextFalseAlarm schedules the VM's next false alarm while it stays
// allocated.
func (s *engine) nextFalseAlarm(v *vm) {
	p := &s.pools[v.rec.pool]
	if r := p.cfg.Rebalance.falseRate(p.cfg.Hazard); r > 0 {
		wait := max(1, int64(math.Ceil(p.falseAlarms.ExpFloat64()/r)))
		s.q.at(s.now+wait, evFalseAlarm, v.id, v.hazardSeq)
	}
}

// recommend sends a VM a rebalance recommendation; real says whether an
// eviction follows (v.evictAt then holds when its notice is due).
func (s *engine) recommend(id int32, real bool) {
	v := s.vm(id)
	rebalances := &v.rec.rebalances
	*rebalances++
	s.res.Fleets[v.rec.fleet].Rebalances++
	lead := int64(-1)
	if real {
		lead = v.evictAt - s.now
	}
	s.logLead(id, EvRebalance, v.state, v.state, NoReason, lead)
	if s.cfg.Record.Notices {
		s.notices.add(Notice{
			VM: int(id), IssuedAt: s.now, NotBefore: -1, Kind: RebalanceNotice,
			EventID: s.eventID(), Incarnation: 2*int(*rebalances-1) + 1,
		})
	}
	f := &s.fleets[v.rec.fleet]
	on := f.cfg.OnRebalance
	if on.Action == IgnoreRebalance || v.reacted || f.done {
		return
	}
	// One reaction per VM: a second recommendation of a VM already
	// replaced launches nothing more.
	v.reacted = true
	s.create(int(v.rec.fleet), WhyRebalance)
	if on.Action == LaunchBeforeTerminate {
		s.q.after(s.now, on.Delay, evRebalanceDelete, id, 0)
	}
}

// rebalanceDelete deletes a warned VM after its replacement's head start,
// whatever became of it meanwhile (an evicted, deallocated VM goes too).
func (s *engine) rebalanceDelete(id int32) {
	if v := s.vm(id); v != nil && v.live && v.state != Deleting {
		s.deleteByUser(id, WhyRebalance)
	}
}
