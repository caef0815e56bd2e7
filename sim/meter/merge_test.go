package meter_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
	"github.com/spotsim/spotsim/sim/meter"
)

// Merge sums the rows of pools that bill one meter: compute of one region
// and size, disks of one region, zones apart only with byZone; never rows
// of two fleets, periods or meter kinds, nor rows per resource.
func TestMerge(t *testing.T) {
	cfg := &sim.Config{
		Pools: []sim.Pool{
			{Region: "eastus", Zone: "1", SKU: "Standard_D4s_v5"}, // 0
			{Region: "eastus", Zone: "2", SKU: "Standard_D4s_v5"}, // 1
			{Region: "eastus", Zone: "1", SKU: "Standard_E4s_v5"}, // 2
			{Region: "eastus", Zone: "2", SKU: "Standard_E4s_v5"}, // 3
			{Region: "westus", Zone: "1", SKU: "Standard_D4s_v5"}, // 4
			{Region: "eastus", Zone: "3", SKU: "Standard_D4s_v5"}, // 5
		},
		// The tenants interleave, so the rows' order is not the fleets'.
		Fleets: []sim.Fleet{{Name: "web", Tenant: "b"}, {Name: "api", Tenant: "a"}},
	}
	const day = 86400
	// A row of fleet f, pool p, VM vm, meter k on day d: sec seconds,
	// costing c tenths of a micro-dollar (pay-as-you-go twice that for
	// compute), with ev evictions.
	row := func(f, p, vm int, k meter.Kind, d, sec, c int64, ev int) meter.Row {
		payg := 2 * c
		if k == meter.Disk {
			payg = c
		}
		return meter.Row{Start: d * day, End: (d + 1) * day, Fleet: f, Pool: p, VM: vm, Meter: k, Seconds: sec,
			Cost: pricing.Units(c * pricing.UnitsPerMicro / 10), PAYG: pricing.Units(payg * pricing.UnitsPerMicro / 10), Evictions: ev}
	}
	C, R, D := meter.Compute, meter.RegularCompute, meter.Disk
	for _, c := range []struct {
		name   string
		byZone bool
		rows   []meter.Row // as Rows sorts them
		want   []meter.Row // nil: rows, untouched
	}{
		{"zones merge", false,
			[]meter.Row{row(0, 0, -1, C, 0, 10, 4, 1), row(0, 0, -1, D, 0, 10, 4, 0), row(0, 1, -1, C, 0, 20, 4, 2), row(0, 1, -1, D, 0, 20, 4, 0), row(0, 5, -1, C, 0, 30, 4, 0)},
			[]meter.Row{row(0, 0, -1, C, 0, 60, 12, 3), row(0, 0, -1, D, 0, 30, 8, 0)}},
		{"sizes do not merge for compute", false,
			[]meter.Row{row(0, 0, -1, C, 0, 10, 4, 0), row(0, 2, -1, C, 0, 20, 4, 0)}, nil},
		{"sizes merge for disks", false,
			[]meter.Row{row(0, 0, -1, C, 0, 10, 4, 0), row(0, 0, -1, D, 0, 10, 3, 0), row(0, 2, -1, C, 0, 20, 4, 0), row(0, 2, -1, D, 0, 20, 3, 0), row(0, 3, -1, D, 0, 5, 3, 0)},
			[]meter.Row{row(0, 0, -1, C, 0, 10, 4, 0), row(0, 0, -1, D, 0, 35, 9, 0), row(0, 2, -1, C, 0, 20, 4, 0)}},
		{"byZone keeps zones apart", true,
			[]meter.Row{row(0, 0, -1, C, 0, 10, 4, 0), row(0, 1, -1, C, 0, 20, 4, 0)},
			[]meter.Row{row(0, 0, -1, C, 0, 10, 4, 0), row(0, 1, -1, C, 0, 20, 4, 0)}},
		{"byZone merges disks of one zone", true,
			[]meter.Row{row(0, 0, -1, D, 0, 10, 4, 0), row(0, 1, -1, D, 0, 20, 4, 0), row(0, 2, -1, D, 0, 30, 4, 0), row(0, 3, -1, D, 0, 40, 4, 0)},
			[]meter.Row{row(0, 0, -1, D, 0, 40, 8, 0), row(0, 1, -1, D, 0, 60, 8, 0)}},
		{"regions do not merge", false,
			[]meter.Row{row(0, 0, -1, C, 0, 10, 4, 0), row(0, 0, -1, D, 0, 10, 4, 0), row(0, 4, -1, C, 0, 20, 4, 0), row(0, 4, -1, D, 0, 20, 4, 0)}, nil},
		{"fleets do not merge", false,
			[]meter.Row{row(1, 1, -1, C, 0, 10, 4, 0), row(0, 0, -1, C, 0, 20, 4, 0)}, nil},
		{"spot and regular do not merge", false,
			[]meter.Row{row(0, 0, -1, C, 0, 10, 4, 0), row(0, 1, -1, R, 0, 20, 4, 0)}, nil},
		{"regular merges", false,
			[]meter.Row{row(0, 0, -1, R, 0, 10, 4, 0), row(0, 1, -1, R, 0, 20, 4, 0)},
			[]meter.Row{row(0, 0, -1, R, 0, 30, 8, 0)}},
		{"periods stay apart", false,
			[]meter.Row{row(0, 0, -1, C, 0, 10, 4, 0), row(0, 0, -1, C, 2, 10, 4, 0), row(0, 1, -1, C, 1, 20, 4, 0), row(0, 1, -1, C, 2, 20, 4, 0)},
			[]meter.Row{row(0, 0, -1, C, 0, 10, 4, 0), row(0, 0, -1, C, 1, 20, 4, 0), row(0, 0, -1, C, 2, 30, 8, 0)}},
		{"rows per resource do not merge", false,
			[]meter.Row{row(0, 0, 3, C, 0, 10, 4, 0), row(0, 0, 3, D, 0, 10, 4, 0), row(0, 1, 4, C, 0, 20, 4, 0), row(0, 1, 4, D, 0, 20, 4, 0)}, nil},
		{"the lowest pool names the row, in the fleets' order", false,
			[]meter.Row{row(1, 1, -1, C, 0, 10, 4, 0), row(1, 5, -1, C, 0, 10, 4, 0), row(0, 1, -1, D, 0, 10, 4, 0), row(0, 4, -1, D, 0, 10, 4, 0), row(0, 5, -1, D, 0, 20, 4, 0)},
			[]meter.Row{row(1, 1, -1, C, 0, 20, 8, 0), row(0, 1, -1, D, 0, 30, 8, 0), row(0, 4, -1, D, 0, 10, 4, 0)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rows := slices.Clone(c.rows)
			meter.Round(rows)
			before := slices.Clone(rows)
			got := meter.Merge(cfg, rows, c.byZone)
			if !slices.Equal(rows, before) {
				t.Fatalf("Merge changed its input:\n%v\nwas\n%v", rows, before)
			}
			want := c.want
			if want == nil {
				if len(got) == 0 || &got[0] != &rows[0] {
					t.Errorf("nothing merges, but Merge returned a copy")
				}
				want = before
			}
			want = slices.Clone(want)
			meter.Round(want)
			if !c.byZone && !slices.Equal(got, want) {
				t.Errorf("got\n%v\nwant\n%v", got, want)
			}
			if c.byZone && !slices.EqualFunc(got, want, sameButRounding) {
				t.Errorf("got\n%v\nwant (rounding aside)\n%v", got, want)
			}
			zonesAddUp(t, cfg, rows)
		})
	}
}

