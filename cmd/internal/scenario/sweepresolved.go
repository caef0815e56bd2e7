package scenario

import (
	"bytes"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// resolvedCache holds each parameter point's scenario.resolved.yaml with a
// placeholder for the seed: a point's replications differ in the seed
// alone, so the YAML is rendered once a point rather than once a run (B3's
// 1,000 runs have 5 points; rendering was a twentieth of their CPU).
type resolvedCache struct {
	mu      sync.Mutex
	byPoint map[string][]byte // nil value: the placeholder was not found once; render each run
}

// seedMark is the seed a point's YAML is rendered with, to be replaced by
// each run's: a seed no sweep gives (replication seeds are below 2^53),
// found as a top-level line.
const seedMark = "\nseed: 18446744073709551557\n"

// RunResolvedYAML is run i's scenario.resolved.yaml for its folder dir, s
// being its decoded scenario (Scenario(i)): the bytes
// s.ResolvedYAMLFrom(version, dir) gives, so that it re-runs where it lies.
func (sw *Sweep) RunResolvedYAML(i int, s *Scenario, version, dir string) ([]byte, error) {
	r := &sw.Runs[i]
	// Runs' folders are siblings: their trace paths are the same.
	key := filepath.Dir(dir) + "\x00" + strings.Join(r.Values, "\x00")
	c := &sw.resolved
	c.mu.Lock()
	tmpl, ok := c.byPoint[key]
	c.mu.Unlock()
	if !ok {
		seed := s.Config.Seed
		s.Config.Seed = 18446744073709551557
		out, err := s.ResolvedYAMLFrom(version, dir)
		s.Config.Seed = seed
		if err != nil {
			return nil, err
		}
		if bytes.Count(out, []byte(seedMark)) == 1 {
			tmpl = out
		}
		c.mu.Lock()
		if c.byPoint == nil {
			c.byPoint = map[string][]byte{}
		}
		c.byPoint[key] = tmpl
		c.mu.Unlock()
	}
	if tmpl == nil {
		return s.ResolvedYAMLFrom(version, dir)
	}
	at := bytes.Index(tmpl, []byte(seedMark))
	out := make([]byte, 0, len(tmpl))
	out = append(out, tmpl[:at]...)
	out = append(out, "\nseed: "...)
	out = strconv.AppendUint(out, s.Config.Seed, 10)
	out = append(out, '\n')
	return append(out, tmpl[at+len(seedMark):]...), nil
}
