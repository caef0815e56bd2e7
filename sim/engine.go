package sim

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim/seed"
)

// vm is the engine's state of a VM not yet deleted, with the record of its
// results (rec), so that an event touches one place in memory. A deleted
// VM's record moves to a compact list and its slot is reused (slots.go):
// the engine holds as many of these as VMs not yet deleted, not one per VM
// ever created. What most events read and write comes first, then the
// record (its busy fields first), then what only stochastic evictions use:
// a random VM's event then touches two or three cache lines of its 192
// bytes, not four.
type vm struct {
	since     int64 // start of the interval not yet accrued
	runStart  int64 // when it last entered running
	noticedAt int64
	id        int32  // index in Result.VMs: the VM's number in creation order
	gen       uint32 // bumped on every state entry: stale timers are skipped
	noticeSeq uint32 // matches a pending eviction to the notice that set it
	activePos int32  // index in pool.active, or -1
	bucket    int32  // index into pool.buckets, or -1
	bucketPos int32
	// A stochastic eviction is pending (armed) while the VM is allocated;
	// hazardSeq matches the pending draw, and leaving allocated bumps it.
	hazardSeq   uint32
	state       State
	reason      EvictReason
	noticed     bool
	evicted     bool // the current deallocating/deleting was an eviction
	holdsCap    bool
	holdsQuot   bool
	live        bool // counts towards the fleet's count: not deleting or deleted
	regular     bool // its priority: a fleet's priority mix or fallback makes some regular
	hazardArmed bool
	reacted     bool // on_rebalance already acted on this VM
	rec         vmRecord
	evictAt     int64   // when a drawn stochastic eviction's notice is due (rebalance leads)
	armedAt     int64   // when the hazard was last armed (reclaim.go)
	_           [8]byte // to 192 bytes: three whole cache lines
}

// bucket is the set of a pool's noticeable VMs with one max price, so that a
// price rise touches only the VMs it evicts (no scan of the fleet).
type bucket struct {
	price pricing.Price
	vms   []int32
}

type pool struct {
	cfg                  *Pool
	curve                *pricing.Curve
	price                pricing.Price
	priceIdx             int // the price point price is from (read it with spot)
	above                maxIndex
	wakeAt               int64         // the pending price wake (pricewake.go), or noWake
	wakeBound            pricing.Price // the lowest max price a wake was looked for since the last one
	wakeGen              uint32        // the pending wake's; earlier ones are stale
	capIdx               int
	capacity             int64
	allocated            int64
	active               []int32 // spot VMs allocated and not under notice
	buckets              []bucket
	quota                int // index into sim.quotas, -1 if unlimited
	victims              *rand.Rand
	leads                *rand.Rand
	hazard               distuv.Exponential // seconds to a stochastic notice
	dirtyPrice, dirtyCap bool
	// Correlated reclaims and rebalance recommendations (reclaim.go,
	// rebalance.go): the capacity a reclaim left (-1: none held) until
	// the recovery of generation holdGen; the next event's victims.
	holdCap                          int64
	holdGen                          uint32
	pending                          pendingReclaim
	recovery, rebalance, falseAlarms *rand.Rand
}

type quota struct {
	spotLimit, regularLimit int64
	spotUsed, regularUsed   int64
}

type fleet struct {
	cfg      *Fleet
	target   int
	next     int // the next VM number
	live     int
	vms      []int32 // its VMs in creation order, less some released ones (pruneVMs)
	released int     // VMs released since the list was last pruned
	running  int     // VMs in running
	since    int64   // the service measures are integrated up to here
	idx      int
	// batch
	done      bool
	batchGen  uint32
	workSaved int64
	// priority mix and fallback
	liveRegular int
	evictions   int
	fallback    bool
	// the pools it may use, and its live units per zone (allocation.go)
	cands    []candidate
	scratch  []int32
	zoneLive []int
	// batch policy and service hedge (batchpolicy.go, servicepolicy.go)
	pol       *batchPolicy // a batch policy's state, or nil
	svcQueued bool         // a service fallback check is queued for now
	tail      tailTracker
	belowRun  int64 // seconds of the current stretch below the count
}

// engine is one run of the simulation: the queue, the live state of every
// pool, fleet and VM, and the result being filled in.
type engine struct {
	cfg         *Config
	now         int64
	q           queue
	pools       []pool
	quotas      []quota
	fleets      []fleet
	vms         blockList[vm]       // VMs not yet deleted, by slot
	slotOf      blockList[int32]    // by id: its slot in vms, or ^its index in done
	done        blockList[vmRecord] // deleted VMs' records, in the order deleted
	free        []int32             // released slots, reused last in first out
	dead        []int32             // VMs deleted by the event in hand, released after it
	events      blockList[Event]
	notices     blockList[Notice]
	usage       blockList[Usage]
	workload    blockList[WorkloadPoint]
	res         *Result
	noticeCheck bool // a notice check is queued for now
	eventIDs    *rand.Rand
	zoneOf      []int32 // per pool: its zone's number
	zones       int
	groups      []reclaimGroup
	tail        tailTracker
}

// stream is a named random stream of the run's seed: adding a pool or fleet
// does not shift the draws of another.
func stream(seed uint64, name string) *rand.Rand { return rand.New(source(seed, name)) }

// source is the named stream as a rand.Source, for gonum's distributions
// (package seed derives every stream).
func source(s uint64, name string) rand.Source { return seed.Stream(s, name) }

// streamKey names a pool's random streams: its region and size, and its
// zone when it has one, so that the zones of one size draw independently.
func (p *Pool) streamKey() string {
	if p.Zone == "" {
		return p.Region + "/" + p.SKU
	}
	return p.Region + "/" + p.SKU + "/" + p.Zone
}

