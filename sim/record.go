package sim

import "github.com/spotsim/spotsim/pricing"

// vmRecord is what a run keeps of every VM it ever created: what VMResult
// reports, less what follows from it (billed seconds, disk cost and the
// pay-as-you-go figure are sums over its state seconds), in 104 bytes
// against VMResult's 176. B2 creates 3.4 million VMs and keeps all of them
// for vms.csv; the engine's working state of a VM (vm) lives apart and only
// while the VM does.
type vmRecord struct {
	// What events update first (the engine's vm reads them with its own
	// busy fields), then what is set once.
	fleet, pool int32
	notices     int32
	evictions   [2]int32 // by EvictReason
	number      int32
	maxPrice    pricing.Price // as actions left it
	compute     pricing.Accrued
	clock       stateClock
	createdAt   int64
	rebalances  int32
	priority    Priority
	final       State // its state at the horizon, set when the run ends or the VM is released
}

// stateClock is the seconds a VM spent in each state. A state's seconds
// reach 8.64e9 at the longest horizon (MaxHorizon), 34 bits, so each keeps
// its low 32 bits in lo and its top two in hi: 40 bytes instead of 72.
type stateClock struct {
	lo [NumStates]uint32
	hi uint32 // bits 2s and 2s+1 are bits 32 and 33 of state s's seconds
}

// clockBits is how many bits stateClock keeps per state.
const clockBits = 34

func (c *stateClock) get(s State) int64 {
	return int64(c.lo[s]) | int64(c.hi>>(2*s)&3)<<32
}

func (c *stateClock) add(s State, seconds int64) {
	v := c.get(s) + seconds
	if v < 0 || v >= 1<<clockBits {
		panic("sim: a state's seconds out of the clock's range")
	}
	c.lo[s] = uint32(v)
	c.hi = c.hi&^(3<<(2*s)) | uint32(v>>32)<<(2*s)
}

// result is the record as a VMResult: the derived figures summed over the
// states the billing table bills, as the engine accrued them interval by
// interval (rate × seconds is exact, so the sum of the products is the
// product of the sum).
func (r *vmRecord) result(cfg *Config) VMResult {
	out := VMResult{
		Fleet: r.fleet, Pool: r.pool, Number: r.number, Notices: r.notices,
		Evictions: r.evictions, Rebalances: r.rebalances, Priority: r.priority,
		FinalState: r.final, CreatedAt: r.createdAt, MaxPrice: r.maxPrice,
		Compute: r.compute,
	}
	var disk int64
	for s := range State(NumStates) {
		sec := r.clock.get(s)
		out.StateSeconds[s] = sec
		if cfg.Billing[s].Compute {
			out.BilledSeconds += sec
		}
		if cfg.Billing[s].Disk {
			disk += sec
		}
	}
	out.Disk = pricing.Accrue(cfg.Fleets[r.fleet].DiskPrice, disk)
	out.PAYGCompute = pricing.Accrue(cfg.Pools[r.pool].PAYG, out.BilledSeconds)
	return out
}
