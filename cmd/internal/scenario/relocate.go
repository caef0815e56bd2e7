package scenario

import (
	"bytes"
	"fmt"
	"path"
	"path/filepath"
	"strconv"

	"github.com/spotsim/spotsim/cmd/internal/tracefile"
	"github.com/spotsim/spotsim/pricing/traces"
)

// MaxTraceCopy is the largest trace file ResolvedYAMLIn copies into a
// results folder; a larger one is named by a path relative to the folder.
var MaxTraceCopy = 16 << 20

// ResolvedYAMLIn is ResolvedYAML for a file written into outDir, so that
// `spotsim run outDir/scenario.resolved.yaml` runs where it lies and gives
// the same results. Each trace file up to MaxTraceCopy bytes is returned in
// copies as traces/<name> with its bytes, for the caller to write beside
// the resolved file (a folder that travels whole, and the only way for the
// built-in example, whose traces are inside the binary); a larger one, or
// a folder of snapshots, is named by its path relative to outDir. The
// sha256 of every trace is unchanged.
func (s *Scenario) ResolvedYAMLIn(version, outDir string) (resolved []byte, copies map[string][]byte, err error) {
	return s.resolvedFor(version, outDir, MaxTraceCopy)
}

// ResolvedYAMLFrom is ResolvedYAMLIn copying nothing: every trace is named
// by its path relative to outDir (a sweep's run, whose thousands of
// folders would otherwise each hold a copy).
func (s *Scenario) ResolvedYAMLFrom(version, outDir string) ([]byte, error) {
	out, _, err := s.resolvedFor(version, outDir, -1)
	return out, err
}

// resolvedFor renders the resolved file for outDir, copying trace files of
// up to maxCopy bytes (none when negative).
func (s *Scenario) resolvedFor(version, outDir string, maxCopy int) (resolved []byte, copies map[string][]byte, err error) {
	absOut, err := filepath.Abs(outDir)
	if err != nil {
		return nil, nil, err
	}
	savedSources, savedRates := s.sources, s.rates
	defer func() { s.sources, s.rates, s.relocated = savedSources, savedRates, false }()
	copies = map[string][]byte{}
	byPath := map[string]string{} // a file named twice is copied once
	relocate := func(ref traceRef) (traceRef, error) {
		if name, ok := byPath[ref.path]; ok {
			ref.path = name
			return ref, nil
		}
		var data []byte
		if maxCopy >= 0 && s.open != nil && !isFolderFormat(ref.format) && s.copyable(ref.path, maxCopy) {
			if d, err := s.open(ref.path); err == nil {
				data = d
			}
		}
		switch {
		case data != nil && len(data) <= maxCopy:
			name := "traces/" + path.Base(filepath.ToSlash(ref.path))
			for i := 2; copies[name] != nil && !bytes.Equal(copies[name], data); i++ {
				name = "traces/" + strconv.Itoa(i) + "-" + path.Base(filepath.ToSlash(ref.path))
			}
			copies[name] = data
			byPath[ref.path] = name
			ref.path = name
		case filepath.IsAbs(filepath.FromSlash(ref.path)):
		case s.dir != "":
			rel, err := filepath.Rel(absOut, filepath.Join(s.dir, filepath.FromSlash(ref.path)))
			if err != nil {
				return ref, fmt.Errorf("trace %s: %w", ref.path, err)
			}
			byPath[ref.path] = filepath.ToSlash(rel)
			ref.path = filepath.ToSlash(rel)
		}
		return ref, nil
	}
	// In a fixed order, so the copies' names do not depend on map order:
	// the pools' series, then their eviction-rate exports.
	moved := make(map[source]traceRef, len(savedSources))
	for _, k := range s.sourceOrder() {
		if moved[k], err = relocate(savedSources[k]); err != nil {
			return nil, nil, err
		}
	}
	movedRates := make(map[poolKey]rateRef, len(savedRates))
	for _, k := range s.poolOrder() {
		r, ok := savedRates[k]
		if ok && r.file.path != "" {
			if r.file, err = relocate(r.file); err != nil {
				return nil, nil, err
			}
		}
		if ok {
			movedRates[k] = r
		}
	}
	s.sources, s.rates, s.relocated = moved, movedRates, true
	resolved, err = s.ResolvedYAML(version)
	return resolved, copies, err
}

// isFolderFormat says whether a trace format reads a folder, which is
// named, never copied.
func isFolderFormat(name string) bool {
	f, ok := tracefile.Lookup(name)
	return ok && f.Folder
}

// copyable says whether a trace file may be small enough to copy, without
// reading a large one to find out.
func (s *Scenario) copyable(rel string, maxCopy int) bool {
	if s.stream == nil {
		return true
	}
	st, err := s.stream(rel)
	if err != nil {
		return true // reading it will say
	}
	st.Close()
	return st.Size <= int64(maxCopy)
}

// sourceOrder lists the pools' traces in pool order, spot price first.
func (s *Scenario) sourceOrder() []source {
	var out []source
	for _, k := range s.poolOrder() {
		for _, kind := range []traces.Kind{traces.PriceTrace, traces.CapacityTrace} {
			if _, ok := s.sources[source{k, kind}]; ok {
				out = append(out, source{k, kind})
			}
		}
	}
	return out
}

// poolOrder lists the pools' keys in the scenario's order.
func (s *Scenario) poolOrder() []poolKey {
	out := make([]poolKey, len(s.Config.Pools))
	for i, p := range s.Config.Pools {
		out[i] = poolKey{traces.Pool{Region: p.Region, SKU: p.SKU}, p.Zone}
	}
	return out
}
