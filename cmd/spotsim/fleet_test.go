package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/spotsim/spotsim/pricing"
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
	rows := readCSV(t, filepath.Join(out, "fleets.csv"))
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

// A fleet over several pools bills one meter per size and region whatever
// the zone (Azure's cost details: a resource's usage per meter and day), so
// no two rows of a cost file share their key — a tool that drops duplicate
// keys (pandas drop_duplicates, a FinOps importer keyed on date, resource
// and meter) would lose cost — and each file still adds up to summary.csv
// to the micro-dollar. fleet.yaml's fleet spans four sizes in three zones.
func TestMultiPoolRowsAreUnique(t *testing.T) {
	out := filepath.Join(t.TempDir(), "fleet")
	if code, _, errs := spotsim(t, "run", filepath.Join("..", "..", "scenarios", "fleet.yaml"), "--replications", "1", "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	read := func(name string) []map[string]string { return readRows(t, filepath.Join(out, name)) }
	micros := func(s string) int64 {
		t.Helper()
		p, err := pricing.ParsePrice(s)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		return int64(p) / 1000
	}
	sum := read("summary.csv")[0]
	compute, disk, payg := micros(sum["compute_cost_usd"]), micros(sum["disk_cost_usd"]), micros(sum["payg_compute_cost_usd"])
	for _, c := range []struct {
		file           string
		key            []string
		category, cost string // the column telling disks apart, and the cost
		storage        string // category's value for disks
		payg           string // pay-as-you-go cost column ("": none)
		zone           bool   // whether rows are by zone
	}{
		{"usage_hourly.csv", []string{"usage_start", "tenant", "subscription", "meter_name", "region", "resource_id"}, "meter_category", "cost_usd", "Storage", "payg_cost_usd", false},
		{"usage_daily.csv", []string{"usage_start", "tenant", "subscription", "meter_name", "region", "resource_id"}, "meter_category", "cost_usd", "Storage", "payg_cost_usd", false},
		{"azure_ea_cost_details.csv", []string{"Date", "SubscriptionId", "ResourceId", "MeterId"}, "MeterCategory", "CostInBillingCurrency", "Storage", "", false},
		{"azure_mca_cost_details.csv", []string{"date", "SubscriptionId", "ResourceId", "meterId"}, "meterCategory", "costInBillingCurrency", "Storage", "paygCostInBillingCurrency", false},
		{"focus.csv", []string{"ChargePeriodStart", "SubAccountId", "ResourceId", "SkuPriceId", "AvailabilityZone"}, "ServiceCategory", "BilledCost", "Storage", "x_PayAsYouGoCost", true},
	} {
		rows := read(c.file)
		seen := map[string]bool{}
		zones := map[string]bool{}
		repeats, first := 0, []string(nil)
		var gotCompute, gotDisk, gotPAYG int64
		for _, r := range rows {
			var k []string
			for _, col := range c.key {
				v, ok := r[col]
				if !ok {
					t.Fatalf("%s has no column %s", c.file, col)
				}
				k = append(k, v)
			}
			if ks := strings.Join(k, "\x00"); seen[ks] {
				if repeats++; first == nil {
					first = k
				}
			} else {
				seen[ks] = true
			}
			zones[r["AvailabilityZone"]] = true
			if r[c.category] == c.storage {
				gotDisk += micros(r[c.cost])
				continue
			}
			gotCompute += micros(r[c.cost])
			if c.payg != "" {
				gotPAYG += micros(r[c.payg])
			}
		}
		if repeats > 0 {
			t.Errorf("%s: %d rows repeat the key %v of another, the first %q", c.file, repeats, c.key, first)
		}
		if gotCompute != compute || gotDisk != disk || c.payg != "" && gotPAYG != payg {
			t.Errorf("%s: compute %d µ$, disks %d µ$, pay-as-you-go %d µ$; summary.csv %d, %d, %d", c.file, gotCompute, gotDisk, gotPAYG, compute, disk, payg)
		}
		if c.zone && len(zones) != 3 {
			t.Errorf("%s: rows in zones %v; want the fleet's three", c.file, zones)
		}
	}
}
