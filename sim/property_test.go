package sim

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/spotsim/spotsim/pricing"
)

var maxPrices = []pricing.Price{pricing.Uncapped, usd("0.03"), usd("0.05"), usd("0.08")}

// randomConfig draws a small scenario that exercises every mechanism: price
// and capacity traces, quota, both policies, automation, scripted actions.
func randomConfig(r *rand.Rand) *Config {
	horizon := int64(2*hour + r.IntN(4*hour))
	cfg := &Config{
		Name: "prop", Horizon: horizon, Seed: r.Uint64(),
		Billing: AzureBilling,
		Victims: VictimPolicy(r.IntN(3)),
		Timings: Timings{int64(r.IntN(3) * 60), int64(r.IntN(3) * 30), int64(r.IntN(2) * 15), int64(r.IntN(3) * 30), int64(r.IntN(3) * 30)},
		Record:  Record{Events: true, Notices: true},
	}
	if r.IntN(2) == 0 {
		cfg.Notice = NoticeLead{30, 30}
	} else {
		cfg.Notice = NoticeLead{0, int64(r.IntN(60))}
	}
	for p := range 1 + r.IntN(2) {
		spot := &pricing.Series{}
		capSeries := pricing.Series{}
		for t := int64(0); t < horizon; t += int64(60 + r.IntN(1800)) {
			spot.Times = append(spot.Times, t)
			v := int64(r.IntN(150_000_000))
			if r.IntN(3) == 0 { // land exactly on a max price: equal must not evict (R4)
				v = int64(maxPrices[1+r.IntN(len(maxPrices)-1)])
			}
			spot.Values = append(spot.Values, v)
		}
		for t := int64(0); t < horizon; t += int64(300 + r.IntN(3600)) {
			capSeries.Times = append(capSeries.Times, t)
			c := int64(r.IntN(8))
			if r.IntN(4) == 0 {
				c = pricing.Unlimited
			}
			capSeries.Values = append(capSeries.Values, c)
		}
		cfg.Pools = append(cfg.Pools, Pool{Region: fmt.Sprintf("r%d", p), SKU: "S", VCPUs: 2, PAYG: usd("0.1"), Spot: spot, Capacity: capSeries})
		q := Quota{Region: fmt.Sprintf("r%d", p), SpotVCPUs: -1, RegularVCPUs: -1}
		if r.IntN(2) == 0 {
			q.SpotVCPUs = int64(2 * r.IntN(10))
		}
		cfg.Quotas = append(cfg.Quotas, q)
	}
	for f := range 1 + r.IntN(3) {
		fl := Fleet{
			Name: fmt.Sprintf("f%d", f), Pool: r.IntN(len(cfg.Pools)), Count: 1 + r.IntN(4),
			MaxPrice: maxPrices[r.IntN(len(maxPrices))], Policy: EvictionPolicy(r.IntN(2)),
			DiskPrice: pricing.Price(r.IntN(20_000_000)), CreateAt: int64(r.IntN(int(horizon / 2))),
		}
		if r.IntN(6) == 0 {
			fl.Priority, fl.MaxPrice = Regular, pricing.Uncapped
		} else if r.IntN(4) == 0 {
			// A priority mix, and sometimes a fallback to regular.
			fl.RegularBase, fl.RegularPercentAboveBase = r.IntN(2), 25*r.IntN(3)
			fl.Fallback.AfterEvictions = r.IntN(3)
		}
		if r.IntN(2) == 0 {
			fl.Interval = int64(60 * (1 + r.IntN(60)))
			fl.After = RestartAutomation
			if fl.Policy == Delete {
				fl.After = ReplaceAutomation
			}
		}
		cfg.Fleets = append(cfg.Fleets, fl)
	}
	for range r.IntN(5) {
		a := Action{At: int64(r.IntN(int(horizon))), Fleet: r.IntN(len(cfg.Fleets)), VM: -1, Op: Op(r.IntN(6))}
		if r.IntN(3) == 0 {
			a.VM = r.IntN(3)
		}
		switch a.Op {
		case OpSetMaxPrice:
			if cfg.Fleets[a.Fleet].Priority == Regular {
				a.Op = OpStart
			}
			a.MaxPrice = maxPrices[1+r.IntN(len(maxPrices)-1)]
		case OpScale:
			a.Count = r.IntN(6)
		}
		cfg.Actions = append(cfg.Actions, a)
	}
	return cfg
}

// reference rebuilds every VM's second-by-second life from the event log and
// bills it the dumb way, one second at a time, with R5's rate applied
// everywhere: min(spot, pay-as-you-go, max) for spot VMs.
type refVM struct {
	state   State
	noticed bool
	max     pricing.Price
	seconds [NumStates]int64
	compute pricing.Accrued
	disk    pricing.Accrued
}

func TestPropertiesAgainstReference(t *testing.T) {
	for iter := range 300 {
		r := rand.New(rand.NewPCG(uint64(iter), 99))
		cfg := randomConfig(r)
		res := run(t, cfg)
		t.Run(fmt.Sprint(iter), func(t *testing.T) { checkRun(t, cfg, res) })
		if t.Failed() {
			return
		}
	}
}

