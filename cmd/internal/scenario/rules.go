package scenario

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/spotsim/spotsim/sim"
)

// spotRules applies R10 and the spot price requirement to a spot fleet.
// skuPath is the key path of one size of the fleet at path (fleets[0].sku
// or fleets[0].sizes[1].sku).
func (d *decoder) spotRules(f sim.Fleet, path, skuPath string, regionNode, skuNode *yaml.Node, region, sku string, pools poolIndex) {
	lower := strings.ToLower(sku)
	if strings.HasPrefix(lower, "standard_b") || strings.HasSuffix(lower, "_promo") {
		d.fail(deref(skuNode), skuPath, "%s cannot be spot: B-series and promo sizes cannot be spot (R10); want another size or priority: regular", sku)
	}
	if regionNode != nil && strings.HasPrefix(strings.ToLower(region), "china") {
		d.fail(deref(regionNode), path+".region", "%s cannot host spot VMs: spot is not offered in Azure China 21Vianet (R10); want another region or priority: regular", region)
	}
	for _, fp := range f.Candidates() {
		if fp.Pool < 0 {
			continue // no pool found: already reported
		}
		if p := pools.keys[fp.Pool]; p.SKU == sku && !pools.spotGiven[fp.Pool] {
			d.fail(deref(skuNode), skuPath, "pool %s has no spot_price, which a spot fleet needs; give pools[%d].spot_price or make the fleet priority: regular", p, fp.Pool)
		}
	}
}

// offer applies R10's offer rules once every fleet is known.
func (d *decoder) offer(s *Scenario, at *yaml.Node) {
	spot := -1
	for i, f := range s.Config.Fleets {
		if f.Priority == sim.Spot {
			spot = i
			break
		}
	}
	if spot < 0 {
		return
	}
	switch s.Offer {
	case "benefits", "free_trial":
		d.fail(deref(at), "offer", "%s does not allow spot VMs (R10), and fleet %s is spot; want enterprise_agreement, pay_as_you_go, sponsored or csp, or only regular fleets", s.Offer, s.Config.Fleets[spot].Name)
	case "csp":
		s.Warnings = append(s.Warnings, CSPWarning)
	}
}
