package sim

import (
	"cmp"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"

	"spotsim/pricing"
)

// vm is one simulated VM's live state; its measures accumulate in res.
type vm struct {
	res       VMResult
	id        int32 // index in sim.vms and Result.VMs
	fleet     int32
	pool      int32
	state     State
	noticed   bool
	evicted   bool   // the current deallocating/deleting was an eviction
	gen       uint32 // bumped on every state entry: stale timers are skipped
	noticeSeq uint32 // matches a pending eviction to the notice that set it
	reason    EvictReason
	maxPrice  pricing.Price
	since     int64 // start of the interval not yet accrued
	activePos int32 // index in pool.active, or -1
	bucket    int32 // index into pool.buckets, or -1
	bucketPos int32
	holdsCap  bool
	holdsQuot bool
	live      bool  // counts towards the fleet's count: not deleting or deleted
	runStart  int64 // when it last entered running
	noticedAt int64
	regular   bool // its priority: a fleet's priority mix or fallback makes some regular
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
	priceIdx             int
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
}

type quota struct {
	spotLimit, regularLimit int64
	spotUsed, regularUsed   int64
}

type fleet struct {
	cfg     *Fleet
	target  int
	next    int // the next VM number
	live    int
	vms     []int32
	running int   // VMs in running
	since   int64 // the service measures are integrated up to here
	idx     int
	// batch
	done      bool
	batchGen  uint32
	workSaved int64
	// priority mix and fallback
	liveRegular int
	evictions   int
	fallback    bool
}

type sim struct {
	cfg         *Config
	now         int64
	q           queue
	pools       []pool
	quotas      []quota
	fleets      []fleet
	vms         blockList[vm]
	events      blockList[Event]
	notices     blockList[Notice]
	usage       blockList[Usage]
	workload    blockList[WorkloadPoint]
	res         *Result
	noticeCheck bool // a notice check is queued for now
	eventIDs    *rand.Rand
}

// stream is a named random stream of the run's seed: adding a pool or fleet
// does not shift the draws of another.
func stream(seed uint64, name string) *rand.Rand { return rand.New(source(seed, name)) }

// source is the named stream as a rand.Source, for gonum's distributions.
func source(seed uint64, name string) rand.Source {
	h := fnv.New64a()
	h.Write([]byte(name))
	return rand.NewPCG(seed, h.Sum64())
}

// Run simulates the scenario from time 0 to the horizon.
func Run(cfg *Config) (*Result, error) {
	if err := check(cfg); err != nil {
		return nil, err
	}
	s := &sim{cfg: cfg, res: &Result{Config: cfg, Fleets: make([]FleetResult, len(cfg.Fleets))}}
	s.eventIDs = stream(cfg.Seed, "event-ids")
	s.setup()
	for s.q.len() > 0 {
		e := s.q.pop()
		if e.t >= cfg.Horizon {
			break
		}
		s.now = e.t
		s.res.Processed++
		s.dispatch(e)
	}
	s.now = cfg.Horizon
	s.res.VMs = make([]VMResult, s.vms.len())
	for i := range s.res.VMs {
		v := s.vms.at(int32(i))
		s.accrue(v)
		v.res.FinalState = v.state
		v.res.MaxPrice = v.maxPrice
		p := s.cfg.Pools[v.pool].PAYG
		v.res.PAYGCompute = pricing.Accrue(p, v.res.BilledSeconds)
		s.res.VMs[i] = v.res
		s.vms.release(int32(i))
	}
	for i := range s.fleets {
		f := &s.fleets[i]
		s.measure(f)
		if f.cfg.Workload.Kind == Batch {
			r := &s.res.Fleets[i]
			if !f.done {
				// Work in progress at the horizon is neither saved nor lost:
				// counted as done, as a checkpoint at the end would save it.
				for _, id := range f.vms {
					if v := s.vms.at(id); v.state == Running {
						r.WorkDone += s.progress(v)
					}
				}
				r.CompletedAt = -1
			}
		}
	}
	s.res.Events = s.events.drain()
	s.res.Notices = s.notices.drain()
	s.res.Usage = s.usage.drain()
	s.res.Workload = s.workload.drain()
	return s.res, nil
}

