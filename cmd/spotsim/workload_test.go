package main

import (
	"path/filepath"
	"testing"
)

// The batch example, end to end (figures worked out in docs/workloads.md
// and in sim's TestBatchCheckpoints): 10 h of work, 3330 s lost to the
// eviction, done at 12:05:30, past its 12 h deadline.
func TestBatchExample(t *testing.T) {
	out := filepath.Join(t.TempDir(), "batch")
	if code, _, errs := spotsim(t, "run", "../../scenarios/batch.yaml", "--out", out, "--outputs", "summary,fleets"); code != exitOK {
		t.Fatal(errs)
	}
	rows := readCSV(t, filepath.Join(out, "fleets.csv"))
	got := map[string]string{}
	for i, h := range rows[0] {
		got[h] = rows[1][i]
	}
	// Running 0–10830 s and 14430–43530 s: compute 0.02·10800 s + 0.04 (the
	// max caps the 0.05 spike) · 30 s + 0.02·29100 s = 0.222000; disks
	// 0.01·43530 s = 0.120917; per work hour 0.342917 / 10 = 0.034292;
	// baseline 10 h · (0.096 + 0.01) = 1.06, so net savings 67.649371 %.
	want := map[string]string{
		"workload": "batch", "work_done_hours": "10.000000", "work_lost_hours": "0.925000",
		"completed_at": "2026-01-05T12:05:30Z", "makespan_hours": "12.091667", "deadline_met": "false",
		"compute_cost_usd": "0.222000", "disk_cost_usd": "0.120917", "cost_per_work_hour_usd": "0.034292",
		"baseline_cost_usd": "1.060000", "net_savings_pct": "67.649371",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}
