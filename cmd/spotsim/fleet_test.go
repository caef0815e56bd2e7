package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// The fleet example's sweep backs the table in README.md and docs/fleets.md:
// lowest_price is the cheapest and the least available; price-capacity-
// optimized is the most available and cheaper than capacity_optimized and
// prioritized. The figures are the tables' to the cent.
func TestFleetSweepExample(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sweep")
	if code, _, errs := spotsim(t, "sweep", filepath.Join("..", "..", "scenarios", "fleet-sweep.yaml"), "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	f, err := os.Open(filepath.Join(out, "fleets.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	type agg struct {
		cost, avail float64
		n           int
	}
	by := map[string]*agg{}
	for _, r := range rows[1:] {
		k := r[col["fleets[name=web].allocation"]]
		if by[k] == nil {
			by[k] = &agg{}
		}
		c, _ := strconv.ParseFloat(r[col["total_cost_usd"]], 64)
		a, _ := strconv.ParseFloat(r[col["availability_pct"]], 64)
		by[k].cost += c
		by[k].avail += a
		by[k].n++
	}
	want := map[string][2]string{ // mean cost, mean availability, as the tables print them
		"lowest_price":             {"1068.30", "96.963"},
		"capacity_optimized":       {"1303.62", "99.721"},
		"price_capacity_optimized": {"1219.25", "99.979"},
		"prioritized":              {"1403.44", "99.721"},
	}
	for k, w := range want {
		g := by[k]
		if g == nil || g.n != 5 {
			t.Fatalf("%s: %v runs; want 5", k, g)
		}
		cost := strconv.FormatFloat(g.cost/5, 'f', 2, 64)
		avail := strconv.FormatFloat(g.avail/5, 'f', 3, 64)
		if cost != w[0] || avail != w[1] {
			t.Errorf("%s: mean cost %s, availability %s; the docs say %s, %s", k, cost, avail, w[0], w[1])
		}
	}
}
