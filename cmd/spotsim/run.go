package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"time"

	"github.com/spotsim/spotsim/cmd/internal/bug"
	"github.com/spotsim/spotsim/cmd/internal/results"
	"github.com/spotsim/spotsim/cmd/internal/scenario"
	cost "github.com/spotsim/spotsim/cmd/internal/usage"
	"github.com/spotsim/spotsim/scenarios"
	"github.com/spotsim/spotsim/sim"
)

type runOptions struct {
	out     string
	seed    uint64
	force   bool
	outputs string
	profile string
	byRes   bool
	reps    int
	focus   string
	memOK   bool
	timings bool
}

// simRun is the engine; tests replace it to check how a bug is reported.
var simRun = sim.Run

// simulate runs a scenario's configuration. The scenario was validated when
// it was read, so an engine error, like a panic, is a bug: exit 1, never 2.
func simulate(cfg *sim.Config) (res *sim.Result, err error) {
	defer bug.Catch(&err, cfg.Name)
	res, err = simRun(cfg)
	if err != nil {
		return nil, bug.New(cfg.Name, err)
	}
	return res, nil
}

func runCmd(args []string, stdout, stderr io.Writer) error {
	var o runOptions
	fl := newFlags("run", "[SCENARIO]", "Run a scenario and write its results folder. With no SCENARIO, run the built-in example.", stdout)
	fl.StringVar(&o.out, "out", "", "results folder (default results/<scenario name>)")
	fl.Uint64Var(&o.seed, "seed", 0, "override the scenario's seed")
	fl.BoolVar(&o.force, "force", false, "replace the results already in the folder")
	fl.StringVar(&o.outputs, "outputs", "all", "files to write: all, or a comma list of "+results.OutputNames())
	fl.IntVar(&o.reps, "replications", 0, "run this many seeds (overrides the scenario's replications): summary.csv gets a row per replication, summary_stats.csv the statistics")
	fl.BoolVar(&o.byRes, "usage-by-resource", false, "usage and FOCUS rows per resource (VM compute, VM disks) instead of per fleet")
	fl.StringVar(&o.focus, "focus-version", "1.2", "FOCUS version of focus.csv and focus_metadata.json: 1.2 or 1.3")
	fl.BoolVar(&o.memOK, "skip-memory-check", false, "run even when the run's memory estimate exceeds the machine's memory")
	fl.BoolVar(&o.timings, "timings", false, "print the wall time of each phase (load, hash, simulate, write) on stderr")
	fl.StringVar(&o.profile, "cpuprofile", "", "write a pprof CPU profile of the whole command to this file")
	if err := parse(fl, args); err != nil {
		return err
	}
	if os.Getenv("GOGC") == "" {
		// A run's heap is mostly long-lived results (events, intervals,
		// rows being written); collecting at 50% growth instead of 100%
		// cut B1's peak RSS with every output from 1.1 GiB to 0.7 GiB at no
		// measurable cost in time (README, Performance).
		debug.SetGCPercent(50)
	}
	if o.profile != "" {
		stop, err := startCPUProfile(o.profile)
		if err != nil {
			return bad(fmt.Errorf("--cpuprofile: %w", err))
		}
		defer stop()
	}
	if fl.NArg() > 1 {
		return bad(fmt.Errorf("takes at most one scenario, got %d", fl.NArg()))
	}
	outs, err := results.ParseOutputs(o.outputs)
	if err != nil {
		return bad(fmt.Errorf("--outputs: %w", err))
	}
	focusVersion, err := cost.ParseFOCUSVersion(o.focus)
	if err != nil {
		return bad(fmt.Errorf("--focus-version %w", err))
	}
	var times phaseTimes
	t0 := time.Now()
	if o.timings {
		defer func() { times.print(stderr) }()
	}
	sc, err := loadScenario(fl.Args())
	if err != nil {
		return bad(err)
	}
	lap(&times.load, &t0)
	times.hash = sc.HashTime
	for _, w := range sc.Warnings {
		fmt.Fprintln(stderr, "spotsim run: warning:", w)
	}
	if fl.Changed("seed") {
		sc.Config.Seed = o.seed
	}
	if fl.Changed("replications") {
		if o.reps < 1 || o.reps > scenario.MaxReplications {
			return bad(fmt.Errorf("--replications %d: want 1 to %d", o.reps, scenario.MaxReplications))
		}
		sc.Replications = o.reps
	}
	dir := o.out
	if dir == "" {
		dir = filepath.Join("results", sc.Config.Name)
	}
	if err := results.CheckFree(dir, o.force); err != nil {
		return bad(err)
	}
	// Replications run one after another: one run's estimate.
	sc.Config.Record = outs.Record()
	if err := checkMemory(&sc.Config, 1, o.memOK); err != nil {
		return bad(err)
	}
	opt := results.Options{UsageByResource: o.byRes, Generator: "spotsim " + Version, FOCUSVersion: focusVersion}

	if sc.Replications > 1 {
		return runReplications(sc, dir, outs, opt, stdout, stderr, &times)
	}
	sc.Config.Record = outs.Record()
	res, err := simulate(&sc.Config)
	if err != nil {
		return err
	}
	lap(&times.simulate, &t0)
	defer lap(&times.write, &t0)
	for _, w := range hollowWarnings(res) {
		fmt.Fprintln(stderr, "spotsim run: warning:", w)
	}
	// Rendered only when written: it reads the trace files again to
	// decide which are small enough to copy beside it.
	var resolved []byte
	var copies map[string][]byte
	if outs.Has(results.Resolved) {
		if resolved, copies, err = sc.ResolvedYAMLIn(Version, dir); err != nil {
			return err
		}
	}
	if err := results.WriteWith(dir, res, resolved, outs, o.force, opt); err != nil {
		if errors.Is(err, results.ErrExists) {
			return bad(err)
		}
		return err
	}
	if outs.Has(results.Resolved) {
		if err := writeTraceCopies(dir, copies); err != nil {
			return err
		}
	}
	return results.Human(stdout, res, dir)
}

