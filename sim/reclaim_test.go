package sim

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/spotsim/spotsim/pricing"
)

// bandHazard is the rate whose chance of an eviction within an hour is p:
// 1 − e^(−h) = p.
func bandHazard(p float64) float64 { return -math.Log1p(-p) }

func reclaimConfig(vms int, model ReclaimModel, horizon int64, after Automation, seed uint64) *Config {
	cfg := hazardConfig(vms, bandHazard(0.075), horizon, after, seed)
	cfg.Notice = NoticeLead{0, 0}
	cfg.Fleets[0].Interval = 300
	cfg.Pools[0].Reclaim = Reclaim{Model: model, Share: Dist{Kind: Uniform, Min: 0.2, Max: 0.6}, Recovery: FixedDist(1800)}
	return cfg
}

// evictionRate is evictions per running VM-hour.
func evictionRate(res *Result) float64 {
	var n, running int64
	for _, v := range res.VMs.All() {
		n += int64(v.Evictions[CapacityEviction])
		running += v.StateSeconds[Running]
	}
	return float64(n) / (float64(running) / 3600)
}

// Both models give each VM the band's marginal chance of eviction: over 40
// seeds of 20 VMs for 7 days (restarted every 5 minutes), the mean of the
// per-seed rates of evictions per running VM-hour is within 4 standard
// errors (their spread over the seeds, which counts the clustering) of
// h = −ln(1 − 0.075), the 5-10 band's midpoint as a rate.
func TestReclaimMarginalRate(t *testing.T) {
	h := bandHazard(0.075)
	for _, model := range []ReclaimModel{Independent, Correlated} {
		var rates []float64
		for seed := range uint64(40) {
			res, err := Run(reclaimConfig(20, model, 7*86400, RestartAutomation, seed+1))
			if err != nil {
				t.Fatal(err)
			}
			rates = append(rates, evictionRate(res))
		}
		mean, se := meanSE(rates)
		if math.Abs(mean-h) > 4*se {
			t.Errorf("%s: %.4f evictions per running VM-hour (± %.4f); want the band's %.4f", model, mean, se, h)
		}
	}
}

func meanSE(xs []float64) (mean, se float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(xs)-1) / float64(len(xs)))
}

// closeShare is the share of evictions with another eviction in the same
// pool within 3 minutes (Spot-and-Scoot's measure).
func closeShare(res *Result) (float64, int) {
	var times []int64
	for _, e := range res.Events {
		if e.Kind == EvEvict {
			times = append(times, e.Time)
		}
	}
	close := 0
	for i, t := range times {
		if i > 0 && t-times[i-1] <= 180 || i+1 < len(times) && times[i+1]-t <= 180 {
			close++
		}
	}
	return float64(close) / float64(len(times)), len(times)
}

// Correlated reclaims land together; independent ones do not. 20 VMs at
// h ≈ 0.078/h: an independent eviction has another within ±3 min with
// chance about 1 − e^(−19·0.078·0.1) ≈ 14%; a correlated one shares its event
// with 20·0.4 − 1 = 7 others on average.
func TestReclaimClustering(t *testing.T) {
	for _, c := range []struct {
		model    ReclaimModel
		min, max float64
	}{{Independent, 0, 0.3}, {Correlated, 0.8, 1}} {
		res, err := Run(reclaimConfig(20, c.model, 30*86400, RestartAutomation, 3))
		if err != nil {
			t.Fatal(err)
		}
		share, n := closeShare(res)
		if share < c.min || share > c.max || n < 100 {
			t.Errorf("%s: %.2f of %d evictions within 3 min of another; want %.1f to %.1f", c.model, share, n, c.min, c.max)
		}
	}
}

// A reclaim holds the pool's capacity down for its recovery time: with a
// share of 1 and a fixed recovery of 1 h, every restart in the hour after a
// reclaim fails with SkuNotAvailable, and the first one after it succeeds.
func TestReclaimRecovery(t *testing.T) {
	cfg := reclaimConfig(5, Correlated, 30*86400, RestartAutomation, 5)
	cfg.Pools[0].Reclaim.Share = FixedDist(1)
	cfg.Pools[0].Reclaim.Recovery = FixedDist(3600)
	cfg.Fleets[0].Interval = 60
	res, err := Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	reclaims, lastEvict := 0, int64(-1)
	for _, e := range res.Events {
		switch e.Kind {
		case EvEvict:
			if e.Time != lastEvict {
				reclaims++
			}
			lastEvict = e.Time
		case EvStartFailed:
			if e.Reason != WhyNoCapacity || e.Time-lastEvict >= 3600 {
				t.Fatalf("start failed at %d (%s), %d s after the reclaim", e.Time, e.Reason, e.Time-lastEvict)
			}
		case EvStart:
			if d := e.Time - lastEvict; d < 3600 || d >= 3600+60 {
				t.Fatalf("started %d s after the reclaim; want the first attempt after 3600 s", d)
			}
		}
	}
	if reclaims < 10 || res.Reclaims != reclaims {
		t.Fatalf("%d reclaims (%d counted); want >= 10 in 30 days", reclaims, res.Reclaims)
	}
}

