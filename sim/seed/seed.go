// Package seed owns how spotsim turns a scenario's one seed into every
// random stream and every replication's seed: a named stream per pool,
// fleet or generator (Stream), and the seed of each replication of a run or
// sweep (Replication). Nothing else derives seeds, so adding a pool, fleet
// or replication never shifts another's draws, and the same seed gives the
// same run whoever asks.
package seed

import (
	"hash/fnv"
	"math/rand/v2"
)

// Stream is the random stream of seed named name: a PCG seeded with the
// seed and the FNV-1a hash of the name. Every random draw of spotsim (the
// engine's, and `traces gen`'s) comes from one, so that adding a pool or
// fleet does not shift another's draws.
func Stream(seed uint64, name string) rand.Source {
	h := fnv.New64a()
	h.Write([]byte(name))
	return rand.NewPCG(seed, h.Sum64())
}

// Numbered is the i-th random stream of seed, for a generator that numbers
// its streams rather than naming them (the benchmark scenarios' pools:
// cmd/internal/bench). Named streams (Stream) are for everything a
// scenario runs.
func Numbered(seed uint64, i uint64) rand.Source { return rand.NewPCG(seed, i) }

// MaxExact is the largest seed Replication gives for r > 0.
const MaxExact = 1<<53 - 1

// Replication is the seed of replication r of a run or sweep seeded with
// seed. Replication 0 runs with the seed itself, so a one-replication sweep
// reproduces `spotsim run`; replication r > 0 with the top 53 bits of
// splitmix64(seed + r). Every parameter point of one replication shares its
// seed (common random numbers), so differences between points are not
// noise. 53 bits because a seed is read back from summary.csv by notebooks:
// R's readr and pandas' float paths round integers above 2^53, data.table
// reads them as text and polars as Int128, and a rounded seed re-runs a
// different replication.
func Replication(seed uint64, r int) uint64 {
	if r == 0 {
		return seed
	}
	z := seed + uint64(r)*0x9E3779B97F4A7C15
	z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
	z = (z ^ z>>27) * 0x94D049BB133111EB
	return (z ^ z>>31) >> 11
}
