package bench

import "fmt"

// The scaling tables: one quantity grows by powers of ten while the others
// stay put, so that CPU time and memory per unit show whether the engine
// has a super-linear term. Each run is kept to seconds, so that the three
// tables take a few minutes on two cores (`spotsim bench --scaling`).

// Axis is one scaling table.
type Axis struct {
	Name  string // what grows: vms, points, pools
	Unit  string // the per-unit columns' unit: vm, point, pool
	About string // what stays put
	Specs []Spec
}

// Count is the axis's quantity in a spec: its VMs, its price points or its
// pools.
func (a Axis) Count(s Spec) int64 {
	switch a.Name {
	case "vms":
		return int64(s.VMs)
	case "points":
		return s.Points()
	}
	return int64(s.Pools())
}

// Points is the number of spot price points of the spec's traces.
func (s Spec) Points() int64 {
	horizon := int64(s.Days) * 86400
	return int64(s.Pools()) * ((horizon + s.PriceStep - 1) / s.PriceStep)
}

// Scaling is the three tables:
//
//   - vms: 1,000 to 1,000,000 VMs in 40 fleets over B1's 20 pools, 7 days
//     of 5-minute prices;
//   - points: 10,000 to 10,000,000 price points (5-minute prices over
//     2 to 1,736 days) in 20 pools with 100 VMs, so that the VMs' own work
//     stays small beside the prices';
//   - pools: 1 to 2,000 pools, 30 days of hourly prices each, two fleets
//     a pool and 20,000 VMs in all.
func Scaling() []Axis {
	vms := Axis{Name: "vms", Unit: "vm", About: "20 pools, 40 fleets, 7 days of 5-minute prices (40,320 points)"}
	for _, n := range []int{1_000, 10_000, 100_000, 1_000_000} {
		vms.Specs = append(vms.Specs, Spec{Name: fmt.Sprintf("scale-vms-%d", n), Regions: 4, Sizes: 5, Days: 7,
			PriceStep: 300, Capacity: 3600, VMs: n, Fleets: 40, Automation: "1h", Seed: 4})
	}
	points := Axis{Name: "points", Unit: "point", About: "20 pools, 100 VMs in 20 fleets, 5-minute prices over 2 to 1,736 days"}
	for _, days := range []int{2, 17, 174, 1736} {
		points.Specs = append(points.Specs, Spec{Name: fmt.Sprintf("scale-points-%dd", days), Regions: 4, Sizes: 5, Days: days,
			PriceStep: 300, Capacity: 3600, VMs: 100, Fleets: 20, Automation: "1h", Seed: 5})
	}
	pools := Axis{Name: "pools", Unit: "pool", About: "30 days of hourly prices a pool, 2 fleets a pool, 20,000 VMs in all"}
	for _, rs := range [][2]int{{1, 1}, {2, 5}, {20, 5}, {200, 5}, {400, 5}} {
		n := rs[0] * rs[1]
		pools.Specs = append(pools.Specs, Spec{Name: fmt.Sprintf("scale-pools-%d", n), Regions: rs[0], Sizes: rs[1], Days: 30,
			PriceStep: 3600, Capacity: 3600, VMs: 20_000, Fleets: 2 * n, Automation: "1h", Seed: 6})
	}
	return []Axis{vms, points, pools}
}