// A merged row is rounded again, not given the sum of its parts' rounded
// amounts (which depend on where the parts fell in the running total), and
// the merged rows still add up to the exact total rounded.
func TestMergeRoundsAgain(t *testing.T) {
	cfg := &sim.Config{
		Pools: []sim.Pool{
			{Region: "eastus", Zone: "1", SKU: "Standard_D4s_v5"},
			{Region: "eastus", Zone: "2", SKU: "Standard_D4s_v5"},
			{Region: "eastus", Zone: "3", SKU: "Standard_D4s_v5"},
		},
		Fleets: []sim.Fleet{{Name: "web"}},
	}
	tenths := func(n int64) pricing.Accrued { return pricing.Units(n * pricing.UnitsPerMicro / 10) }
	var rows []meter.Row
	var total pricing.Total
	for p := range 3 {
		for d := range int64(2) {
			c := tenths(4 + d*3) // 0.4 µ$ on day 0, 0.7 µ$ on day 1
			rows = append(rows, meter.Row{Start: d * 86400, End: (d + 1) * 86400, Pool: p, VM: -1, Seconds: 1, Cost: c, PAYG: c})
			total.Add(c)
		}
	}
	meter.Round(rows)
	got := meter.Merge(cfg, rows, false)
	var sum pricing.Micros
	var costs []string
	for _, r := range got {
		sum = sum.Add(r.CostMicros)
		costs = append(costs, r.CostMicros.String()+"/"+r.PAYGMicros.String())
	}
	// 1.2 µ$ rounds to 1; 1.2 + 2.1 = 3.3 rounds to 3, so day 1's row is 2.
	if want := []string{"0.000001/0.000001", "0.000002/0.000002"}; !slices.Equal(costs, want) {
		t.Errorf("merged costs %v; want %v", costs, want)
	}
	if sum != total.Micros() {
		t.Errorf("merged rows add to %s; the exact total rounds to %s", sum, total.Micros())
	}
}

