#!/usr/bin/env bash
# pgo.sh [OUT [SCALE]]: profile spotsim on the benchmark scenarios and merge
# the profiles into OUT (default cmd/spotsim/default.pgo), the profile that
# `go build ./cmd/spotsim` uses for profile-guided optimization. SCALE (default
# 1) shrinks the scenarios; CI runs it at 0.01 so that this script cannot rot.
# Outputs do not depend on the profile: it changes inlining and code layout only.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-cmd/spotsim/default.pgo}
scale=${2:-1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go build -pgo=off -o "$tmp/spotsim" ./cmd/spotsim
"$tmp/spotsim" bench B1 B2 B3 P1k P10k --scale "$scale" --runs 1 --outputs summary --dir "$tmp/b" >/dev/null 2>"$tmp/bench.err" ||
  { cat "$tmp/bench.err" >&2; exit 1; }

prof() { # prof NAME COMMAND...: one profiled run
  local name=$1; shift
  "$tmp/spotsim" "$@" --cpuprofile "$tmp/$name.prof" >/dev/null 2>"$tmp/$name.err" ||
    { cat "$tmp/$name.err" >&2; exit 1; }
}
# The peer scenarios three times each (the engine's hot loop and the trace
# reader), B1 with summary and with all outputs (the writers), B2 (a million
# VMs) and B3 (a sweep of 1,000 short runs).
for i in 1 2 3; do
  prof "p1k-$i" run "$tmp/b/p1k/scenario.yaml" --out "$tmp/o" --force --outputs summary
  prof "p10k-$i" run "$tmp/b/p10k/scenario.yaml" --out "$tmp/o" --force --outputs summary
done
prof b1-summary run "$tmp/b/b1-fleet-year/scenario.yaml" --out "$tmp/o" --force --outputs summary
prof b1-all run "$tmp/b/b1-fleet-year/scenario.yaml" --out "$tmp/o" --force
prof b2 run "$tmp/b/b2-million/scenario.yaml" --out "$tmp/o" --force --outputs summary
prof b3 sweep "$tmp/b/b3-base/sweep.yaml" --out "$tmp/sweep"

go tool pprof -proto "$tmp"/*.prof >"$tmp/merged.pgo" 2>/dev/null
mv "$tmp/merged.pgo" "$out"
echo "wrote $out"