// check rejects a Config that the scenario layer should never produce.
func check(cfg *Config) error {
	var errs []error
	if cfg.Horizon <= 0 {
		errs = append(errs, fmt.Errorf("horizon %d s; want > 0", cfg.Horizon))
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
		if f.Pool < 0 || f.Pool >= len(cfg.Pools) {
			errs = append(errs, fmt.Errorf("fleet %d: pool %d out of range", i, f.Pool))
		} else if f.Priority == Spot && cfg.Pools[f.Pool].Spot == nil {
			errs = append(errs, fmt.Errorf("fleet %d: spot fleet on a pool with no spot price", i))
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
	return errors.Join(errs...)
}

func (s *sim) setup() {
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
			prices[f.Pool] = append(prices[f.Pool], f.MaxPrice)
		}
	}
	for _, a := range cfg.Actions {
		if a.Op == OpSetMaxPrice && a.MaxPrice >= 0 {
			f := cfg.Fleets[a.Fleet]
			prices[f.Pool] = append(prices[f.Pool], a.MaxPrice)
		}
	}
	s.pools = make([]pool, len(cfg.Pools))
	for i := range cfg.Pools {
		pc := &cfg.Pools[i]
		p := &s.pools[i]
		p.cfg = pc
		key := pc.Region + "/" + pc.SKU
		p.victims = stream(cfg.Seed, "victims/"+key)
		p.leads = stream(cfg.Seed, "notice/"+key)
		if pc.Hazard > 0 {
			p.hazard = distuv.Exponential{Rate: pc.Hazard / 3600, Src: source(cfg.Seed, "hazard/"+key)}
		}
		p.quota = -1
		if qi, ok := quotaOf[pc.Region]; ok {
			p.quota = qi
		}
		if pc.Spot != nil {
			p.curve = pricing.NewCurve(*pc.Spot, pc.PAYG)
			p.price = pricing.Price(pc.Spot.Values[0])
			if len(pc.Spot.Times) > 1 {
				s.q.push(event{t: pc.Spot.Times[1], phase: phaseMarket, kind: evPrice, id: int32(i)})
			}
		}
		p.capacity = pc.Capacity.Values[0]
		if len(pc.Capacity.Times) > 1 {
			s.q.push(event{t: pc.Capacity.Times[1], phase: phaseMarket, kind: evCapacity, id: int32(i)})
		}
		ps := prices[i]
		slices.Sort(ps)
		for _, mp := range slices.Compact(ps) {
			p.buckets = append(p.buckets, bucket{price: mp})
		}
	}
	s.fleets = make([]fleet, len(cfg.Fleets))
	for i := range cfg.Fleets {
		s.fleets[i] = fleet{cfg: &cfg.Fleets[i], target: cfg.Fleets[i].Count, since: cfg.Fleets[i].CreateAt, idx: i}
		s.q.push(event{t: cfg.Fleets[i].CreateAt, phase: phaseFleetCreate, kind: evFleetCreate, id: int32(i)})
	}
	for i, a := range cfg.Actions {
		s.q.push(event{t: a.At, phase: phaseAction, kind: evAction, id: int32(i)})
	}
}