// loadScenario reads the scenario named by args, or the built-in example
// when there is none.
func loadScenario(args []string) (*scenario.Scenario, error) {
	if len(args) == 0 {
		return loadExample()
	}
	return scenario.Load(args[0])
}

func loadExample() (*scenario.Scenario, error) {
	data, err := scenarios.Example.ReadFile(scenarios.ExampleFile)
	if err != nil {
		return nil, err
	}
	return scenario.Parse("example.yaml (built in)", data, func(rel string) ([]byte, error) {
		return fs.ReadFile(scenarios.Example, rel)
	})
}

func validateCmd(args []string, stdout, stderr io.Writer) error {
	fl := newFlags("validate", "FILE...", "Check scenario files and every trace they name, without running them. A sweep file\n(a base and a grid or zip) is checked as a sweep: its base, its key paths and every\nparameter point's scenario.", stdout)
	if err := parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() == 0 {
		return bad(errors.New("names no scenario file"))
	}
	var failed []error
	for _, f := range fl.Args() {
		if data, err := os.ReadFile(f); err == nil && scenario.LooksLikeSweep(data) {
			sw, err := scenario.LoadSweep(f)
			if err != nil {
				failed = append(failed, err)
				continue
			}
			fmt.Fprintf(stdout, "%s: ok (sweep of %s: %d parameters, %d runs)\n", f, sw.Base, len(sw.Params), len(sw.Runs))
			continue
		}
		sc, err := scenario.Load(f)
		if err != nil {
			failed = append(failed, err)
			continue
		}
		for _, w := range sc.Warnings {
			fmt.Fprintf(stderr, "spotsim validate: %s: warning: %s\n", f, w)
		}
		fmt.Fprintf(stdout, "%s: ok (%d pools, %d fleets, %d actions)\n", f, len(sc.Config.Pools), len(sc.Config.Fleets), len(sc.Config.Actions))
	}
	if len(failed) > 0 {
		return bad(errors.Join(failed...))
	}
	return nil
}

// runReplications runs the scenario once per replication seed, each into
// DIR/replications/<r>/ with the chosen outputs, then writes DIR/summary.csv
// and fleets.csv (a replication column, then the run's columns, a row per
// replication and fleet), summary_stats.csv and the resolved scenario;
// summary.csv last.
func runReplications(sc *scenario.Scenario, dir string, outs results.Outputs, opt results.Options, stdout, stderr io.Writer, times *phaseTimes) error {
	t0 := time.Now()
	defer lap(&times.write, &t0)
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
	var summary, fleets bytes.Buffer
	header, fleetHeader := results.SummaryColumns(), results.FleetColumns()
	var rows, fleetRows [][]string
	var stats results.Stats // summary_stats.csv, from the typed measures
	for r := range sc.Replications {
		cfg := sc.Config
		cfg.Seed = scenario.ReplicationSeed(base, r)
		cfg.Record = outs.Record()
		lap(&times.write, &t0)
		res, err := simulate(&cfg)
		if err != nil {
			return fmt.Errorf("replication %d: %w", r, err)
		}
		lap(&times.simulate, &t0)
		if err := results.WriteWith(filepath.Join(dir, "replications", strconv.Itoa(r)), res, nil, outs&^(1<<results.Resolved), true, opt); err != nil {
			return err
		}
		if err := stats.Add(res); err != nil {
			return err
		}
		// summary.csv and fleets.csv: the run's rows after a replication
		// column, rendered from the result, never read back from a file.
		row, err := results.SummaryRow(res)
		if err != nil {
			return err
		}
		rows = append(rows, append([]string{strconv.Itoa(r)}, row...))
		frs, err := results.FleetRows(res)
		if err != nil {
			return err
		}
		for _, row := range frs {
			fleetRows = append(fleetRows, append([]string{strconv.Itoa(r)}, row...))
		}
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
	}{{&summary, header, rows}, {&fleets, fleetHeader, fleetRows}} {
		cw := csv.NewWriter(t.b)
		if err := cw.Write(t.h); err != nil {
			return err
		}
		if err := cw.WriteAll(t.rows); err != nil { // WriteAll flushes
			return err
		}
	}
	resolved, copies, err := sc.ResolvedYAMLIn(Version, dir)
	if err != nil {
		return err
	}
	if err := writeTraceCopies(dir, copies); err != nil {
		return err
	}
	files := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"scenario.resolved.yaml", func(w io.Writer) error { _, err := w.Write(resolved); return err }},
		{"fleets.csv", func(w io.Writer) error { _, err := w.Write(fleets.Bytes()); return err }},
		{"summary_stats.csv", stats.Write},
		{"summary.csv", func(w io.Writer) error { _, err := w.Write(summary.Bytes()); return err }},
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

// writeTraceCopies writes the traces scenario.resolved.yaml names that are
// not on disk (the built-in example's) beside it, so the folder re-runs.
func writeTraceCopies(dir string, copies map[string][]byte) error {
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