func checkRun(t *testing.T, cfg *Config, res *Result) {
	ref := make([]refVM, res.VMs.Len())
	for i, v := range res.VMs.All() {
		ref[i] = refVM{state: Creating, max: cfg.Fleets[v.Fleet].MaxPrice}
		if v.Priority == Regular {
			ref[i].max = pricing.Uncapped
		}
	}
	ev := 0
	noticeAt := map[int]int64{}
	for now := int64(0); now < cfg.Horizon; now++ {
		for ; ev < len(res.Events) && res.Events[ev].Time == now; ev++ {
			e := res.Events[ev]
			if e.VM < 0 {
				continue
			}
			rv := &ref[e.VM]
			switch e.Kind {
			case EvNotice:
				if rv.noticed {
					t.Fatalf("%s noticed twice at %d", res.VMName(e.VM), now)
				}
				rv.noticed = true
				noticeAt[e.VM] = now
				pool := cfg.Pools[cfg.Fleets[e.Fleet].Pool]
				if e.Reason == WhyPrice && (rv.max < 0 || pricing.Price(pool.Spot.At(now)) <= rv.max) {
					t.Fatalf("%s noticed for price at %d: price %v, max %v", res.VMName(e.VM), now, pricing.Price(pool.Spot.At(now)), rv.max)
				}
			case EvEvict:
				if !rv.noticed {
					t.Fatalf("%s evicted at %d with no notice", res.VMName(e.VM), now)
				}
				lead := now - noticeAt[e.VM]
				if lead < cfg.Notice.Min || lead > cfg.Notice.Max {
					t.Fatalf("%s evicted %d s after its notice; lead is [%d, %d]", res.VMName(e.VM), lead, cfg.Notice.Min, cfg.Notice.Max)
				}
				rv.noticed = false
			case EvDeallocate, EvDelete:
				rv.noticed = false
			case EvSetMaxPrice:
				for _, a := range cfg.Actions {
					if a.At == now && a.Op == OpSetMaxPrice && a.Fleet == e.Fleet {
						rv.max = a.MaxPrice
					}
				}
			}
			if e.To != NoState {
				rv.state = e.To
			}
		}
		if ev < len(res.Events) && res.Events[ev].Time < now {
			t.Fatalf("events out of time order at %d", res.Events[ev].Time)
		}
		allocated := make([]int64, len(cfg.Pools))
		spotVCPUs := make([]int64, len(cfg.Pools))
		for i := range ref {
			v := res.VMs.At(i)
			if v.CreatedAt > now {
				continue
			}
			rv := &ref[i]
			f := cfg.Fleets[v.Fleet]
			pool := cfg.Pools[f.Pool]
			spot := pricing.Price(pool.Spot.At(now))
			rv.seconds[rv.state]++
			if cfg.Billing[rv.state].Compute {
				rate := pool.PAYG
				if res.VMs.At(i).Priority == Spot {
					rate = min(spot, pool.PAYG)
					if rv.max >= 0 {
						rate = min(rate, rv.max)
					}
				}
				rv.compute = rv.compute.Add(pricing.Accrue(rate, 1))
			}
			if cfg.Billing[rv.state].Disk {
				rv.disk = rv.disk.Add(pricing.Accrue(f.DiskPrice, 1))
			}
			if res.VMs.At(i).Priority == Spot {
				if rv.state.Allocated() && !rv.noticed {
					allocated[f.Pool]++
					if rv.max >= 0 && spot > rv.max {
						t.Fatalf("%s allocated, not noticed, at %d with price %v above its max %v", res.VMName(i), now, spot, rv.max)
					}
				}
				if rv.state != Deleted {
					spotVCPUs[f.Pool] += pool.VCPUs
				}
			}
		}
		for p, pool := range cfg.Pools {
			if c := pool.Capacity.At(now); c != pricing.Unlimited && allocated[p] > c {
				t.Fatalf("pool %d at %d: %d VMs allocated and not noticed, capacity %d", p, now, allocated[p], c)
			}
			if q := cfg.Quotas[p].SpotVCPUs; q >= 0 && spotVCPUs[p] > q {
				t.Fatalf("pool %d at %d: %d spot vCPUs exist, quota %d", p, now, spotVCPUs[p], q)
			}
		}
	}
	for i, v := range res.VMs.All() {
		rv := ref[i]
		var sum, billed int64
		for s, n := range v.StateSeconds {
			sum += n
			if cfg.Billing[s].Compute {
				billed += n
			}
		}
		switch {
		case sum != cfg.Horizon-v.CreatedAt:
			t.Errorf("%s: state seconds sum to %d, want %d", res.VMName(i), sum, cfg.Horizon-v.CreatedAt)
		case v.StateSeconds != rv.seconds:
			t.Errorf("%s: state seconds %v, reference %v", res.VMName(i), v.StateSeconds, rv.seconds)
		case billed != v.BilledSeconds:
			t.Errorf("%s: billed %d, states say %d", res.VMName(i), v.BilledSeconds, billed)
		case v.Compute != rv.compute:
			t.Errorf("%s: compute %s, reference %s", res.VMName(i), v.Compute, rv.compute)
		case v.Disk != rv.disk:
			t.Errorf("%s: disk %s, reference %s", res.VMName(i), v.Disk, rv.disk)
		case v.Compute.Sign() < 0 || v.Disk.Sign() < 0 || v.Compute.Cmp(v.PAYGCompute) > 0:
			t.Errorf("%s: compute %s disk %s payg %s", res.VMName(i), v.Compute, v.Disk, v.PAYGCompute)
		case cfg.Fleets[v.Fleet].MaxPrice == pricing.Uncapped && v.Evictions[PriceEviction] > 0:
			t.Errorf("%s: max price -1 evicted for price", res.VMName(i))
		case v.FinalState != rv.state:
			t.Errorf("%s: final %v, log says %v", res.VMName(i), v.FinalState, rv.state)
		}
	}
}

func TestDeterministic(t *testing.T) {
	for iter := range 20 {
		cfg := randomConfig(rand.New(rand.NewPCG(uint64(iter), 7)))
		a, b := run(t, cfg), run(t, cfg)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("iteration %d: two runs differ", iter)
		}
	}
}
