package sim

import (
	"github.com/spotsim/spotsim/pricing"
)

// accrue bills the interval since the VM's last accrual in its current state.
func (s *engine) accrue(v *vm) {
	dt := s.now - v.since
	if dt <= 0 {
		return
	}
	r := &v.rec
	r.clock.add(v.state, dt)
	bill := s.cfg.Billing[v.state]
	rate := PAYGRate
	if bill.Compute {
		p := &s.pools[v.rec.pool]
		switch {
		case v.regular:
			r.compute = r.compute.Add(pricing.Accrue(p.cfg.PAYG, dt))
		case r.maxPrice >= 0 && (v.noticed || !v.state.Allocated()):
			// Under notice (or billed while not allocated, by an overridden
			// table) the spot price may be above the max: cap it (R5).
			rate = CappedSpotRate
			r.compute = r.compute.Add(p.curve.IntegrateCapped(v.since, s.now, r.maxPrice))
		default:
			// A noticeable VM is evicted the instant the price passes its
			// max, so min(spot, payg) is already <= its max here.
			rate = SpotRate
			r.compute = r.compute.Add(p.curve.Integrate(v.since, s.now))
		}
	}
	// Billed seconds, disk cost and the pay-as-you-go figure follow from
	// the state seconds (vmRecord.result).
	if s.cfg.Record.Usage && (bill.Compute || bill.Disk) {
		s.usage.add(Usage{From: v.since, To: s.now, VM: v.id, Compute: bill.Compute, Disk: bill.Disk, Rate: rate, Cap: r.maxPrice})
	}
	v.since = s.now
}
