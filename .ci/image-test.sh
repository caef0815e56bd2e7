#!/usr/bin/env bash
# CI: the Kubernetes side of docs/sweeps.md without a cluster.
#
#   1. deploy/k8s/*.yaml are decoded strictly into the Kubernetes API types
#      (k8s.io/api, in the module deploy/validate) and checked (go test there);
#      deploy/k8s/wait-job.sh is tried against a stand-in kubectl;
#   2. the image is built from deploy/Dockerfile with buildah (Debian's);
#   3. each pod of the Indexed Job is run in that image as the manifest has
#      it: the container's command and args as the kubelet expands them
#      (validate -argv), JOB_COMPLETION_INDEX 0...completions-1, the user the
#      image names, the ConfigMap's files at /input read-only and one shared
#      folder at /results; then the merge Job's container. The merged
#      summary.csv and fleets.csv must equal (cmp) an unsharded sweep's.
#
# Fails, never skips, when buildah cannot be installed.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
started=$SECONDS
say() { echo "image-test: [$((SECONDS - started)) s] $*"; }
fail() {
  echo "image-test: FAIL: $*" >&2
  exit 1
}

say "strict decoding and checks of deploy/k8s"
(cd deploy/validate && go vet ./... && go test ./... && go run . ../k8s/*.yaml)
validate() { (cd "$repo/deploy/validate" && go run . "$@" ../k8s/*.yaml); }
bash .ci/wait-job-test.sh

if ! command -v buildah >/dev/null; then
  say "installing buildah from Debian"
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get -o DPkg::Lock::Timeout=60 update -qq &&
    apt-get -o DPkg::Lock::Timeout=60 install -y -qq --no-install-recommends buildah >/dev/null; }; then
    fail "could not install buildah with apt-get: the image cannot be built"
  fi
fi

tmp=$(mktemp -d /tmp/spotsim-image.XXXXXX)
B=(buildah --root "$tmp/storage" --runroot "$tmp/run" --storage-driver vfs)
ctr=
cleanup() {
  [ -n "$ctr" ] && "${B[@]}" rm "$ctr" >/dev/null 2>&1 || true
  rm -f "$repo/deploy/spotsim"
  rm -rf "$tmp"
}
trap cleanup EXIT

image=$(sed -n 's/^ *image: *//p' deploy/k8s/sweep-job.yaml | head -n 1)
CGO_ENABLED=0 go build -trimpath -o deploy/spotsim ./cmd/spotsim
"${B[@]}" bud -q -f deploy/Dockerfile -t "$image" deploy >/dev/null
[ "$("${B[@]}" inspect --type image --format '{{.OCIv1.Config.Entrypoint}} {{.OCIv1.Config.User}}' "$image")" = "[/spotsim] 65532:65532" ] ||
  fail "the image's entrypoint or user is not [/spotsim] 65532:65532"
say "built $image from deploy/Dockerfile"

# The ConfigMap of docs/sweeps.md: these five files, flat, at /input.
mkdir -p "$tmp/input" "$tmp/results"
cp scenarios/example-sweep.yaml scenarios/sweep-batch.yaml scenarios/example.yaml scenarios/example_prices.csv scenarios/example_capacity.csv "$tmp/input/"
chmod 777 "$tmp/results" # the volume; fsGroup makes it writable on a cluster
ctr=$("${B[@]}" from -q "$image")
run_pod() { "${B[@]}" run --isolation chroot -v "$tmp/input:/input:ro" -v "$tmp/results:/results" "$@"; }
# pod runs a container, again (three tries in all) only when the runtime
# failed to start it: runc copies itself into a memfd and seals it, and the
# seal fails with EBUSY while a writable mapping of the copy lingers ("Close_Fd
# sealing memfd copy: Device or resource busy", seen once in CI on pod 5 of
# 16). Nothing of spotsim ran then; any other failure fails at once. A shard
# run twice is harmless anyway: a sweep skips runs already done.
pod() {
  local try out
  for try in 1 2 3; do
    if out=$(run_pod "$@" 2>&1); then
      printf '%s\n' "$out"
      return 0
    fi
    grep -q "sealing memfd copy" <<<"$out" || break
    say "the container runtime failed to start a pod (try $try): $(grep -m1 "sealing memfd copy" <<<"$out")" >&2
  done
  printf '%s\n' "$out"
  return 1
}

mapfile -t sweep < <(validate -argv spotsim-sweep)
n=$(validate -completions spotsim-sweep)
for ((i = 0; i < n; i++)); do
  pod --env JOB_COMPLETION_INDEX=$i "$ctr" -- "${sweep[@]}" >"$tmp/pod-$i.out" || fail "pod $i: $(cat "$tmp/pod-$i.out")"
done
grep -q "^shard *$((n - 1)) of $n " "$tmp/pod-$((n - 1)).out" || fail "pod $((n - 1)) did not run shard $((n - 1)) of $n"
say "ran the $n pods of spotsim-sweep: ${sweep[*]}"

mapfile -t merge < <(validate -argv spotsim-merge)
pod "$ctr" -- "${merge[@]}" >/dev/null || fail "the merge pod failed"
out=${merge[-1]#/results/}
"$repo/deploy/spotsim" sweep "$tmp/input/example-sweep.yaml" --out "$tmp/whole" --workers 2 >/dev/null
for f in summary.csv fleets.csv; do
  cmp "$tmp/whole/$f" "$tmp/results/$out/$f" || fail "the merged $f differs from the unsharded sweep's"
done
say "merged summary.csv and fleets.csv equal the unsharded sweep's (cmp)"