// newEngine sets up a run of a checked Config, its first events queued.
func newEngine(cfg *Config) *engine {
	s := &engine{cfg: cfg, res: &Result{Config: cfg, Fleets: make([]FleetResult, len(cfg.Fleets))}}
	s.eventIDs = stream(cfg.Seed, "event-ids")
	s.q = newQueue(cfg.Horizon)
	s.setup()
	return s
}

// Run simulates the scenario from time 0 to the horizon.
func Run(cfg *Config) (*Result, error) {
	if err := check(cfg); err != nil {
		return nil, err
	}
	s := newEngine(cfg)
	for s.q.len() > 0 {
		e := s.q.pop()
		if k := s.q.ahead.kind; k != numKinds && vmEvent[k] {
			s.warm(s.q.ahead.id, s.q.further)
		}
		if s.now = s.q.time(&e); s.now >= cfg.Horizon {
			break
		}
		s.res.Processed++
		s.dispatch(e)
		if len(s.dead) > 0 {
			s.releaseDead()
		}
	}
	s.now = cfg.Horizon
	// The fleets first: a batch unfinished at the horizon reads its running
	// VMs' progress; then every VM not yet deleted closes its record.
	for i := range s.fleets {
		f := &s.fleets[i]
		s.measure(f)
		if f.cfg.Workload.Kind == Batch {
			r := &s.res.Fleets[i]
			if !f.done {
				// Work in progress at the horizon is neither saved nor lost:
				// counted as done, as a checkpoint at the end would save it.
				for _, id := range f.vms {
					if v := s.vm(id); v != nil && v.state == Running {
						r.WorkDone += s.progress(v)
					}
				}
				r.CompletedAt = -1
			}
		}
	}
	for i := range int32(s.slotOf.len()) {
		if v := s.vm(i); v != nil {
			s.accrue(v)
			v.rec.final = v.state
		}
	}
	s.res.VMs = VMs{slots: s.vms.blocks, done: s.done.blocks, slotOf: s.slotOf.blocks, cfg: s.cfg,
		n: s.slotOf.len(), nSlots: s.vms.len(), nDone: s.done.len()}
	s.vms, s.slotOf, s.done, s.free = blockList[vm]{}, blockList[int32]{}, blockList[vmRecord]{}, nil
	s.policyResults()
	s.res.Events = s.events.drain()
	s.res.Notices = s.notices.drain()
	s.res.Usage = s.usage.drain()
	s.res.Workload = s.workload.drain()
	return s.res, nil
}

func (s *engine) dispatch(e pending) {
	switch e.kind {
	case evPrice:
		s.priceWake(e.id, e.gen)
	case evCapacity:
		p := &s.pools[e.id]
		p.capIdx++
		p.capacity = p.cfg.Capacity.Values[p.capIdx]
		if n := p.capIdx + 1; n < len(p.cfg.Capacity.Times) {
			s.q.at(p.cfg.Capacity.Times[n], evCapacity, e.id, 0)
		}
		p.dirtyCap = true
		s.wantNoticeCheck()
	case evNoticeCheck:
		s.noticeCheck = false
		s.checkNotices()
	case evEvictDue:
		if v := s.vm(e.id); v != nil && v.noticed && v.noticeSeq == e.gen {
			s.evict(e.id)
		}
	case evTransitionDone:
		if v := s.vm(e.id); v != nil && v.gen == e.gen && v.state.Transitional() {
			s.settle(e.id)
		}
	case evFleetCreate:
		if f := &s.fleets[e.id]; f.cfg.Batch.Set {
			s.policyStart(f)
		} else if !f.done {
			s.createFleet(f)
		}
	case evAction:
		s.act(&s.cfg.Actions[e.id])
	case evBatch:
		if f := &s.fleets[e.id]; f.batchGen == e.gen && !f.done {
			s.batchPlan(f)
		}
	case evRestart:
		v := s.vm(e.id)
		if v != nil && v.gen == e.gen && v.state == Deallocated && !s.fleets[v.rec.fleet].done {
			if s.fleets[v.rec.fleet].fallback {
				// Evicted before the fleet fell back: its restart comes
				// regular, as a replacement would under delete + replace.
				s.fallBack(e.id)
				break
			}
			if !s.start(e.id, WhyRestart) {
				s.q.after(s.now, s.fleets[v.rec.fleet].cfg.Interval, evRestart, e.id, v.gen)
			}
		}
	case evHazard:
		if v := s.vm(e.id); v != nil && v.hazardArmed && v.hazardSeq == e.gen && !v.noticed {
			s.notice(e.id, CapacityEviction)
		}
	case evPolicy:
		s.policyTick(&s.fleets[e.id])
	case evService:
		s.serviceCheck(&s.fleets[e.id])
	case evReplace:
		f := &s.fleets[e.id]
		if f.cfg.Unit == UnitVCPUs {
			s.fill(f, WhyReplace)
		} else if f.replaceWanted() {
			s.create(int(e.id), WhyReplace)
		}
	case evReclaimSelect:
		s.reclaimSelect(e.id)
	case evReclaim:
		s.reclaim(e.id)
	case evReclaimNext:
		s.nextReclaim(e.id, s.now)
	case evRecover:
		s.recover(e.id, e.gen)
	case evRebalance:
		if v := s.vm(e.id); v != nil && v.hazardSeq == e.gen && s.evictable(v) {
			s.recommend(e.id, true)
		}
	case evFalseAlarm:
		if v := s.vm(e.id); v != nil && v.hazardSeq == e.gen && s.evictable(v) {
			s.recommend(e.id, false)
			s.nextFalseAlarm(v)
		}
	case evRebalanceDelete:
		s.rebalanceDelete(e.id)
	}
}