// Same seed, same run; a different seed, a different run.
func TestReclaimDeterministic(t *testing.T) {
	run := func(seed uint64) *Result {
		cfg := reclaimConfig(20, Correlated, 7*86400, RestartAutomation, seed)
		cfg.Pools[0].Rebalance = Rebalance{Recall: 0.5, Lead: Dist{Kind: Uniform, Min: 60, Max: 3600}, FalseShare: 0.5}
		res, err := Run(cfg)
		if err != nil {
			t.Fatal(err)
		}
		res.Config = nil
		return res
	}
	if a, b := run(1), run(1); !reflect.DeepEqual(a, b) {
		t.Fatal("two runs of one seed differ")
	}
	if a, b := run(1), run(2); reflect.DeepEqual(a.Events, b.Events) {
		t.Fatal("two seeds give the same events")
	}
}

// Rebalance recommendations precede the set share of stochastic evictions
// and the set share of them is false: 100 VMs for 60 days at h ≈ 0.078/h,
// restarted every 5 minutes, give about 10,000 evictions. Recall 0.6 and
// false share 0.4 are measured within 0.05: correlated evictions come in
// about 280 bursts, so their counts vary more than a binomial's. A
// recommendation counts as followed by an eviction when the VM's notice
// comes within the lead (10 min) after it; a real one's Lead is exactly the
// time to that notice.
func TestRebalanceRecallAndFalseAlarms(t *testing.T) {
	const recall, falseShare, lead = 0.6, 0.4, 600
	for _, model := range []ReclaimModel{Independent, Correlated} {
		cfg := reclaimConfig(100, model, 60*86400, RestartAutomation, 11)
		cfg.Pools[0].Rebalance = Rebalance{Recall: recall, Lead: FixedDist(lead), FalseShare: falseShare}
		res, err := Run(cfg)
		if err != nil {
			t.Fatal(err)
		}
		var recs []Event
		notices := map[int][]int64{}
		for _, e := range res.Events {
			switch e.Kind {
			case EvRebalance:
				recs = append(recs, e)
			case EvNotice:
				notices[e.VM] = append(notices[e.VM], e.Time)
			}
		}
		// next is the VM's first notice at or after t, or -1.
		next := func(vm int, t int64) int64 {
			ns := notices[vm]
			i, _ := slices.BinarySearch(ns, t)
			if i == len(ns) {
				return -1
			}
			return ns[i]
		}
		warned, nNotices, falses := map[[2]int64]bool{}, 0, 0
		for _, r := range recs {
			at := next(r.VM, r.Time)
			if at < 0 || at-r.Time > lead {
				falses++
				// A real one whose notice falls past the horizon looks
				// false to a user too.
				if r.Lead >= 0 && r.Time+r.Lead < cfg.Horizon {
					t.Fatalf("%s: a real recommendation (lead %d) with no notice after it", model, r.Lead)
				}
				continue
			}
			warned[[2]int64{int64(r.VM), at}] = true
			if r.Lead >= 0 && r.Time+r.Lead != at {
				t.Fatalf("%s: recommendation at %d says the notice is %d s away; it came at %d", model, r.Time, r.Lead, at)
			}
		}
		for _, ns := range notices {
			nNotices += len(ns)
		}
		gotRecall := float64(len(warned)) / float64(nNotices)
		gotFalse := float64(falses) / float64(len(recs))
		if math.Abs(gotRecall-recall) > 0.05 || math.Abs(gotFalse-falseShare) > 0.05 || nNotices < 5000 {
			t.Errorf("%s: %d notices, %.3f warned; %d recommendations, %.3f false; want %.2f and %.2f",
				model, nNotices, gotRecall, len(recs), gotFalse, recall, falseShare)
		}
		t.Logf("%s: %d notices, %.3f warned; %d recommendations, %.3f false", model, nNotices, gotRecall, len(recs), gotFalse)
	}
}

