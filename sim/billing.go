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
	r := &v.res
	r.StateSeconds[v.state] += dt
	bill := s.cfg.Billing[v.state]
	rate := PAYGRate
	if bill.Compute {
		r.BilledSeconds += dt
		p := &s.pools[v.res.Pool]
		switch {
		case v.regular:
			r.Compute = r.Compute.Add(pricing.Accrue(p.cfg.PAYG, dt))
		case v.res.MaxPrice >= 0 && (v.noticed || !v.state.Allocated()):
			// Under notice (or billed while not allocated, by an overridden
			// table) the spot price may be above the max: cap it (R5).
			rate = CappedSpotRate
			r.Compute = r.Compute.Add(p.curve.IntegrateCapped(v.since, s.now, v.res.MaxPrice))
		default:
			// A noticeable VM is evicted the instant the price passes its
			// max, so min(spot, payg) is already <= its max here.
			rate = SpotRate
			r.Compute = r.Compute.Add(p.curve.Integrate(v.since, s.now))
		}
	}
	if s.cfg.Record.Usage && (bill.Compute || bill.Disk) {
		s.usage.add(Usage{From: v.since, To: s.now, VM: v.id, Compute: bill.Compute, Disk: bill.Disk, Rate: rate, Cap: v.res.MaxPrice})
	}
	if bill.Disk {
		r.Disk = r.Disk.Add(pricing.Accrue(s.fleets[v.res.Fleet].cfg.DiskPrice, dt))
	}
	v.since = s.now
}
