#!/usr/bin/env bash
# wait-job.sh JOB [TIMEOUT_SECONDS]: wait until the Job is Complete (exit 0)
# or Failed (exit 1), whichever comes first; exit 2 after the timeout
# (default 24 h). `kubectl wait --for=condition=complete` alone would sit out
# its whole timeout when the Job fails, and kubectl cannot wait for either
# of two conditions.
#
#   deploy/k8s/wait-job.sh spotsim-sweep && kubectl apply -f deploy/k8s/merge-job.yaml
set -uo pipefail
job=${1:?usage: wait-job.sh JOB [TIMEOUT_SECONDS]}
limit=${2:-86400}
every=${POLL_SECONDS:-30}
start=$SECONDS
while :; do
  # The Job's true conditions: Complete or Failed when it has ended (the
  # interim SuccessCriteriaMet and FailureTarget are not the end yet).
  if conditions=$(kubectl get "job/$job" -o 'jsonpath={.status.conditions[?(@.status=="True")].type}'); then
    case " $conditions " in
    *" Complete "*)
      echo "job/$job complete"
      exit 0
      ;;
    *" Failed "*)
      echo "job/$job failed: $(kubectl get "job/$job" -o 'jsonpath={.status.conditions[?(@.type=="Failed")].message}')" >&2
      exit 1
      ;;
    esac
  fi # a failed kubectl get (the API server busy) is tried again
  if ((SECONDS - start >= limit)); then
    echo "job/$job neither complete nor failed after ${limit} s" >&2
    exit 2
  fi
  sleep "$every"
done