// An empirical notice lead gives each lead its weight, and the workload
// rule sees the lead the VM got (batch_test covers the rule itself).
func TestNoticeLeadEmpirical(t *testing.T) {
	cfg := hazardConfig(2000, 0.2, 86400, NoAutomation, 13)
	cfg.NoticeLeads = &Dist{Kind: Empirical, Values: []float64{5, 30}, Weights: []float64{3, 1}}
	res, err := Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	count := map[int64]int{}
	for _, e := range res.Events {
		if e.Kind == EvNotice {
			count[e.Lead]++
		}
	}
	n := count[5] + count[30]
	if len(count) != 2 || n < 1000 {
		t.Fatalf("leads %v", count)
	}
	if sd := math.Sqrt(float64(n) * 0.75 * 0.25); math.Abs(float64(count[5])-0.75*float64(n)) > 4*sd {
		t.Fatalf("%d of %d leads of 5 s; want 3/4", count[5], n)
	}
}

// The tail measures on a hand-made eviction log.
func TestTailTracker(t *testing.T) {
	var tail Tail
	var k tailTracker
	for _, at := range []int64{0, 100, 299, 300, 1000, 1300, 1601} {
		k.add(&tail, at)
	}
	// {0,100,299} within 300 s; 300 drops 0 → {100,299,300}: 3. Episodes:
	// 0..300 one, 1000 and 1300 (300 apart: same), 1601 (301 after) new.
	if tail.MaxEvictions5m != 3 || tail.Episodes != 3 {
		t.Fatalf("%+v; want max 3 in 5 min, 3 episodes", tail)
	}
}

var _ = pricing.Unlimited

// The batch rule "the checkpoint fits in the notice" uses the lead each VM
// got: with leads of 5 s or 60 s (even odds), a checkpoint every hour of
// progress and a 30 s checkpoint time, an eviction after a 60 s notice saves
// the VM's progress and one after 5 s loses what it did since its last
// hourly checkpoint. The fleet's work lost is the sum over the short-notice
// evictions only.
func TestNoticeLeadCheckpointRule(t *testing.T) {
	cfg := hazardConfig(4, 1, 2*86400, RestartAutomation, 17)
	cfg.Fleets[0].Interval = 60
	// A day of work for 4 VMs, done within the 2 days (work left at the
	// horizon is #12's to settle).
	cfg.Fleets[0].Workload = Workload{Kind: Batch, Work: 4 * 86400, CheckpointEvery: 3600, CheckpointTime: 30}
	cfg.NoticeLeads = &Dist{Kind: Empirical, Values: []float64{5, 60}, Weights: []float64{1, 1}}
	res, err := Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	runStart, lead := map[int]int64{}, map[int]int64{}
	var want int64
	short, long := 0, 0
	for _, e := range res.Events {
		switch {
		case e.Kind == EvState && e.To == Running:
			runStart[e.VM] = e.Time
		case e.Kind == EvNotice:
			lead[e.VM] = e.Lead
		case e.Kind == EvEvict && lead[e.VM] < 30:
			short++
			want += (e.Time - runStart[e.VM]) % 3600
		case e.Kind == EvEvict:
			long++
		}
	}
	if got := res.Fleets[0].WorkLost; got != want || short < 10 || long < 10 || res.Fleets[0].CompletedAt < 0 {
		t.Fatalf("work lost %d s; want %d over %d short-notice evictions (%d long)", got, want, short, long)
	}
}

