package main

import (
	"math"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/spotsim/spotsim/pricing"
)

// A scenario fed by a Resource Graph export, end to end: the outputs of
// Azure's two documented sample queries (hand-made in their shape) set
// each pool's price and eviction band, and the run evicts each fleet at its
// band's rate. Per fleet, notices per allocated spot VM-hour (every VM runs
// or is under notice: nothing is stopped) match −ln(1 − p) for the band's
// p within 4 standard deviations of a Poisson count.
func TestResourceGraphDrivesARun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "rg")
	if code, _, errs := spotsim(t, "run", "../../scenarios/resource-graph.yaml", "--out", out, "--replications", "1", "--outputs", "summary,fleets"); code != exitOK {
		t.Fatal(errs)
	}
	rows := readCSV(t, filepath.Join(out, "fleets.csv"))
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	bands := map[string]string{"east": "10-15", "southcentral": "20+"}
	for _, row := range rows[1:] {
		band := bands[row[col["fleet"]]]
		notices, _ := strconv.ParseFloat(row[col["notices"]], 64)
		running, _ := strconv.ParseFloat(row[col["running_vm_hours"]], 64)
		want := pricing.EvictionBandHazard(band)
		if sd := math.Sqrt(want * running); math.Abs(notices-want*running) > 4*sd || notices < 100 {
			t.Errorf("%s (band %s): %.0f notices over %.1f running VM-hours; want %.1f ± %.1f", row[col["fleet"]], band, notices, running, want*running, 4*sd)
		}
	}
}
