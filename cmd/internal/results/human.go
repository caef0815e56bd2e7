package results

import (
	"fmt"
	"io"
	"strings"

	"github.com/spotsim/spotsim/sim"
	"github.com/spotsim/spotsim/sim/summary"
)

// Human writes the few lines a person reads after `spotsim run`: what
// happened, what it cost, what spot saved, and where the files are. The
// figures are those of summary.csv, rounded the same way.
func Human(w io.Writer, res *sim.Result, dir string) error {
	m, err := summary.Run(res)
	if err != nil {
		return err
	}
	return HumanOf(w, res, m, dir)
}

// HumanOf is Human from the run's measures already made: summary.Run's,
// or summary.Summary's, which adds only workload measures Human does not
// print. A pass over B2's 3.4 million VMs costs a tenth of a second.
func HumanOf(w io.Writer, res *sim.Result, m *summary.Measures, dir string) error {
	c := m.Money()
	// Right-align the amounts so their decimal points line up.
	amounts := []string{usd(c.Compute), usd(c.Disk), usd(c.Total()), usd(c.PAYG), usd(c.Savings())}
	width := 0
	for _, a := range amounts {
		width = max(width, len(a))
	}
	for i, a := range amounts {
		amounts[i] = strings.Repeat(" ", width-len(a)) + a + " USD"
	}
	savings := strings.TrimLeft(amounts[4], " ")
	if pct := savingsPct(m, 2); pct != "" {
		savings += " (" + pct + "%)"
	}
	lines := [][2]string{
		{"vms", fmt.Sprintf("%d (%d spot, %d regular), %d notices", m.VMs, m.Spot, m.Regular, m.Notices)},
		{"evictions", fmt.Sprintf("%d (%d price, %d capacity); failed creates %d, failed starts %d",
			m.PriceEvictions+m.CapacityEvictions, m.PriceEvictions, m.CapacityEvictions, m.FailedCreates, m.FailedStarts)},
		{"compute cost", amounts[0]},
		{"disk cost", amounts[1]},
		{"total cost", amounts[2]},
		{"payg compute", amounts[3] + "; savings " + savings},
		{"results", fmt.Sprintf("%s (scenario %s, seed %d)", dir, res.Config.Name, res.Config.Seed)},
	}
	var b strings.Builder
	for _, l := range lines {
		fmt.Fprintf(&b, "%-13s %s\n", l[0], l[1])
	}
	_, err := io.WriteString(w, b.String())
	return err
}