func (s *sim) dispatch(e event) {
	switch e.kind {
	case evPrice:
		p := &s.pools[e.id]
		p.priceIdx++
		p.price = pricing.Price(p.cfg.Spot.Values[p.priceIdx])
		if n := p.priceIdx + 1; n < len(p.cfg.Spot.Times) {
			s.q.push(event{t: p.cfg.Spot.Times[n], phase: phaseMarket, kind: evPrice, id: e.id})
		}
		p.dirtyPrice = true
		s.wantNoticeCheck()
	case evCapacity:
		p := &s.pools[e.id]
		p.capIdx++
		p.capacity = p.cfg.Capacity.Values[p.capIdx]
		if n := p.capIdx + 1; n < len(p.cfg.Capacity.Times) {
			s.q.push(event{t: p.cfg.Capacity.Times[n], phase: phaseMarket, kind: evCapacity, id: e.id})
		}
		p.dirtyCap = true
		s.wantNoticeCheck()
	case evNoticeCheck:
		s.noticeCheck = false
		s.checkNotices()
	case evEvictDue:
		v := s.vms.at(e.id)
		if v.noticed && v.noticeSeq == e.gen {
			s.evict(e.id)
		}
	case evTransitionDone:
		v := s.vms.at(e.id)
		if v.gen == e.gen && v.state.Transitional() {
			s.settle(e.id)
		}
	case evFleetCreate:
		f := &s.fleets[e.id]
		if !f.done {
			for range f.cfg.Count {
				s.create(int(e.id), WhyCreate)
			}
		}
	case evAction:
		s.act(&s.cfg.Actions[e.id])
	case evBatch:
		if f := &s.fleets[e.id]; f.batchGen == e.gen && !f.done {
			s.batchPlan(f)
		}
	case evRestart:
		v := s.vms.at(e.id)
		if v.gen == e.gen && v.state == Deallocated && !s.fleets[v.fleet].done {
			if !s.start(e.id, WhyRestart) {
				s.q.push(event{t: s.now + s.fleets[v.fleet].cfg.Interval, phase: phaseAutomation, kind: evRestart, id: e.id, gen: v.gen})
			}
		}
	case evHazard:
		if v := s.vms.at(e.id); v.gen == e.gen && v.state == Running && !v.noticed {
			s.notice(e.id, CapacityEviction)
		}
	case evReplace:
		f := &s.fleets[e.id]
		if f.live < f.target {
			s.create(int(e.id), WhyReplace)
		}
	}
}

func (s *sim) wantNoticeCheck() {
	if !s.noticeCheck {
		s.noticeCheck = true
		s.q.push(event{t: s.now, phase: phaseNotices, kind: evNoticeCheck})
	}
}

// checkNotices sends the notices that the market changes of this instant call
// for: price notices in every pool first, then capacity notices, so that a VM
// noticed for price is not counted again for capacity.
func (s *sim) checkNotices() {
	for i := range s.pools {
		p := &s.pools[i]
		if !p.dirtyPrice {
			continue
		}
		p.dirtyPrice = false
		for b := range p.buckets {
			bk := &p.buckets[b]
			if bk.price >= p.price {
				break
			}
			ids := slices.Clone(bk.vms)
			slices.Sort(ids) // creation order, so the log reads naturally
			for _, id := range ids {
				s.notice(id, PriceEviction)
			}
		}
	}
	for i := range s.pools {
		p := &s.pools[i]
		if !p.dirtyCap {
			continue
		}
		p.dirtyCap = false
		excess := int64(len(p.active)) - p.capacity
		if p.capacity == pricing.Unlimited || excess <= 0 {
			continue
		}
		for _, id := range s.victims(p, int(excess)) {
			s.notice(id, CapacityEviction)
		}
	}
}

// victims picks n of the pool's noticeable VMs by the scenario's policy (R6).
func (s *sim) victims(p *pool, n int) []int32 {
	if s.cfg.Victims == VictimsRandom {
		out := make([]int32, 0, n)
		picked := slices.Clone(p.active)
		for range n {
			j := p.victims.IntN(len(picked))
			out = append(out, picked[j])
			picked[j] = picked[len(picked)-1]
			picked = picked[:len(picked)-1]
		}
		return out
	}
	order := slices.Clone(p.active)
	slices.SortFunc(order, func(a, b int32) int {
		va, vb := &s.vms.at(a).res, &s.vms.at(b).res
		c := cmp.Compare(va.CreatedAt, vb.CreatedAt)
		if s.cfg.Victims == VictimsNewest {
			c = -c
		}
		if c != 0 {
			return c
		}
		if c := cmp.Compare(s.cfg.Fleets[va.Fleet].Name, s.cfg.Fleets[vb.Fleet].Name); c != 0 {
			return c
		}
		return cmp.Compare(va.Number, vb.Number)
	})
	return order[:n]
}

