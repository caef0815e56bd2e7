#!/usr/bin/env bash
# CI: docs/sweeps.md's Slurm scripts (deploy/slurm/*.sbatch, unchanged) on a
# real single-node Slurm cluster started here: Debian's slurmctld, slurmd and
# munge, a slurm.conf written for this host, and spotsim built from the tree.
#
#   1. the array (16 shards of scenarios/example-sweep.yaml) and the merge job
#      are submitted as documented (merge: --dependency=afterany);
#   2. task 15 is cancelled before it starts, and task 7 is requeued after it
#      finished: the merge waits for the requeued task, then refuses, naming
#      the runs of task 15 that never ran;
#   3. the recovery recipe: task 15 resubmitted alone (sbatch --array=15) runs
#      shard 15 of 16, the merge job submitted again succeeds, and its
#      summary.csv and fleets.csv are byte-identical (cmp) to an unsharded
#      spotsim sweep of the same file.
#
# Fails, never skips, when the packages cannot be installed. The daemons run
# under `timeout`, so they stop by themselves even if this script is killed;
# they are stopped at its end either way. They bind 127.0.0.1 (NoInAddrAny).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
started=$SECONDS
limit=170 # seconds for the whole test, install included

say() { echo "slurm-test: [$((SECONDS - started)) s] $*"; }
fail() {
  echo "slurm-test: FAIL: $*" >&2
  exit 1
}

pkgs=(slurmctld slurmd slurm-client munge)
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  say "installing ${pkgs[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get -o DPkg::Lock::Timeout=60 update -qq &&
    apt-get -o DPkg::Lock::Timeout=60 install -y -qq "${pkgs[@]}" >/dev/null; }; then
    fail "could not install the Slurm packages (${pkgs[*]}) with apt-get: the Slurm test cannot run"
  fi
fi
say "installed in $((SECONDS - started)) s: $(slurmctld -V)"

