package plot

import (
	"errors"
	"slices"
)

// sizeColours are given to a fleet's sizes in turn.
var sizeColours = []int{cBlue, cOrange, cGreen, cPurple, cSky, cYellow, cVermillion, cBlack}

// sizeFigures draws, for each fleet that ran VMs of more than one size
// (docs/fleets.md), its running VMs by size over time: where the
// allocation strategy put the fleet as prices and capacity moved. It needs
// vms.csv (a VM's size) and events.csv (when it entered and left running);
// without them there is no chart.
func (r *run) sizeFigures() ([]*Figure, error) {
	if r.events == nil || !r.events.has("vm") || !r.events.has("from_state") || !r.events.has("to_state") {
		return nil, nil
	}
	vms, err := readTable(r.dir, "vms.csv")
	if errors.Is(err, errMissing) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if err := vms.need("vm", "fleet", "sku"); err != nil {
		return nil, err
	}
	sizeOf := map[string]string{}
	sizes := map[string][]string{} // fleet → its sizes, in order of first VM
	var fleets []string
	for i := range vms.rows {
		fleet, sku := vms.str(i, "fleet"), vms.str(i, "sku")
		sizeOf[vms.str(i, "vm")] = sku
		if _, ok := sizes[fleet]; !ok {
			fleets = append(fleets, fleet)
		}
		if !slices.Contains(sizes[fleet], sku) {
			sizes[fleet] = append(sizes[fleet], sku)
		}
	}
	var figs []*Figure
	for _, fleet := range fleets {
		skus := sizes[fleet]
		if len(skus) < 2 {
			continue
		}
		// Running VMs per size after each change, forward filled.
		var times []float64
		counts := make([][]float64, len(skus))
		running := make([]float64, len(skus))
		ev := r.events.filter("fleet", fleet)
		for i := range ev.rows {
			from, to := ev.str(i, "from_state"), ev.str(i, "to_state")
			if (from == "running") == (to == "running") {
				continue
			}
			k := slices.Index(skus, sizeOf[ev.str(i, "vm")])
			if k < 0 {
				continue
			}
			at, err := ev.time(i, "time")
			if err != nil {
				return nil, err
			}
			if to == "running" {
				running[k]++
			} else {
				running[k]--
			}
			if n := len(times); n > 0 && times[n-1] == at {
				for j := range counts {
					counts[j][n-1] = running[j]
				}
				continue
			}
			times = append(times, at)
			for j := range counts {
				counts[j] = append(counts[j], running[j])
			}
		}
		if len(times) == 0 {
			continue
		}
		f := &Figure{
			Name:   "fleet-" + fleet + "-sizes",
			Title:  "fleet " + fleet + ": running VMs by size",
			XLabel: "time (UTC)",
			YLabel: "running VMs",
			TimeX:  true, XMin: r.start, XMax: r.end,
		}
		// Stacked: each size's area is filled from zero to the running
		// total of the sizes before it and itself; the top of the stack
		// is drawn first so the lower ones paint over it.
		total := make([]float64, len(times))
		var layers []Layer
		for j, sku := range skus {
			for i := range total {
				total[i] += counts[j][i]
			}
			x, y := stepTo(times, slices.Clone(total), r.end)
			layers = append(layers, Layer{Kind: Area, Name: sku, Color: sizeColours[j%len(sizeColours)], X: x, Y: y})
		}
		slices.Reverse(layers)
		f.Layers = layers
		figs = append(figs, f)
	}
	return figs, nil
}