func (s *sim) notice(id int32, why EvictReason) {
	v := s.vms.at(id)
	s.accrue(v) // the notice period may be billed at the max price: split here
	v.noticed = true
	v.noticeSeq++
	v.noticedAt = s.now
	v.reason = why
	v.res.Notices++
	s.relink(id)
	lead := s.cfg.Notice.Min
	if s.cfg.Notice.Max > lead {
		lead += s.pools[v.pool].leads.Int64N(s.cfg.Notice.Max - lead + 1)
	}
	s.q.push(event{t: s.now + lead, phase: phaseEvict, kind: evEvictDue, id: id, gen: v.noticeSeq})
	s.log(id, EvNotice, v.state, v.state, whyOf(why))
	if s.cfg.Record.Notices {
		s.notices.add(Notice{
			VM: int(id), IssuedAt: s.now, NotBefore: s.now + lead, Reason: why,
			EventID: s.eventID(), Incarnation: 3*(v.res.Notices-1) + 1,
		})
	}
}

// eventID draws a version-4 UUID from the run's own stream.
func (s *sim) eventID() EventID {
	a, b := s.eventIDs.Uint64(), s.eventIDs.Uint64()
	a = a&^(0xf<<12) | 0x4<<12
	b = b&^(0x3<<62) | 0x2<<62
	return EventID{a, b}
}

// endNotice closes the notice period, billed at the capped rate, before the
// VM's notice flag goes.
func (s *sim) endNotice(v *vm) {
	s.accrue(v)
	v.noticed = false
}

func (s *sim) evict(id int32) {
	v := s.vms.at(id)
	s.endNotice(v)
	v.evicted = true
	v.res.Evictions[v.reason]++
	if f := &s.fleets[v.fleet]; !v.regular {
		f.evictions++
		if n := f.cfg.Fallback.AfterEvictions; n > 0 && f.evictions >= n {
			f.fallback = true
		}
	}
	to := Deallocating
	if s.fleets[v.fleet].cfg.Policy == Delete {
		to = Deleting
	}
	s.log(id, EvEvict, v.state, to, whyOf(v.reason))
	s.begin(id, to)
}

// begin enters a transitional state; a zero timing settles it at once.
func (s *sim) begin(id int32, st State) {
	s.enter(id, st)
	var d int64
	switch st {
	case Creating:
		d = s.cfg.Timings.Create
	case Starting:
		d = s.cfg.Timings.Start
	case Stopping:
		d = s.cfg.Timings.Stop
	case Deallocating:
		d = s.cfg.Timings.Deallocate
	case Deleting:
		d = s.cfg.Timings.Delete
	}
	if d == 0 {
		s.settle(id)
		return
	}
	s.q.push(event{t: s.now + d, phase: phaseTransition, kind: evTransitionDone, id: id, gen: s.vms.at(id).gen})
}

func (s *sim) settle(id int32) {
	v := s.vms.at(id)
	from := v.state
	to := settlesTo[from]
	s.log(id, EvState, from, to, NoReason)
	s.enter(id, to)
	if !v.evicted {
		return
	}
	if fl := &s.fleets[v.fleet]; fl.fallback && !fl.done && (to == Deallocated || to == Deleted) {
		// Fallback: the evicted spot capacity comes back as a regular VM,
		// at once; a deallocated spot VM is deleted first.
		v.evicted = false
		if to == Deallocated {
			s.log(id, EvDelete, Deallocated, Deleting, WhyFallback)
			s.begin(id, Deleting)
		}
		if fl.live < fl.target {
			s.createAs(int(v.fleet), WhyFallback, true)
		}
		return
	}
	f := s.fleets[v.fleet].cfg
	switch {
	case to == Deallocated && f.After == RestartAutomation:
		s.q.push(event{t: s.now + f.Interval, phase: phaseAutomation, kind: evRestart, id: id, gen: v.gen})
	case to == Deleted && f.After == ReplaceAutomation:
		s.q.push(event{t: s.now + f.Interval, phase: phaseAutomation, kind: evReplace, id: v.fleet})
	}
	if to == Deallocated || to == Deleted {
		v.evicted = false
	}
}

