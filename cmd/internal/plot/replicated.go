package plot

import (
	"errors"
	"math"
	"path/filepath"
	"slices"
)

// A replicated run's folder (`replications: N`) has a summary.csv and
// fleets.csv with a row per replication, summary_stats.csv, and each
// replication's own files in replications/<r>/. Its charts are each
// fleet's spread over replications (every replication a dot, the mean with
// its 95 % interval a bar), then replication 0's run charts, titled as such.

// replicationMeasures are the per-fleet measures drawn across replications,
// when the fleets have them.
var replicationMeasures = []struct{ col, label string }{
	{"total_cost_usd", "total cost (USD)"},
	{"savings_pct", "savings (% of pay-as-you-go compute)"},
	{"availability_pct", "availability (%)"},
	{"makespan_hours", "makespan (hours)"},
	{"evictions", "evictions"},
}

func replicatedFigures(dir string) ([]*Figure, error) {
	t, err := readTable(dir, "fleets.csv")
	if err != nil {
		return nil, err
	}
	if err := t.need("replication", "fleet"); err != nil {
		return nil, err
	}
	var fleets []string
	for i := range t.rows {
		if f := t.str(i, "fleet"); !slices.Contains(fleets, f) {
			fleets = append(fleets, f)
		}
	}
	var figs []*Figure
	for _, m := range replicationMeasures {
		if !t.has(m.col) {
			continue
		}
		f := &Figure{
			Name:       "replications-" + m.col,
			Title:      "spread over replications: " + m.label,
			YLabel:     m.label,
			Categories: fleets,
			FreeY:      true,
		}
		dots := Layer{Kind: Points, Name: "one replication", Color: cSky, Glyph: gCircle}
		mean := Layer{Kind: Points, Name: "mean", Color: cBlack, Glyph: gBox}
		ci := Layer{Kind: ErrBars, Color: cBlack}
		for fi, fl := range fleets {
			var v []float64
			for i := range t.rows {
				if t.str(i, "fleet") != fl {
					continue
				}
				x, err := t.float(i, m.col)
				if err != nil {
					return nil, err
				}
				if !math.IsNaN(x) {
					v = append(v, x)
					dots.X, dots.Y = append(dots.X, float64(fi)+0.15), append(dots.Y, x)
				}
			}
			e := estimate(v)
			if e.N == 0 {
				continue
			}
			mean.X, mean.Y = append(mean.X, float64(fi)-0.15), append(mean.Y, e.Mean)
			if !math.IsNaN(e.Hi) {
				ci.X, ci.Y, ci.Lo, ci.Hi = append(ci.X, float64(fi)-0.15), append(ci.Y, e.Mean), append(ci.Lo, e.Lo), append(ci.Hi, e.Hi)
			}
		}
		if len(mean.X) == 0 {
			continue // no fleet has the measure (a workload column without workloads)
		}
		f.Layers = []Layer{dots, mean}
		if len(ci.X) > 0 {
			ci.Name = "95% interval of the mean"
			f.Layers = append(f.Layers, ci)
		}
		figs = append(figs, f)
	}
	// Replication 0's run charts, when its files were kept.
	r0 := filepath.Join(dir, "replications", "0")
	r, err := loadRun(r0)
	if errors.Is(err, errMissing) {
		return figs, nil
	}
	if err != nil {
		return nil, err
	}
	rf, err := runFigures(r)
	if err != nil {
		return nil, err
	}
	seed := ""
	if s, err := readTable(r0, "summary.csv"); err == nil && s.has("seed") && len(s.rows) > 0 {
		seed = ", seed " + s.str(0, "seed")
	}
	for _, f := range rf {
		f.Name = "replication-0-" + f.Name
		f.Title = "replication 0" + seed + ": " + f.Title
	}
	return append(figs, rf...), nil
}
