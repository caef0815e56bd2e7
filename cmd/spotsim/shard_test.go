package main

import (
	"strings"
	"testing"
)

// A Slurm task resubmitted alone (sbatch --array=7: an array of one whose
// only task is 7) lists exactly the runs of --shard 7/16, and a task past
// the count is refused with exit 2.
func TestSlurmTaskResubmittedAlone(t *testing.T) {
	path := writeSweep(t, "base: example.yaml\nreplications: 20\ngrid:\n  fleets[name=batch].max_price: [0.03, 0.05]\n")
	code, want, errs := spotsim(t, "sweep", path, "--dry-run", "--shard", "7/16")
	if code != exitOK || strings.Count(want, "\n") != 1+3 {
		t.Fatalf("--shard 7/16: exit %d, %q, %s", code, want, errs)
	}
	for k, v := range map[string]string{"SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_MIN": "7", "SLURM_ARRAY_TASK_MAX": "7", "SLURM_ARRAY_TASK_COUNT": "1"} {
		t.Setenv(k, v)
	}
	if code, got, errs := spotsim(t, "sweep", path, "--dry-run", "--shards", "16"); code != exitOK || got != want {
		t.Fatalf("task 7 alone: exit %d, %s\n%q\nwant %q", code, errs, got, want)
	}
	if code, _, errs := spotsim(t, "sweep", path, "--dry-run"); code != exitBadInput || !strings.Contains(errs, "needs --shards N") {
		t.Fatalf("without --shards: exit %d, %s", code, errs)
	}
	t.Setenv("SLURM_ARRAY_TASK_ID", "16")
	if code, _, errs := spotsim(t, "sweep", path, "--dry-run", "--shards", "16"); code != exitBadInput || !strings.Contains(errs, "outside the shards 0…15") {
		t.Fatalf("task 16 of 16: exit %d, %s", code, errs)
	}
}