// enter closes the interval spent in the old state and keeps every index
// (capacity, quota, price buckets, fleet count) in step with the new one.
func (s *sim) enter(id int32, st State) {
	v := s.vms.at(id)
	s.accrue(v)
	leftRunning := v.state == Running && st != Running
	if (v.state == Running) != (st == Running) {
		f := &s.fleets[v.fleet]
		s.measure(f)
		if st == Running {
			f.running++
		} else {
			f.running--
		}
		if leftRunning {
			s.batchLeave(v)
		}
		s.recordWorkload(f)
	}
	v.state = st
	v.gen++
	s.relink(id)
	if st == Running {
		v.runStart = s.now
	}
	if f := &s.fleets[v.fleet]; f.cfg.Workload.Kind == Batch && (leftRunning || st == Running) {
		s.batchPlan(f)
	}
	if st == Running {
		if p := &s.pools[v.pool]; p.cfg.Hazard > 0 && !v.regular {
			// Memoryless: a new draw each time the VM starts running; the
			// generation counter drops the draw if it leaves running first.
			wait := max(1, int64(math.Ceil(p.hazard.Rand())))
			s.q.push(event{t: s.now + wait, phase: phaseNotices, kind: evHazard, id: id, gen: v.gen})
		}
	}
}

func (s *sim) relink(id int32) {
	v := s.vms.at(id)
	p := &s.pools[v.pool]
	f := &s.fleets[v.fleet]
	spot := !v.regular
	if hold := spot && v.state.Allocated(); hold != v.holdsCap {
		v.holdsCap = hold
		if hold {
			p.allocated++
		} else {
			p.allocated--
		}
	}
	if live := v.state < Deleting; live != v.live {
		v.live = live
		d := 1
		if !live {
			d = -1
		}
		f.live += d
		if v.regular {
			f.liveRegular += d
		}
	}
	if hold := v.state != Deleted; hold != v.holdsQuot {
		v.holdsQuot = hold
		if p.quota >= 0 {
			q := &s.quotas[p.quota]
			n := p.cfg.VCPUs
			if !hold {
				n = -n
			}
			if spot {
				q.spotUsed += n
			} else {
				q.regularUsed += n
			}
		}
	}
	noticeable := spot && v.state.Allocated() && !v.noticed
	if noticeable == (v.activePos >= 0) {
		return
	}
	if noticeable {
		v.activePos = int32(len(p.active))
		p.active = append(p.active, id)
		if v.maxPrice >= 0 {
			b := sort.Search(len(p.buckets), func(i int) bool { return p.buckets[i].price >= v.maxPrice })
			v.bucket = int32(b)
			v.bucketPos = int32(len(p.buckets[b].vms))
			p.buckets[b].vms = append(p.buckets[b].vms, id)
		}
		return
	}
	last := p.active[len(p.active)-1]
	p.active[v.activePos] = last
	s.vms.at(last).activePos = v.activePos
	p.active = p.active[:len(p.active)-1]
	v.activePos = -1
	if v.bucket >= 0 {
		bk := &p.buckets[v.bucket]
		last := bk.vms[len(bk.vms)-1]
		bk.vms[v.bucketPos] = last
		s.vms.at(last).bucketPos = v.bucketPos
		bk.vms = bk.vms[:len(bk.vms)-1]
		v.bucket = -1
	}
}

// accrue bills the interval since the VM's last accrual in its current state.
func (s *sim) accrue(v *vm) {
	dt := s.now - v.since
	if dt <= 0 {
		return
	}
	v.res.StateSeconds[v.state] += dt
	bill := s.cfg.Billing[v.state]
	rate := PAYGRate
	if bill.Compute {
		v.res.BilledSeconds += dt
		p := &s.pools[v.pool]
		switch {
		case v.regular:
			v.res.Compute += pricing.Accrue(p.cfg.PAYG, dt)
		case v.maxPrice >= 0 && (v.noticed || !v.state.Allocated()):
			// Under notice (or billed while not allocated, by an overridden
			// table) the spot price may be above the max: cap it (R5).
			rate = CappedSpotRate
			v.res.Compute += p.curve.IntegrateCapped(v.since, s.now, v.maxPrice)
		default:
			// A noticeable VM is evicted the instant the price passes its
			// max, so min(spot, payg) is already <= its max here.
			rate = SpotRate
			v.res.Compute += p.curve.Integrate(v.since, s.now)
		}
	}
	if s.cfg.Record.Usage && (bill.Compute || bill.Disk) {
		s.usage.add(Usage{From: v.since, To: s.now, VM: v.id, Compute: bill.Compute, Disk: bill.Disk, Rate: rate, Cap: v.maxPrice})
	}
	if bill.Disk {
		v.res.Disk += pricing.Accrue(s.fleets[v.fleet].cfg.DiskPrice, dt)
	}
	v.since = s.now
}

