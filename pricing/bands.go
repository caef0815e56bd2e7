package pricing

import (
	"math"
	"strings"
)

// evictionBands are Azure's published eviction-rate bands, percent per hour
// (the portal's pricing history and Resource Graph's evictionRate), in
// order, each with the per-hour eviction probability spotsim takes for it:
// its midpoint, and 25 % for the open 20+ band. The one list of them.
var evictionBands = []struct {
	name string
	p    float64
}{{"0-5", 0.025}, {"5-10", 0.075}, {"10-15", 0.125}, {"15-20", 0.175}, {"20+", 0.25}}

// EvictionBands are the bands' names, in order.
var EvictionBands = func() []string {
	out := make([]string, len(evictionBands))
	for i, b := range evictionBands {
		out[i] = b.name
	}
	return out
}()

// bandPoints is evictionBands by name.
var bandPoints = func() map[string]float64 {
	m := make(map[string]float64, len(evictionBands))
	for _, b := range evictionBands {
		m[b.name] = b.p
	}
	return m
}()

// ParseEvictionBand reads a band as Azure writes it, tolerating a percent
// sign and spaces ("5-10%", "20 +", seen in exports), and returns its
// canonical form.
func ParseEvictionBand(s string) (string, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	s = strings.TrimSuffix(s, "%")
	if _, ok := bandPoints[s]; ok {
		return s, true
	}
	return "", false
}

// EvictionBandProbability is the chance per hour that spotsim takes for a
// band (its midpoint; 25 % for 20+).
func EvictionBandProbability(band string) float64 { return bandPoints[band] }

// EvictionBandHazard is the eviction hazard, per VM per hour, of a band.
// Azure defines the rate as "a 10% chance of being evicted within the next
// hour" (spot-vms.md): a probability p per hour, which is the exponential
// hazard −ln(1 − p), not p itself (2.53 %/h for the 0-5 band's 2.5 %).
func EvictionBandHazard(band string) float64 {
	return -math.Log1p(-bandPoints[band])
}
