package scenario

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/spotsim/spotsim/cmd/internal/tracefile"
	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/pricing/traces"
	"github.com/spotsim/spotsim/sim"
)

// rateRef is how a pool's eviction rate was given: a band as text, or a
// band read from a Resource Graph export (file set).
type rateRef struct {
	band string
	file traceRef
}

var bandWant = "one of Azure's bands " + oneOf(pricing.EvictionBands) + " (percent per hour; a % sign is allowed), or {file: PATH, format: resource-graph}"

// hazard reads eviction_rate (a band, or a Resource Graph export that
// holds the pool's band) or hazard (per hour), for pools whose capacity is
// not a trace. A band becomes the hazard −ln(1 − p) of its midpoint p
// (pricing.EvictionBandHazard).
func (d *decoder) hazard(m map[string]*yaml.Node, path string, s *Scenario, pk poolKey, p *sim.Pool, capacityTrace bool) {
	pool := pk.Pool // an export's rates name a region and size
	band, rate := m["eviction_rate"], m["hazard"]
	switch {
	case band != nil && rate != nil:
		d.fail(deref(rate), path+".hazard", "give eviction_rate or hazard, not both")
		return
	case band == nil && rate == nil:
		return
	case capacityTrace:
		n, key := band, "eviction_rate"
		if n == nil {
			n, key = rate, "hazard"
		}
		d.fail(deref(n), path+"."+key, "the pool's capacity is a trace, which already says when VMs are reclaimed; stochastic evictions are for pools without one")
		return
	case band != nil && deref(band).Kind == yaml.MappingNode:
		if ref, ok := d.rateFile(band, path+".eviction_rate", pool); ok {
			s.rates[pk] = ref
			p.Hazard = pricing.EvictionBandHazard(ref.band)
		}
	case band != nil:
		v, ok := d.scalar(band, path+".eviction_rate", bandWant)
		if !ok {
			return
		}
		b, known := pricing.ParseEvictionBand(v)
		if !known {
			d.reject(band, path+".eviction_rate", bandWant)
			return
		}
		s.rates[pk] = rateRef{band: b}
		p.Hazard = pricing.EvictionBandHazard(b)
	default:
		n := deref(rate)
		v, err := strconv.ParseFloat(n.Value, 64)
		if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!float" && n.ShortTag() != "!!int") || err != nil || v < 0 || v > 100 {
			d.reject(rate, path+".hazard", "evictions per running VM per hour, a number from 0 to 100, such as 0.03")
			return
		}
		p.Hazard = v
	}
}

// rateFile reads eviction_rate: {file: PATH, format: resource-graph[,
// sha256: HEX]}: the pool's band in an Azure Resource Graph export.
func (d *decoder) rateFile(n *yaml.Node, path string, pool traces.Pool) (rateRef, bool) {
	m := d.fields(n, path, "file", "format", "sha256")
	if m == nil {
		return rateRef{}, false
	}
	const fileWant = "the path of an Azure Resource Graph export, relative to the scenario's folder"
	fileNode, formatNode := d.require(m, n, path, "file", fileWant), d.require(m, n, path, "format", "resource-graph")
	if fileNode == nil || formatNode == nil {
		return rateRef{}, false
	}
	if _, ok := d.enum(formatNode, path+".format", []string{"resource-graph"}); !ok {
		return rateRef{}, false
	}
	file, ok := d.word(fileNode, path+".file", fileWant, func(s string) bool { return s != "" && !strings.ContainsRune(s, 0) })
	if !ok {
		return rateRef{}, false
	}
	format, _ := tracefile.Lookup("resource-graph")
	ft := d.traces.Read(format, file, traces.PriceTrace)
	if ft.Err != nil {
		if !d.traces.Reported(format.Name, file) {
			d.fail(deref(fileNode), path+".file", "%v", ft.Err)
		}
		return rateRef{}, false
	}
	if v := m["sha256"]; v != nil {
		want, ok := d.word(v, path+".sha256", "the SHA-256 of the file as 64 hex digits", hexSHA)
		if !ok {
			return rateRef{}, false
		}
		if !strings.EqualFold(want, ft.Sum) {
			d.fail(deref(v), path+".sha256", "%s does not match %s, whose SHA-256 is %s; the file has changed since the scenario was written", want, file, ft.Sum)
			return rateRef{}, false
		}
	}
	band, ok := ft.Graph.Rate(pool)
	if !ok {
		set := &traces.TraceSet{}
		for p := range ft.Graph.EvictionRates {
			set.Order = append(set.Order, p)
		}
		list := poolList(set, nil)
		if list == "" {
			list = "none"
		}
		d.fail(deref(fileNode), path+".file", "%s has no eviction rate for %s; it has rates for %s", file, pool, list)
		return rateRef{}, false
	}
	return rateRef{band: band, file: traceRef{path: file, sha256: ft.Sum, format: "resource-graph"}}, true
}

// rateNode writes a pool's eviction rate as it was given: the export it
// came from (pinned by SHA-256), the band, or the hazard.
func (s *Scenario) rateNode(pool poolKey, hazard float64) (string, *yaml.Node) {
	ref, ok := s.rates[pool]
	switch {
	case ok && ref.file.path != "":
		return "eviction_rate", newMap(true).add("file", str(ref.file.path)).add("format", str(ref.file.format)).add("sha256", str(ref.file.sha256)).Node
	case ok:
		return "eviction_rate", str(ref.band)
	}
	return "hazard", num(strconv.FormatFloat(hazard, 'g', -1, 64))
}
