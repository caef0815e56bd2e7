#!/usr/bin/env bash
# CI: deploy/k8s/wait-job.sh against a stand-in kubectl that plays a Job's
# conditions over time: it must return 1 as soon as the Job fails (not sit
# out its timeout), 0 when it completes, 2 at the timeout.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The stand-in: each `get` answers the next line of $tmp/script (the last
# line repeats); "error" fails as a busy API server would.
cat >"$tmp/kubectl" <<'STUB'
#!/usr/bin/env bash
n=$(cat "$STUB_DIR/calls" 2>/dev/null || echo 0)
echo $((n + 1)) >"$STUB_DIR/calls"
case "$*" in *'@.type=="Failed"'*) echo "BackoffLimitExceeded"; exit 0 ;; esac
line=$(sed -n "$((n + 1))p" "$STUB_DIR/script")
[ -n "$line" ] || line=$(tail -n 1 "$STUB_DIR/script")
[ "$line" = error ] && { echo "the server is busy" >&2; exit 1; }
[ "$line" = none ] && line=
printf '%s' "$line"
STUB
chmod +x "$tmp/kubectl"
export PATH="$tmp:$PATH" STUB_DIR=$tmp POLL_SECONDS=0.05
check() { # want, timeout, conditions over time...
  local want=$1 limit=$2
  shift 2
  printf '%s\n' "$@" >"$tmp/script"
  rm -f "$tmp/calls"
  local rc=0
  deploy/k8s/wait-job.sh spotsim-sweep "$limit" >/dev/null 2>&1 || rc=$?
  [ "$rc" = "$want" ] || { echo "wait-job-test: FAIL: conditions $* gave exit $rc, want $want" >&2; exit 1; }
}
check 1 3600 none none error FailureTarget "FailureTarget Failed"
check 0 3600 none error "SuccessCriteriaMet" "SuccessCriteriaMet Complete"
check 2 1 none
echo "wait-job-test: Failed ends the wait at once, Complete succeeds, the timeout holds"