// admit applies R3 and R7 to a create (needQuota) or a start from
// deallocated: quota first, as Azure validates it before allocating, then
// the max price, then capacity. It returns "" or Azure's error code.
func (s *sim) admit(fi int, regular bool, maxPrice pricing.Price, needQuota bool) Why {
	f := s.fleets[fi].cfg
	p := &s.pools[f.Pool]
	if needQuota && p.quota >= 0 {
		q := &s.quotas[p.quota]
		if !regular && q.spotLimit >= 0 && q.spotUsed+p.cfg.VCPUs > q.spotLimit ||
			regular && q.regularLimit >= 0 && q.regularUsed+p.cfg.VCPUs > q.regularLimit {
			return WhyNotAllowed
		}
	}
	if regular {
		return NoReason
	}
	if maxPrice >= 0 && p.price > maxPrice {
		return WhyPriceAboveMax
	}
	if p.capacity != pricing.Unlimited && p.allocated >= p.capacity {
		return WhyNoCapacity
	}
	return NoReason
}

func (s *sim) create(fi int, why Why) bool {
	f := &s.fleets[fi]
	// Regular when the fleet is, when its priority mix wants more regular
	// VMs (they come first, as a scale set makes them), or in fallback.
	regular := f.cfg.Priority == Regular || f.fallback || f.liveRegular < f.cfg.RegularWanted(f.target)
	return s.createAs(fi, why, regular)
}

func (s *sim) createAs(fi int, why Why, regular bool) bool {
	f := &s.fleets[fi]
	maxPrice := f.cfg.MaxPrice
	if regular {
		maxPrice = pricing.Uncapped
	}
	if code := s.admit(fi, regular, maxPrice, true); code != NoReason {
		s.res.Fleets[fi].FailedCreates++
		s.logFailed(fi, code, regular)
		if f.cfg.After == ReplaceAutomation {
			s.q.push(event{t: s.now + f.cfg.Interval, phase: phaseAutomation, kind: evReplace, id: int32(fi)})
		}
		return false
	}
	id := s.vms.add(vm{
		id:        int32(s.vms.len()),
		res:       VMResult{Fleet: fi, Number: f.next, CreatedAt: s.now, Priority: priorityOf(regular)},
		regular:   regular,
		fleet:     int32(fi),
		pool:      int32(f.cfg.Pool),
		state:     Creating,
		maxPrice:  maxPrice,
		since:     s.now,
		activePos: -1,
		bucket:    -1,
	})
	f.next++
	f.vms = append(f.vms, id)
	s.log(id, EvCreate, NoState, Creating, why)
	s.relink(id)
	s.begin(id, Creating)
	return true
}

// start tries to start a deallocated VM (R3: no new quota needed).
func (s *sim) start(id int32, why Why) bool {
	v := s.vms.at(id)
	if code := s.admit(int(v.fleet), v.regular, v.maxPrice, false); code != NoReason {
		s.res.Fleets[v.fleet].FailedStarts++
		s.log(id, EvStartFailed, v.state, v.state, code)
		return false
	}
	s.log(id, EvStart, v.state, Starting, why)
	s.begin(id, Starting)
	return true
}

// act carries out one scripted action on its fleet's VMs in number order.
func (s *sim) act(a *Action) {
	f := &s.fleets[a.Fleet]
	if a.Op == OpScale {
		s.scale(a.Fleet, a.Count)
		return
	}
	for _, id := range slices.Clone(f.vms) {
		v := s.vms.at(id)
		if a.VM >= 0 && v.res.Number != a.VM || v.state == Deleted {
			continue
		}
		s.apply(id, a)
	}
}

