package sweep

import (
	"fmt"
	"strconv"
	"strings"
)

// ShardOf says which shard of how many this process runs: from --shard i/n,
// else from a Kubernetes Indexed Job's JOB_COMPLETION_INDEX or a Slurm array
// task's SLURM_ARRAY_TASK_ID, with the count from --shards N.
//
// The count is never taken from the environment. Kubernetes does not pass a
// Job's completions to its pods, and Slurm's SLURM_ARRAY_TASK_COUNT is the
// size of the array as submitted: a task resubmitted alone (--array=7) is an
// array of one, which would run the whole sweep instead of shard 7. For the
// same reason the index is SLURM_ARRAY_TASK_ID itself, not its distance from
// SLURM_ARRAY_TASK_MIN. An index outside 0…N−1 is refused, not wrapped.
func ShardOf(flag string, count int, getenv func(string) string) (int, int, error) {
	if count < 0 {
		return 0, 0, fmt.Errorf("--shards %d: want the shard count, 1 or more", count)
	}
	if flag != "" {
		i, n, ok := strings.Cut(flag, "/")
		shard, err1 := strconv.Atoi(i)
		shards, err2 := strconv.Atoi(n)
		if !ok || err1 != nil || err2 != nil || shards < 1 || shard < 0 || shard >= shards {
			return 0, 0, fmt.Errorf("--shard %q: want i/n with 0 <= i < n, such as 0/4", flag)
		}
		if count != 0 && count != shards {
			return 0, 0, fmt.Errorf("--shard %s and --shards %d disagree on the shard count; give one of them", flag, count)
		}
		return shard, shards, nil
	}
	k8s, slurm := getenv("JOB_COMPLETION_INDEX"), getenv("SLURM_ARRAY_TASK_ID")
	var name, value, how string
	switch {
	case k8s != "" && slurm != "":
		return 0, 0, fmt.Errorf("both JOB_COMPLETION_INDEX=%s and SLURM_ARRAY_TASK_ID=%s are set: say which shard with --shard i/n", k8s, slurm)
	case k8s != "":
		name, value, how = "JOB_COMPLETION_INDEX", k8s, "the Job's completions"
	case slurm != "":
		name, value, how = "SLURM_ARRAY_TASK_ID", slurm, "the array's size, submitted as --array=0-(N-1)"
	case count > 1:
		return 0, 0, fmt.Errorf("--shards %d: which shard? Give --shard i/%d, or run as a Kubernetes Indexed Job (JOB_COMPLETION_INDEX) or a Slurm array task (SLURM_ARRAY_TASK_ID)", count, count)
	default:
		return 0, 1, nil
	}
	shard, err := strconv.Atoi(value)
	if err != nil || shard < 0 {
		return 0, 0, fmt.Errorf("%s=%q: want a whole number >= 0", name, value)
	}
	if count == 0 {
		return 0, 0, fmt.Errorf("%s=%d needs --shards N, %s (the count is not taken from the environment)", name, shard, how)
	}
	if shard >= count {
		return 0, 0, fmt.Errorf("%s=%d is outside the shards 0…%d of --shards %d (%s)", name, shard, count-1, count, how)
	}
	return shard, count, nil
}
