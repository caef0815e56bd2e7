package results

import (
	"github.com/spotsim/spotsim/cmd/internal/csvw"
	"github.com/spotsim/spotsim/sim"
)

// enumText is the CSV text of each value of a one-byte enum (an event's
// kind, a state, a reason), quoted once: events.csv writes four of them on
// each of millions of rows.
type enumText struct {
	text [256]string
	done [256]bool
	name func(uint8) string
}

func (e *enumText) of(v uint8) string {
	if !e.done[v] {
		e.text[v], e.done[v] = csvw.Quote(e.name(v)), true
	}
	return e.text[v]
}

// fleetTexts are each fleet's name as CSV text, quoted once.
func fleetTexts(res *sim.Result) []string {
	out := make([]string, len(res.Config.Fleets))
	for i := range out {
		out[i] = csvw.Quote(res.Config.Fleets[i].Name)
	}
	return out
}

// vmTexts are vms.csv's text columns, each quoted once per fleet, pool or
// value rather than checked for quoting on each of millions of rows.
type vmTexts struct {
	names      *csvw.Names
	fleets     []string // the fleet's name
	policies   []string // the fleet's eviction policy
	regionSKU  []string // the pool's region and SKU, two fields
	zones      []string // the pool's zone
	priorities enumText
	states     enumText
}

func newVMTexts(res *sim.Result) *vmTexts {
	cfg := res.Config
	t := &vmTexts{
		names:      csvw.NewNames(cfg.Fleets),
		fleets:     fleetTexts(res),
		policies:   make([]string, len(cfg.Fleets)),
		regionSKU:  make([]string, len(cfg.Pools)),
		zones:      make([]string, len(cfg.Pools)),
		priorities: enumText{name: func(v uint8) string { return sim.Priority(v).String() }},
		states:     enumText{name: func(v uint8) string { return sim.State(v).String() }},
	}
	for i := range cfg.Fleets {
		t.policies[i] = csvw.Quote(cfg.Fleets[i].Policy.String())
	}
	for i := range cfg.Pools {
		p := &cfg.Pools[i]
		t.regionSKU[i] = csvw.Quote(p.Region) + "," + csvw.Quote(p.SKU)
		t.zones[i] = csvw.Quote(p.Zone)
	}
	return t
}
