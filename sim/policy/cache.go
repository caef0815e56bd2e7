package policy

import (
	"encoding/binary"
	"hash/fnv"
	"sync"
)

// A sweep runs the same market and job many times (replications, other
// policies, other fleets' settings): OptimalCached computes each optimum
// once per process. The key is a 128-bit FNV hash of every input, so a
// collision would need two different markets to collide in 128 bits; the
// result is a pure function of the inputs, so runs stay deterministic.
var (
	optimalMu    sync.Mutex
	optimalCache = map[[16]byte]Result{}
)

// optimalCacheMax bounds the cache; past it, optima are computed each time.
const optimalCacheMax = 4096

// OptimalCached is Optimal, remembered.
func OptimalCached(m Market, j Job) (Result, error) {
	h := fnv.New128a()
	var b [8]byte
	put := func(v int64) {
		binary.LittleEndian.PutUint64(b[:], uint64(v))
		h.Write(b[:])
	}
	put(m.Gap)
	put(int64(m.Regular))
	put(j.Work)
	put(j.Deadline)
	put(j.Overhead)
	put(int64(len(m.Avail)))
	for i, a := range m.Avail {
		v := int64(m.Spot[i])
		if a {
			v = -v - 1
		}
		put(v)
	}
	var key [16]byte
	h.Sum(key[:0])
	optimalMu.Lock()
	r, ok := optimalCache[key]
	optimalMu.Unlock()
	if ok {
		return r, nil
	}
	r, err := Optimal(m, j)
	if err != nil {
		return r, err
	}
	optimalMu.Lock()
	if len(optimalCache) < optimalCacheMax {
		optimalCache[key] = r
	}
	optimalMu.Unlock()
	return r, nil
}
