package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/spotsim/spotsim/sim/seed"
)

// Replications run the seeds ReplicationSeed gives, a summary row each,
// and summary_stats.csv's mean is the mean of those rows.
func TestReplications(t *testing.T) {
	dir := t.TempDir()
	yaml := "name: reps\nstart: 2026-01-05T00:00:00Z\nhorizon: 2d\nseed: 5\nreplications: 6\npools:\n" +
		"  - {region: eastus, sku: Standard_D2s_v5, vcpus: 2, payg_price: 0.096, spot_price: 0.02, eviction_rate: 10-15}\n" +
		"fleets:\n  - {name: w, region: eastus, sku: Standard_D2s_v5, count: 20, after_eviction: {restart: 30m}}\n"
	out := filepath.Join(dir, "out")
	if code, stdout, errs := spotsim(t, "run", writeIn(t, dir, "reps.yaml", yaml), "--out", out, "--outputs", "summary,fleets"); code != exitOK || !strings.Contains(stdout, "replications  6") {
		t.Fatalf("exit %d %s %s", code, stdout, errs)
	}
	read := func(name string) [][]string {
		return readCSV(t, filepath.Join(out, name))
	}
	summary := read("summary.csv")
	if len(summary) != 7 || summary[0][0] != "replication" || summary[0][2] != "seed" {
		t.Fatalf("summary.csv: %v", summary[0])
	}
	col := map[string]int{}
	for i, h := range summary[0] {
		col[h] = i
	}
	sum := 0.0
	distinct := map[string]bool{}
	for r, row := range summary[1:] {
		if row[0] != strconv.Itoa(r) || row[2] != strconv.FormatUint(seed.Replication(5, r), 10) {
			t.Fatalf("row %d: replication %s seed %s", r, row[0], row[2])
		}
		x, _ := strconv.ParseFloat(row[col["notices"]], 64)
		sum += x
		distinct[row[col["notices"]]] = true
	}
	if len(distinct) < 2 {
		t.Fatal("every replication gave the same notices: the seeds did not reach the eviction draws")
	}
	// Each replication's own folder says what its row of the folder's
	// summary.csv and fleets.csv say (the measures are made once for all
	// of them).
	fleets := read("fleets.csv")
	for r := range 6 {
		own := read(filepath.Join("replications", strconv.Itoa(r), "summary.csv"))
		if strings.Join(own[1], ",") != strings.Join(summary[1+r][1:], ",") {
			t.Fatalf("replication %d: its summary.csv %v, the folder's row %v", r, own[1], summary[1+r][1:])
		}
		ownFleets := read(filepath.Join("replications", strconv.Itoa(r), "fleets.csv"))
		if strings.Join(ownFleets[1], ",") != strings.Join(fleets[1+r][1:], ",") {
			t.Fatalf("replication %d: its fleets.csv %v, the folder's row %v", r, ownFleets[1], fleets[1+r][1:])
		}
	}
	for _, row := range read("summary_stats.csv")[1:] {
		if row[0] == "notices" {
			if want := strconv.FormatFloat(sum/6, 'f', 6, 64); row[1] != "6" || row[2] != want {
				t.Fatalf("notices stats %v; want n 6, mean %s", row, want)
			}
			return
		}
	}
	t.Fatal("no notices row in summary_stats.csv")
}

// A fleet that ran no VM (its creates all failed, nothing retried them) is
// warned about in a replicated run as in a single one: once, with the
// replications it was hollow in.
func TestReplicationsWarnOfHollowFleets(t *testing.T) {
	dir := t.TempDir()
	yaml := "name: hollow\nstart: 2026-01-05T00:00:00Z\nhorizon: 1d\nseed: 5\nreplications: 3\npools:\n" +
		"  - {region: eastus, sku: Standard_D2s_v5, vcpus: 2, payg_price: 0.096, spot_price: 0.02, eviction_rate: 10-15, capacity: 0}\n" +
		"fleets:\n  - {name: w, region: eastus, sku: Standard_D2s_v5, count: 2}\n"
	code, _, errs := spotsim(t, "run", writeIn(t, dir, "hollow.yaml", yaml), "--out", filepath.Join(dir, "out"))
	want := "spotsim run: warning: fleet w: all its creates failed and nothing retried them (no after_eviction: {replace: ...}), so it ran no VM: its cost of 0 is not a saving (in 3 of 3 replications)\n"
	if code != exitOK || strings.Count(errs, "creates failed") != 1 || !strings.Contains(errs, want) {
		t.Fatalf("exit %d, stderr %q; want the hollow fleet once", code, errs)
	}
}