func (s *sim) apply(id int32, a *Action) {
	v := s.vms.at(id)
	why := opWhy[a.Op]
	switch opRules[a.Op][v.state] {
	case ignore:
	case refuse:
		switch a.Op {
		case OpStart:
			s.res.Fleets[v.fleet].FailedStarts++
			s.log(id, EvStartFailed, v.state, v.state, WhyNotAllowed)
		case OpSetMaxPrice:
			s.log(id, EvSetMaxPriceFailed, v.state, v.state, WhyMaxPriceNeedsDealloc)
		}
	case checked:
		s.start(id, why)
	case proceed:
		switch a.Op {
		case OpSetMaxPrice:
			v.maxPrice = a.MaxPrice
			s.log(id, EvSetMaxPrice, v.state, v.state, why)
		default:
			if a.Op == OpDeallocate || a.Op == OpDelete {
				// The user got there first: the pending eviction is moot
				// and not counted, and automation does not react to it.
				s.endNotice(v)
				v.evicted = false
			}
			kind := [...]EventKind{OpStart: EvStart, OpStop: EvStop, OpDeallocate: EvDeallocate, OpDelete: EvDelete}[a.Op]
			s.log(id, kind, v.state, opTarget[a.Op], why)
			s.begin(id, opTarget[a.Op])
		}
	}
}

// measure integrates a fleet's service measures up to now: call it before
// its running count or its target changes.
func (s *sim) measure(f *fleet) {
	if dt := s.now - f.since; dt > 0 {
		r := &s.res.Fleets[f.idx]
		r.ServedVMSeconds += int64(min(f.running, f.target)) * dt
		r.WantedVMSeconds += int64(f.target) * dt
		if f.running < f.target {
			r.BelowSeconds += dt
		}
		f.since = s.now
	}
}

// recordWorkload keeps a workload fleet's measures after a change; a
// second change at the same instant replaces the first.
func (s *sim) recordWorkload(f *fleet) {
	if !s.cfg.Record.Workload || f.cfg.Workload.Kind == NoWorkload {
		return
	}
	r := &s.res.Fleets[f.idx]
	pt := WorkloadPoint{Time: s.now, Fleet: f.idx, Running: f.running, Wanted: f.target, WorkDone: r.WorkDone, WorkLost: r.WorkLost}
	if n := s.workload.len(); n > 0 {
		if last := s.workload.at(int32(n - 1)); last.Time == pt.Time && last.Fleet == pt.Fleet {
			*last = pt
			return
		}
	}
	s.workload.add(pt)
}

// scale sets a fleet's count: new VMs are created at once; a smaller count
// deletes the newest live VMs first, as a scale set's default scale-in does.
func (s *sim) scale(fi int, count int) {
	f := &s.fleets[fi]
	s.measure(f)
	f.target = count
	s.recordWorkload(f)
	for range f.target - f.live {
		s.create(fi, WhyScale)
	}
	for i := len(f.vms) - 1; i >= 0 && f.live > f.target; i-- {
		id := f.vms[i]
		v := s.vms.at(id)
		if !v.live {
			continue
		}
		s.deleteByUser(id, WhyScale)
	}
}

// deleteByUser deletes a VM on the user's (or automation's) behalf: a
// pending eviction is moot and not counted, and automation does not react.
func (s *sim) deleteByUser(id int32, why Why) {
	v := s.vms.at(id)
	s.endNotice(v)
	v.evicted = false
	s.log(id, EvDelete, v.state, Deleting, why)
	s.begin(id, Deleting)
}

func priorityOf(regular bool) Priority {
	if regular {
		return Regular
	}
	return Spot
}

func (s *sim) spotPrice(v *vm) pricing.Price {
	if v.regular {
		return -1
	}
	return s.pools[v.pool].price
}

func (s *sim) log(id int32, kind EventKind, from, to State, reason Why) {
	if !s.cfg.Record.Events {
		return
	}
	v := s.vms.at(id)
	s.events.add(Event{
		Time: s.now, VM: int(id), Fleet: int(v.fleet), Number: int32(v.res.Number), Kind: kind,
		From: from, To: to, SpotPrice: s.spotPrice(v), Reason: reason,
	})
}

// logFailed logs a create that made no VM, under the name it would have had.
func (s *sim) logFailed(fi int, code Why, regular bool) {
	if !s.cfg.Record.Events {
		return
	}
	f := s.fleets[fi].cfg
	price := pricing.Price(-1)
	if !regular {
		price = s.pools[f.Pool].price
	}
	s.events.add(Event{
		Time: s.now, VM: -1, Fleet: fi, Number: int32(s.fleets[fi].next), Kind: EvCreateFailed,
		From: NoState, To: NoState, SpotPrice: price, Reason: code,
	})
}
