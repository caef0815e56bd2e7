package policy

import (
	"strings"
	"testing"

	"github.com/spotsim/spotsim/pricing"
)

// Hand-worked markets: 60 s ticks, spot 1 USD/h, regular 3 USD/h, so one
// tick costs 1/60 USD on spot and 3/60 on regular, and a 60 s restart
// overhead is one tick.

const (
	usdH = pricing.Price(pricing.NanosPerDollar)
	tick = 60
)

// market builds a market from "1" (spot available) and "0" per tick.
func market(avail string) Market {
	m := Market{Gap: tick, Regular: 3 * usdH}
	for _, c := range avail {
		m.Avail = append(m.Avail, c == '1')
		m.Spot = append(m.Spot, usdH)
	}
	return m
}

// ticksUSD is the cost of s spot ticks and r regular ticks.
func ticksUSD(s, r int64) pricing.Accrued {
	return pricing.Accrue(usdH, s*tick).Add(pricing.Accrue(3*usdH, r*tick))
}

// plan writes a plan as one letter per tick: - none, s spot, r regular.
func plan(p []Choice) string {
	var b strings.Builder
	for _, c := range p {
		b.WriteByte("-sr"[c])
	}
	return b.String()
}

type policyCase struct {
	name      string
	kind      Kind
	avail     string
	job       Job
	plan      string
	cost      pricing.Accrued
	completed int64
	met       bool
}

var policyCases = []policyCase{
	// Greedy, no spot at all. W = 180, D = 420, d = 60. The hard switch is
	// the first tick k with ⌈(W − done + d)/g⌉·g ≥ ⌊(D − 60k)/g⌋·g:
	// 240 ≥ 420 − 60k at k = 3. Tick 3 is overhead, ticks 4–6 work: done
	// at 420 s, exactly the deadline, 4 regular ticks.
	{"greedy waits then switches", Greedy, "0000000000", Job{180, 420, 60}, "---rrrr", ticksUSD(0, 4), 420, true},
	// Greedy: spot for ticks 0–1 (overhead, then 60 s of work), preempted
	// at 2. With 120 s left, 180 ≥ 420 − 60k first at k = 4: waits on
	// ticks 2–3, regular from 4 (overhead) and 5–6: done at 420 s.
	{"greedy preempted", Greedy, "1100000000", Job{180, 420, 60}, "ss--rrr", ticksUSD(2, 3), 420, true},
	// Greedy stays on regular once switched, even when spot comes back.
	{"greedy stays regular", Greedy, "1100011111", Job{180, 420, 60}, "ss--rrr", ticksUSD(2, 3), 420, true},
	// Uniform Progress, W = 180, D = 600, d = 60. k = 0: on the line, no
	// spot, wait. k = 1: done 0 < 60·180/600: behind, no spot → regular.
	// k = 2: spot is back, but on regular the hysteresis holds it while
	// (t + 2d)·W/D ≥ done: (120 + 120)·0.3 = 72 ≥ 0. k = 3: 90 ≥ 60, stay.
	// k = 4: 108 < 120 → switch back to spot (overhead on 4, work on 5):
	// done at 360 s.
	{"uniform progress switches back to spot", UniformProgress, "0011111111", Job{180, 600, 60}, "-rrrss", ticksUSD(2, 3), 360, true},
	// Uniform Progress hard switch: W = 240, D = 480, d = 60. Spot on ticks
	// 0–2 (overhead, 60, 60). k = 3: preempted; done 120 = 180·0.5, on the
	// line, not behind → wait. k = 4: 120 = 240·0.5, still not behind, but
	// ⌈(240 − 120 + 2·60)/60⌉·60 = 240 ≥ ⌊(480 − 240)/60⌋·60 = 240 → regular
	// (rule 4); overhead on 4, work on 5–6: done at 420 s.
	{"uniform progress hard switch", UniformProgress, "1110000000", Job{240, 480, 60}, "sss-rrr", ticksUSD(3, 3), 420, true},
	// Greedy on the same market waits one tick longer (it needs only one
	// overhead: 180 ≥ 480 − 60k at k = 5) and finishes on the deadline.
	{"greedy on the hard-switch market", Greedy, "1110000000", Job{240, 480, 60}, "sss--rrr", ticksUSD(3, 3), 480, true},
	// Revert to spot, W = 180, D = 600, d = 60: spot on 0 (overhead),
	// preempted at 1 → regular at once (overhead again); at 2 spot is back
	// and ⌈(180 + 120)/60⌉·60 = 300 < 480 → back to spot: overhead on 2,
	// work on 3–5, done at 360 s.
	{"revert to spot", RevertToSpot, "1011111111", Job{180, 600, 60}, "srssss", ticksUSD(5, 1), 360, true},
	// Revert to spot when the deadline does not allow the return: W = 180,
	// D = 360. k = 1: regular (overhead). k = 2: 300 ≥ ⌊(360 − 120)/60⌋·60
	// = 240 → stays on regular: work on 2–4, done at 300 s.
	{"revert to spot stays when late", RevertToSpot, "1011111111", Job{180, 360, 60}, "srrrr", ticksUSD(1, 4), 300, true},
	// Spot only never runs without spot and misses the deadline.
	{"spot only waits", SpotOnly, "0000011110", Job{180, 420, 60}, "-----ssss", ticksUSD(4, 0), 540, false},
	// Regular only: overhead, then the work.
	{"regular only", RegularOnly, "1111111111", Job{180, 420, 60}, "rrrr", ticksUSD(0, 4), 240, true},
}