tmp=$(mktemp -d /tmp/spotsim-slurm.XXXXXX)
pids=()
stop() {
  local rc=$?
  if [ ${#pids[@]} -gt 0 ]; then
    scancel --quiet --user=root 2>/dev/null || true
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
  if [ "$rc" -ne 0 ]; then
    for f in "$tmp"/slurmctld.log "$tmp"/slurmd.log "$tmp"/work/*.out; do
      [ -f "$f" ] && { echo "--- $f"; tail -n 20 "$f"; }
    done
  fi
  [ -n "${SLURM_TEST_KEEP:-}" ] || rm -rf "$tmp"
  exit "$rc"
}
trap stop EXIT
left() { local l=$((limit - (SECONDS - started))); echo $((l > 1 ? l : 1)); }

# munge, with its own key and socket: nothing in /etc is changed.
dd if=/dev/urandom of="$tmp/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge.key"
timeout 240 munged --foreground --force --key-file="$tmp/munge.key" --socket="$tmp/munge.sock" \
  --pid-file="$tmp/munged.pid" --seed-file="$tmp/munged.seed" --log-file="$tmp/munged.log" \
  >"$tmp/munged.out" 2>&1 &
pids+=($!)

host=$(hostname)
mem=$(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
mkdir -p "$tmp/state" "$tmp/spool" "$tmp/work"
cat >"$tmp/slurm.conf" <<EOF
ClusterName=spotsimci
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/munge.sock
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
MpiDefault=none
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=2 RealMemory=$((mem / 2)) State=UNKNOWN
PartitionName=ci Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$tmp/slurm.conf
for i in $(seq 50); do [ -S "$tmp/munge.sock" ] && break; sleep 0.1; done
[ -S "$tmp/munge.sock" ] || fail "munged did not start: $(cat "$tmp/munged.out")"
timeout 240 slurmctld -D -c >"$tmp/slurmctld.out" 2>&1 &
pids+=($!)
timeout 240 slurmd -D >"$tmp/slurmd.out" 2>&1 &
pids+=($!)
for i in $(seq 60); do
  [ "$(sinfo -h -o %t 2>/dev/null)" = idle ] && break
  sleep 0.5
done
[ "$(sinfo -h -o %t 2>/dev/null)" = idle ] || fail "the node did not come up idle: $(sinfo 2>&1)"
say "cluster up in $((SECONDS - started)) s"

# The submission folder, as docs/sweeps.md has it: the binary and the sweep
# file (with its base scenario and traces) beside the scripts' defaults.
work=$tmp/work
CGO_ENABLED=0 go build -o "$work/spotsim" ./cmd/spotsim
cp scenarios/example-sweep.yaml "$work/sweep.yaml"
cp scenarios/sweep-batch.yaml scenarios/example.yaml scenarios/example_prices.csv scenarios/example_capacity.csv "$work/"
cd "$work"
./spotsim sweep sweep.yaml --out whole --workers 2 >/dev/null

# state JOB: the job's state (PENDING, RUNNING, COMPLETED, FAILED...).
state() { scontrol show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -n 1; }
# until_state JOB STATE...: wait, within the time left, until JOB is in one of STATEs.
until_state() {
  local job=$1
  shift
  while [ "$(left)" -gt 0 ]; do
    local s
    s=$(state "$job")
    for want in "$@"; do [ "$s" = "$want" ] && return 0; done
    sleep 0.5
  done
  fail "$job still ${s:-unknown}, not $*, after ${limit}s"
}

job=$(sbatch --parsable "$repo/deploy/slurm/sweep.sbatch")
merge=$(sbatch --parsable --dependency=afterany:"$job" "$repo/deploy/slurm/merge.sbatch")
say "array $job and merge $merge submitted"
scancel "${job}_15" # still pending: Slurm drops it, as a task lost before it ran
until_state "${job}_7" COMPLETED
scontrol requeue "${job}_7"
# Slurm holds a requeued job back two minutes; this test has not got them.
scontrol update JobId="${job}_7" StartTime=now
say "task 7 requeued after it finished"

until_state "$merge" COMPLETED FAILED
[ "$(state "${job}_7")" = COMPLETED ] || fail "the merge ran before the requeued task 7 finished ($(state "${job}_7"))"
scontrol show job "${job}_7" | grep -q 'Restarts=1' || fail "task 7 was not run again"
grep -q '^runs .*(0 run now, [1-9][0-9]* finished before, 0 failed)$' "spotsim-sweep-${job}_7.out" ||
  fail "the requeued task 7 did not resume: $(cat "spotsim-sweep-${job}_7.out")"
[ "$(state "$merge")" = FAILED ] || fail "the merge succeeded with task 15 cancelled"
grep -q 'runs are not finished in these folders: .* never ran' "spotsim-merge-$merge.out" ||
  fail "the merge did not say which runs are missing: $(cat "spotsim-merge-$merge.out")"
say "the merge waited for task 7 and refused the sweep without task 15"

# Recovery, as docs/sweeps.md has it: resubmit the lost task alone, merge again.
again=$(sbatch --parsable --array=15 "$repo/deploy/slurm/sweep.sbatch")
until_state "${again}_15" COMPLETED FAILED
[ "$(state "${again}_15")" = COMPLETED ] || fail "task 15 resubmitted alone failed: $(cat "spotsim-sweep-${again}_15.out")"
grep -q '^shard *15 of 16 ' "spotsim-sweep-${again}_15.out" ||
  fail "task 15 resubmitted alone did not run shard 15 of 16: $(cat "spotsim-sweep-${again}_15.out")"
merge=$(sbatch --parsable "$repo/deploy/slurm/merge.sbatch")
until_state "$merge" COMPLETED FAILED
[ "$(state "$merge")" = COMPLETED ] || fail "the merge failed after the recovery: $(cat "spotsim-merge-$merge.out")"
for f in summary.csv fleets.csv; do
  cmp "whole/$f" "results/sweep/$f" || fail "the merged $f differs from the unsharded sweep's"
done
say "merged summary.csv and fleets.csv equal the unsharded sweep's (cmp) in $((SECONDS - started)) s"
