package sim

// Spot Priority Mix: a scale set of spot VMs that keeps some of them
// regular, as Azure documents it (azure-compute-docs,
// articles/virtual-machine-scale-sets/spot-priority-mix.md). The split is
// of the fleet's count — its live VMs, deallocated ones included, as
// Azure's "total capacity" — and it is kept by choosing the priority of
// each VM a scale-out adds and which VMs a scale-in removes; VMs already
// there are never converted.

// RegularWanted is how many of count VMs a priority mix makes regular: the
// base, then RegularPercentAboveBase percent of the VMs above it, rounded
// down. Azure's worked scenarios round that way: 41 VMs at base 10 and
// 50 % are 10 + 15 regular and 16 spot; 20 VMs at base 10 and 25 % are
// 10 + "2.5 rounded to 2" regular and 8 spot.
func (f *Fleet) RegularWanted(count int) int {
	if f.Priority == Regular {
		return count
	}
	base := min(f.RegularBase, count)
	return base + (count-base)*f.RegularPercentAboveBase/100
}

// regularWanted is how many of count VMs the fleet wants regular now: all
// of them once it has fallen back to regular.
func (f *fleet) regularWanted(count int) int {
	if f.fallback {
		return count
	}
	return f.cfg.RegularWanted(count)
}

// nextIsRegular is the priority of the VM the fleet creates next, towards
// its count: regular while it has fewer live regular VMs than the mix
// wants for that count. So an initial creation makes the regular VMs first,
// and a scale-out after an eviction deleted spot VMs adds only spot VMs
// when the regular share is already met (Azure's Scenario 1: 26 regular at
// a count of 30 want only 20, so the 4 new VMs are spot).
func (s *engine) nextIsRegular(f *fleet) bool {
	return f.liveRegular < f.regularWanted(f.target)
}

// scaleInVictims picks the live VMs a scale-in to count deletes, keeping
// the split as Azure says a scale-in does "rather than simply removing the
// oldest or newest VMs": regular VMs above what the mix wants for count go
// first, spot VMs make up the rest, and within each priority the newest
// goes first (a scale set's default scale-in).
func (s *engine) scaleInVictims(f *fleet, count int) []int32 {
	n := f.live - count
	if n <= 0 {
		return nil
	}
	spot := f.live - f.liveRegular
	regular := min(n, max(0, f.liveRegular-f.regularWanted(count)))
	regular = max(regular, n-spot) // too few spot VMs: the rest are regular
	out := make([]int32, 0, n)
	takeRegular, takeSpot := regular, n-regular
	for i := len(f.vms) - 1; i >= 0 && len(out) < n; i-- {
		v := s.vm(f.vms[i])
		switch {
		case v == nil || !v.live:
		case v.regular && takeRegular > 0:
			takeRegular--
			out = append(out, v.id)
		case !v.regular && takeSpot > 0:
			takeSpot--
			out = append(out, v.id)
		}
	}
	return out
}
