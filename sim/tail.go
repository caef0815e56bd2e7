package sim

// Tail measures: what an average hides. Per fleet and for the run, the most
// evictions within any 5-minute window, the number of reclaim episodes
// (evictions closer than EpisodeGap to the previous one belong to its
// episode), and (fleets) the longest stretch with fewer VMs running than
// wanted.

// BurstWindow is the window of Tail.MaxEvictions5m, and EpisodeGap the
// quiet time that separates two reclaim episodes, in seconds. Five minutes
// covers the three minutes within which most co-interruptions of one type
// and zone land (Spot-and-Scoot, arXiv 2604.16457) with room for notice
// leads drawn per VM.
const (
	BurstWindow = 300
	EpisodeGap  = 300
)

// Tail is the tail measures of a fleet or of the run.
type Tail struct {
	MaxEvictions5m int
	Episodes       int
	// LongestBelow is the longest stretch, in seconds, with fewer VMs
	// running than wanted (fleets; the run's is the longest of its fleets').
	LongestBelow int64
}

// tailTracker keeps the recent evictions of a fleet or of the run.
type tailTracker struct {
	// recent[head:] are the eviction times within the last BurstWindow,
	// oldest first. Times leave by moving head, and the slice is compacted
	// only once half of it has left: shifting it on every eviction made a
	// reclaim of a whole 25,000-VM fleet quadratic (a third of B2's time).
	recent []int64
	head   int
	last   int64
	seen   bool
}

func (k *tailTracker) add(t *Tail, now int64) {
	for k.head < len(k.recent) && now-k.recent[k.head] >= BurstWindow {
		k.head++
	}
	if k.head > 0 && k.head >= len(k.recent)/2 {
		k.recent = k.recent[:copy(k.recent, k.recent[k.head:])]
		k.head = 0
	}
	k.recent = append(k.recent, now)
	t.MaxEvictions5m = max(t.MaxEvictions5m, len(k.recent)-k.head)
	if !k.seen || now-k.last > EpisodeGap {
		t.Episodes++
	}
	k.seen, k.last = true, now
}

// tally counts an eviction in its fleet's and the run's tail measures.
func (s *engine) tally(v *vm) {
	f := &s.fleets[v.rec.fleet]
	f.tail.add(&s.res.Fleets[v.rec.fleet].Tail, s.now)
	s.tail.add(&s.res.Tail, s.now)
}

// below extends or ends a fleet's stretch below its count over the
// interval [f.since, now), which measure is about to close.
func (s *engine) below(f *fleet, dt int64) {
	if f.running < f.target {
		f.belowRun += dt
		r := &s.res.Fleets[f.idx].Tail
		r.LongestBelow = max(r.LongestBelow, f.belowRun)
		s.res.Tail.LongestBelow = max(s.res.Tail.LongestBelow, r.LongestBelow)
	} else {
		f.belowRun = 0
	}
}