// sameButRounding compares rows but for their micro-dollars.
func sameButRounding(a, b meter.Row) bool {
	a.CostMicros, a.PAYGMicros = b.CostMicros, b.PAYGMicros
	return a == b
}

// zonesAddUp checks that rows merged by zone add up, per row merged
// across zones, to that row to the micro-dollar, and in total to the
// exact total rounded.
func zonesAddUp(t *testing.T, cfg *sim.Config, rows []meter.Row) {
	t.Helper()
	type key struct {
		fleet, vm   int
		meter       meter.Kind
		start       int64
		region, sku string
	}
	keyOf := func(r meter.Row) key {
		k := key{r.Fleet, r.VM, r.Meter, r.Start, cfg.Pools[r.Pool].Region, cfg.Pools[r.Pool].SKU}
		if r.Meter == meter.Disk {
			k.sku = ""
		}
		if r.VM >= 0 {
			k.sku = fmt.Sprint(r.Pool) // never merged
		}
		return k
	}
	sums := map[key][2]pricing.Micros{}
	var total [2]pricing.Total
	var got [2]pricing.Micros
	for _, r := range meter.Merge(cfg, rows, true) {
		k := keyOf(r)
		sums[k] = [2]pricing.Micros{sums[k][0].Add(r.CostMicros), sums[k][1].Add(r.PAYGMicros)}
		st := 0
		if r.Meter == meter.Disk {
			st = 1
		}
		total[st].Add(r.Cost)
		got[st] = got[st].Add(r.CostMicros)
	}
	for _, r := range meter.Merge(cfg, rows, false) {
		if s := sums[keyOf(r)]; s != [2]pricing.Micros{r.CostMicros, r.PAYGMicros} {
			t.Errorf("%+v: its zones add up to %s (pay-as-you-go %s); want %s (%s)", r, s[0], s[1], r.CostMicros, r.PAYGMicros)
		}
	}
	for st := range got {
		if got[st] != total[st].Micros() {
			t.Errorf("rows by zone add up to %s; the exact total rounds to %s", got[st], total[st].Micros())
		}
	}
}

// Rounded by zone in the order of the rows across zones: zones 1 and 2 at
// 0.4 µ$ on two days, rounded zone after zone, would give zone 1 0 and
// 1 µ$ and zone 2 0 and 1 µ$, so day 0's zones 0 µ$ where the day's row
// across zones (0.8 µ$) has 1 µ$. Day by day they give 0 + 1 and 0 + 1.
func TestMergeByZoneAddsUpAcrossZones(t *testing.T) {
	cfg := &sim.Config{
		Pools: []sim.Pool{
			{Region: "eastus", Zone: "1", SKU: "Standard_D4s_v5"},
			{Region: "eastus", Zone: "2", SKU: "Standard_D4s_v5"},
		},
		Fleets: []sim.Fleet{{Name: "web"}},
	}
	c := pricing.Units(4 * pricing.UnitsPerMicro / 10)
	var rows []meter.Row
	for p := range 2 {
		for d := range int64(2) {
			rows = append(rows, meter.Row{Start: d * 86400, End: (d + 1) * 86400, Pool: p, VM: -1, Seconds: 1, Cost: c, PAYG: c})
		}
	}
	meter.Round(rows)
	var costs []string
	for _, r := range meter.Merge(cfg, rows, true) {
		costs = append(costs, fmt.Sprintf("zone %s day %d %s", cfg.Pools[r.Pool].Zone, r.Start/86400, r.CostMicros))
	}
	want := []string{"zone 1 day 0 0.000000", "zone 1 day 1 0.000000", "zone 2 day 0 0.000001", "zone 2 day 1 0.000001"}
	if !slices.Equal(costs, want) {
		t.Errorf("rows by zone %v; want %v", costs, want)
	}
	zonesAddUp(t, cfg, rows)
}