// Two pools that share hardware: pool 1's rate is twice pool 0's. Each
// keeps its own marginal rate (same test as TestReclaimMarginalRate, per
// pool), and every reclaim of pool 0 comes with one of pool 1 when pool 1
// has VMs to take (it joins every event of the group's rate, its own).
func TestReclaimGroup(t *testing.T) {
	h := []float64{bandHazard(0.05), bandHazard(0.05) * 2}
	rates := [2][]float64{}
	var alone [2]int
	for seed := range uint64(30) {
		cfg := reclaimConfig(20, Correlated, 7*86400, RestartAutomation, seed+1)
		p1 := cfg.Pools[0]
		p1.SKU = "s2"
		cfg.Pools = append(cfg.Pools, p1)
		for i := range cfg.Pools {
			cfg.Pools[i].Hazard = h[i]
			cfg.Pools[i].Reclaim.Group = "rack"
		}
		f1 := cfg.Fleets[0]
		f1.Name, f1.Pool = "g", 1
		cfg.Fleets = append(cfg.Fleets, f1)
		res, err := Run(cfg)
		if err != nil {
			t.Fatal(err)
		}
		var n, running [2]float64
		for _, v := range res.VMs.All() {
			n[v.Fleet] += float64(v.Evictions[CapacityEviction])
			running[v.Fleet] += float64(v.StateSeconds[Running]) / 3600
		}
		for i := range 2 {
			rates[i] = append(rates[i], n[i]/running[i])
		}
		at := map[int64][2]bool{}
		for _, e := range res.Events {
			if e.Kind == EvNotice {
				x := at[e.Time]
				x[e.Fleet] = true
				at[e.Time] = x
			}
		}
		for _, x := range at {
			if x[0] {
				alone[0]++
				if x[1] {
					alone[1]++
				}
			}
		}
	}
	// alone[1] of alone[0] pool-0 reclaims had pool 1 reclaimed at the same
	// instant; the others found pool 1 empty or drew no victim there.
	if share := float64(alone[1]) / float64(alone[0]); share < 0.9 {
		t.Errorf("%.2f of pool 0's reclaims came with pool 1's; want >= 0.9", share)
	}
	for i := range 2 {
		mean, se := meanSE(rates[i])
		if math.Abs(mean-h[i]) > 4*se {
			t.Errorf("pool %d: %.4f evictions per running VM-hour (± %.4f); want %.4f", i, mean, se, h[i])
		}
	}
}

// The tracker's window against a plain count over the log, for logs with
// long bursts (where it compacts) and gaps (where it empties).
func TestTailTrackerMatchesCount(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		var times []int64
		now := int64(0)
		for range rng.IntN(2000) {
			if rng.IntN(50) == 0 {
				now += rng.Int64N(2000)
			} else {
				now += rng.Int64N(3)
			}
			times = append(times, now)
		}
		var tail Tail
		var k tailTracker
		want := 0
		for i, at := range times {
			k.add(&tail, at)
			n := 0
			for _, b := range times[:i+1] {
				if at-b < BurstWindow {
					n++
				}
			}
			want = max(want, n)
		}
		if tail.MaxEvictions5m != want {
			t.Fatalf("max %d in 5 min; want %d", tail.MaxEvictions5m, want)
		}
	}
}

// Rebalance recommendations do not change who is evicted: with the default
// leads (17 min to 8 h 42 min, so the first events' choices reach back
// before the run's start), a VM of a fleet created at the start still has
// the band's chance of a notice within its first hour. 200 pools of 20 VMs,
// each its own event process, 20+ band (p = 0.25), share 0.25-0.75: the
// mean over pools of the share noticed within the hour is within 4
// standard errors (over pools, which counts the clustering) of p.
func TestReclaimRebalanceFirstHour(t *testing.T) {
	const pools, vms, p = 200, 20, 0.25
	cfg := hazardConfig(vms, bandHazard(p), 3600, NoAutomation, 5)
	base, fleet := cfg.Pools[0], cfg.Fleets[0]
	cfg.Pools, cfg.Fleets = nil, nil
	for i := range pools {
		pc := base
		pc.SKU = "s" + strconv.Itoa(i)
		pc.Reclaim = Reclaim{Model: Correlated, Share: Dist{Kind: Uniform, Min: 0.25, Max: 0.75}, Recovery: FixedDist(7200)}
		pc.Rebalance = Rebalance{Recall: 0.5, Lead: Dist{Kind: Uniform, Min: 17 * 60, Max: 8*3600 + 42*60}, FalseShare: 0.7}
		cfg.Pools = append(cfg.Pools, pc)
		f := fleet
		f.Name, f.Pool = "f"+strconv.Itoa(i), i
		cfg.Fleets = append(cfg.Fleets, f)
	}
	res, err := Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	noticed := make([]float64, pools)
	for _, e := range res.Events {
		if e.Kind == EvNotice && e.Time < 3600 {
			noticed[res.VMs.At(e.VM).Fleet]++
		}
	}
	for i := range noticed {
		noticed[i] /= vms
	}
	mean, se := meanSE(noticed)
	if math.Abs(mean-p) > 4*se {
		t.Errorf("%.4f of the VMs noticed within their first hour (se %.4f); want %.2f", mean, se, p)
	}
	t.Logf("%.4f noticed within the first hour, se %.4f", mean, se)
}
