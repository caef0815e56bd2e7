#!/bin/sh
# A minimal Azure Spot eviction handler, in the style of Azure's Scheduled
# Events samples: poll the metadata service every second; on a Preempt
# event, drain, then acknowledge it (StartRequests) so the eviction need not
# wait for NotBefore. Point IMDS at `spotsim serve` to test it:
#
#   go run ./cmd/spotsim serve --vm batch-0 --from 2d11h59m50s &
#   IMDS=http://127.0.0.1:8080 sh scenarios/drain-handler.sh
IMDS=${IMDS:-http://169.254.169.254}
URL="$IMDS/metadata/scheduledevents?api-version=2020-07-01"
while :; do
  doc=$(curl -sf -H Metadata:true "$URL") || { echo "metadata service not answering" >&2; exit 1; }
  case "$doc" in
  *'"EventType":"Preempt"'*)
    id=$(printf '%s' "$doc" | sed -n 's/.*"EventId":"\([^"]*\)".*/\1/p')
    not_before=$(printf '%s' "$doc" | sed -n 's/.*"NotBefore":"\([^"]*\)".*/\1/p')
    echo "$(date -u +%H:%M:%S) Preempt $id, not before: ${not_before:-now}; draining"
    # Drain, checkpoint, deregister from the load balancer here.
    curl -sf -H Metadata:true -X POST -d "{\"StartRequests\":[{\"EventId\":\"$id\"}]}" "$URL" >/dev/null &&
      echo "$(date -u +%H:%M:%S) acknowledged $id"
    exit 0
    ;;
  esac
  sleep "${POLL:-1}"
done