func TestPolicies(t *testing.T) {
	for _, c := range policyCases {
		t.Run(c.name, func(t *testing.T) {
			r, err := Run(c.kind, market(c.avail), c.job, true)
			if err != nil {
				t.Fatal(err)
			}
			if got := plan(r.Plan); got != c.plan {
				t.Errorf("plan %s; want %s", got, c.plan)
			}
			if r.Cost != c.cost || r.CompletedAt != c.completed || r.DeadlineMet != c.met {
				t.Errorf("cost %d, completed %d s, met %v; want %d, %d s, %v", r.Cost, r.CompletedAt, r.DeadlineMet, c.cost, c.completed, c.met)
			}
			var s, g int64
			for _, p := range r.Plan {
				s += b2i(p == Spot)
				g += b2i(p == Regular)
			}
			if r.SpotTicks != s || r.RegTicks != g {
				t.Errorf("%d spot and %d regular ticks billed; the plan has %d and %d", r.SpotTicks, r.RegTicks, s, g)
			}
		})
	}
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// A restart's overhead is billed and makes no progress: with a 90 s
// overhead on 60 s ticks, the second tick gives 30 s of work.
func TestOverheadSpansTicks(t *testing.T) {
	r, err := Run(RegularOnly, market("0000000000"), Job{Work: 60, Overhead: 90}, true)
	if err != nil {
		t.Fatal(err)
	}
	if got := plan(r.Plan); got != "rrr" || r.CompletedAt != 150 || r.Restarts != 1 {
		t.Errorf("plan %s, completed %d, restarts %d; want rrr, 150, 1", got, r.CompletedAt, r.Restarts)
	}
}

func TestPolicyNeedsDeadline(t *testing.T) {
	for _, k := range []Kind{Greedy, UniformProgress, RevertToSpot} {
		if _, err := Run(k, market("1"), Job{Work: 60}, false); err == nil || !strings.Contains(err.Error(), "needs a deadline") {
			t.Errorf("%s without a deadline: %v", k, err)
		}
	}
	if _, err := Optimal(market("1"), Job{Work: 60}); err == nil {
		t.Error("optimal without a deadline: no error")
	}
}

func TestParseKind(t *testing.T) {
	for _, k := range Kinds {
		if got, err := ParseKind(k.String()); err != nil || got != k {
			t.Errorf("ParseKind(%q) = %v, %v", k, got, err)
		}
	}
	if _, err := ParseKind("uniform"); err == nil || !strings.Contains(err.Error(), "uniform_progress") {
		t.Errorf("ParseKind(uniform): %v", err)
	}
}

// The optimal baseline on the hand-worked markets (K = ⌈W/g⌉ ticks of work,
// H = 1 tick of overhead).
func TestOptimal(t *testing.T) {
	for _, c := range []struct {
		name  string
		avail string
		job   Job
		cost  pricing.Accrued
	}{
		// Wait for spot at tick 2: overhead on 2, work on 3–5.
		{"waits for spot", "0011111111", Job{180, 600, 60}, ticksUSD(4, 0)},
		// No spot: regular, overhead and 3 ticks.
		{"no spot", "0000000000", Job{180, 420, 60}, ticksUSD(0, 4)},
		// Spot on 0–1 (one tick of work) then regular (overhead and 2):
		// 2 + 3·3 = 11 sixtieths, less than regular only (12).
		{"spot then regular", "1100000000", Job{180, 420, 60}, ticksUSD(2, 3)},
		// Two spot stretches beat regular: 0–1 (work 1), 4–6 (overhead, 2).
		{"two stretches", "1100111000", Job{180, 420, 60}, ticksUSD(5, 0)},
	} {
		r, err := Optimal(market(c.avail), c.job)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Done || r.Cost != c.cost {
			t.Errorf("%s: cost %d done %v; want %d", c.name, r.Cost, r.Done, c.cost)
		}
	}
	// Never dearer than any policy that meets the deadline, on the
	// hand-worked cases whose work is whole ticks.
	for _, c := range policyCases {
		o, err := Optimal(market(c.avail), c.job)
		if err != nil {
			t.Fatal(err)
		}
		r, _ := Run(c.kind, market(c.avail), c.job, false)
		if r.DeadlineMet && o.Cost.Cmp(r.Cost) > 0 {
			t.Errorf("%s: optimal %d dearer than the policy's %d", c.name, o.Cost, r.Cost)
		}
	}
}

// The cache gives what Optimal gives, and tells markets apart.
func TestOptimalCached(t *testing.T) {
	for _, avail := range []string{"0011111111", "1100111000", "1100111000", "0000000000"} {
		j := Job{180, 420, 60}
		want, _ := Optimal(market(avail), j)
		got, err := OptimalCached(market(avail), j)
		if err != nil || got.Cost != want.Cost || got.Done != want.Done {
			t.Errorf("%s: cached %+v %v; want %+v", avail, got, err, want)
		}
	}
}
