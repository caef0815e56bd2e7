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
