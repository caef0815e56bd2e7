package sweep

import (
	"strings"
	"testing"
)

// The shard index comes from --shard or the environment, the count only
// from a flag; an index outside 0…N−1 is refused, never wrapped or shifted.
func TestShardOf(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	for _, c := range []struct {
		flag   string
		shards int
		env    func(string) string
		i, n   int
		err    string // a part of the error, "" for none
	}{
		{"", 0, env(), 0, 1, ""},
		{"", 1, env(), 0, 1, ""},
		{"2/4", 0, env("JOB_COMPLETION_INDEX", "1"), 2, 4, ""}, // the flag wins
		{"2/4", 4, env(), 2, 4, ""},
		{"2/4", 8, env(), 0, 0, "disagree"},
		{"4/4", 0, env(), 0, 0, "0 <= i < n"},
		{"1-4", 0, env(), 0, 0, "0 <= i < n"},
		{"", -2, env(), 0, 0, "1 or more"},
		// --shards alone outside an array would silently run shard 0 or
		// the whole sweep: it is refused.
		{"", 16, env(), 0, 0, "which shard?"},

		// Kubernetes Indexed Job: the index from the pod, the count from --shards.
		{"", 8, env("JOB_COMPLETION_INDEX", "3"), 3, 8, ""},
		{"", 0, env("JOB_COMPLETION_INDEX", "3"), 0, 0, "needs --shards N"},
		{"", 3, env("JOB_COMPLETION_INDEX", "3"), 0, 0, "outside the shards 0…2"},
		{"", 3, env("JOB_COMPLETION_INDEX", "x"), 0, 0, "whole number"},

		// Slurm array: SLURM_ARRAY_TASK_ID is the index as it stands.
		{"", 5, env("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_COUNT", "5", "SLURM_ARRAY_TASK_MIN", "0"), 2, 5, ""},
		// The array's own count is not used: the script says --shards.
		{"", 0, env("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_COUNT", "5"), 0, 0, "needs --shards N"},
		// sbatch --array=7 (a one-task array resubmitting task 7 of 16): shard 7
		// of 16, not the whole sweep (count 1) nor shard 0 (7 − TASK_MIN).
		{"", 16, env("SLURM_ARRAY_TASK_ID", "7", "SLURM_ARRAY_TASK_COUNT", "1", "SLURM_ARRAY_TASK_MIN", "7", "SLURM_ARRAY_TASK_MAX", "7"), 7, 16, ""},
		{"", 0, env("SLURM_ARRAY_TASK_ID", "7", "SLURM_ARRAY_TASK_COUNT", "1", "SLURM_ARRAY_TASK_MIN", "7"), 0, 0, "needs --shards N"},
		// --array=1-16 with --shards 16: task 16 is no shard.
		{"", 16, env("SLURM_ARRAY_TASK_ID", "16", "SLURM_ARRAY_TASK_COUNT", "16", "SLURM_ARRAY_TASK_MIN", "1"), 0, 0, "outside the shards 0…15"},
		{"", 16, env("SLURM_ARRAY_TASK_ID", "-1"), 0, 0, "whole number"},
		{"3/16", 16, env("SLURM_ARRAY_TASK_ID", "40"), 3, 16, ""}, // the flag wins
		{"", 16, env("SLURM_ARRAY_TASK_ID", "1", "JOB_COMPLETION_INDEX", "2"), 0, 0, "both"},
	} {
		i, n, err := ShardOf(c.flag, c.shards, c.env)
		switch {
		case c.err == "" && err != nil:
			t.Errorf("ShardOf(%q, %d): %v", c.flag, c.shards, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("ShardOf(%q, %d): %d/%d, %v; want an error with %q", c.flag, c.shards, i, n, err, c.err)
		case err == nil && (i != c.i || n != c.n):
			t.Errorf("ShardOf(%q, %d): %d/%d; want %d/%d", c.flag, c.shards, i, n, c.i, c.n)
		}
	}
}
