package runner

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/spotsim/spotsim/cmd/internal/results"
	"github.com/spotsim/spotsim/cmd/internal/scenario"
	"github.com/spotsim/spotsim/sim"
	"github.com/spotsim/spotsim/sim/seed"
	"github.com/spotsim/spotsim/sim/summary"
)

// Replications runs the scenario once per replication seed, each into
// DIR/replications/<r>/ with the chosen outputs, then writes DIR/summary.csv
// and fleets.csv (a replication column, then the run's columns, a row per
// replication and fleet), summary_stats.csv and the resolved scenario;
// summary.csv last.
//
// version is written into the resolved scenario; times gets the simulate
// and write laps.
func Replications(sc *scenario.Scenario, dir, version string, outs results.Outputs, opt results.Options, stdout, stderr io.Writer, times *Times) error {
	t0 := time.Now()
	defer Lap(&times.Write, &t0)
	// The new results take one run per replication to write, so the old
	// ones are given up first, summary.csv first: a kill part way leaves
	// a folder without summary.csv, never the old summary beside half-new
	// replications. Without force the folder holds no results (CheckFree),
	// only what a killed run may have left: its replications and
	// temporary files, cleared too.
	if err := results.Clear(dir); err != nil {
		return err
	}
	base := sc.Config.Seed
	var summaryCSV, fleetsCSV bytes.Buffer
	header, fleetHeader := results.SummaryColumns(), results.FleetColumns()
	var rows, fleetRows [][]string
	var stats results.Stats // summary_stats.csv, from the typed measures
	// The replications differ only in their seed: their price curves are
	// made once (sim.Market).
	market := sim.NewMarket(sc.Config.Pools)
	hollow := map[string]int{} // fleet -> replications in which it ran no VM
	var hollowOrder []string
	for r := range sc.Replications {
		cfg := sc.Config
		cfg.Seed = seed.Replication(base, r)
		cfg.Record = outs.Record()
		cfg.Market = market
		Lap(&times.Write, &t0)
		res, err := Simulate(&cfg)
		if err != nil {
			return fmt.Errorf("replication %d: %w", r, err)
		}
		Lap(&times.Simulate, &t0)
		for _, f := range HollowFleets(res) {
			if hollow[f] == 0 {
				hollowOrder = append(hollowOrder, f)
			}
			hollow[f]++
		}
		// One pass over the VMs for every table of the replication: its
		// folder's summary and fleets files, summary_stats.csv and the
		// rows below each made their own (five passes, a tenth of a second
		// each for B2's 3.4 million VMs).
		m, per, err := summary.Tables(res)
		if err != nil {
			return fmt.Errorf("replication %d: summary: %w", r, err)
		}
		o := opt
		o.Summary, o.Fleets = m, per
		if err := results.WriteWith(filepath.Join(dir, "replications", strconv.Itoa(r)), res, nil, outs&^(1<<results.Resolved), true, o); err != nil {
			return err
		}
		if err := stats.Add(res, m); err != nil {
			return err
		}
		// summary.csv and fleets.csv: the run's rows after a replication
		// column, rendered from the result, never read back from a file.
		row, err := results.SummaryRow(res, m)
		if err != nil {
			return err
		}
		rows = append(rows, append([]string{strconv.Itoa(r)}, row...))
		frs, err := results.FleetRows(res, per)
		if err != nil {
			return err
		}
		for _, row := range frs {
			fleetRows = append(fleetRows, append([]string{strconv.Itoa(r)}, row...))
		}
	}
	for _, f := range hollowOrder {
		fmt.Fprintf(stderr, "spotsim run: warning: %s (in %d of %d replications)\n", HollowFleetWarning(f), hollow[f], len(rows))
	}
	if identicalReplications(rows) {
		fmt.Fprintf(stderr, "spotsim run: warning: the %d replications gave identical results: nothing in the scenario is random (no eviction_rate or hazard, notice range or random victims that matter), so the spread in summary_stats.csv is empty\n", len(rows))
	}
	header = append([]string{"replication"}, header...)
	fleetHeader = append([]string{"replication"}, fleetHeader...)
	for _, t := range []struct {
		b    *bytes.Buffer
		h    []string
		rows [][]string
	}{{&summaryCSV, header, rows}, {&fleetsCSV, fleetHeader, fleetRows}} {
		cw := csv.NewWriter(t.b)
		if err := cw.Write(t.h); err != nil {
			return err
		}
		if err := cw.WriteAll(t.rows); err != nil { // WriteAll flushes
			return err
		}
	}
	resolved, copies, err := sc.ResolvedYAMLIn(version, dir)
	if err != nil {
		return err
	}
	if err := WriteTraceCopies(dir, copies); err != nil {
		return err
	}
	files := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"scenario.resolved.yaml", func(w io.Writer) error { _, err := w.Write(resolved); return err }},
		{"fleets.csv", func(w io.Writer) error { _, err := w.Write(fleetsCSV.Bytes()); return err }},
		{"summary_stats.csv", stats.Write},
		{"summary.csv", func(w io.Writer) error { _, err := w.Write(summaryCSV.Bytes()); return err }},
	}
	for _, f := range files {
		if err := results.WriteFileAtomic(filepath.Join(dir, f.name), f.write); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "replications  %d (seeds from %d)\nresults       %s (summary.csv, summary_stats.csv, replications/<r>/)\n", sc.Replications, base, dir)
	return nil
}

// identicalReplications: every summary row (replication, scenario, seed,
// measures...) has the same measures.
func identicalReplications(rows [][]string) bool {
	if len(rows) < 2 {
		return false
	}
	for _, r := range rows[1:] {
		if !slices.Equal(r[3:], rows[0][3:]) {
			return false
		}
	}
	return true
}

// WriteTraceCopies writes the traces scenario.resolved.yaml names that are
// not on disk (the built-in example's) beside it, so the folder re-runs.
func WriteTraceCopies(dir string, copies map[string][]byte) error {
	names := slices.Sorted(maps.Keys(copies))
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
			return err
		}
		data := copies[name]
		if err := results.WriteFileAtomic(p, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
			return err
		}
	}
	return nil
}
