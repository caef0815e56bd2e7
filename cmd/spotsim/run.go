package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/spotsim/spotsim/cmd/internal/results"
	"github.com/spotsim/spotsim/cmd/internal/runner"
	"github.com/spotsim/spotsim/cmd/internal/scenario"
	cost "github.com/spotsim/spotsim/cmd/internal/usage"
	examples "github.com/spotsim/spotsim/scenarios"
	"github.com/spotsim/spotsim/sim/summary"
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
	var times runner.Times
	t0 := time.Now()
	var sc *scenario.Scenario
	if o.timings {
		defer func() {
			if sc != nil {
				times.Hash = sc.HashTime()
			}
			times.Print(stderr)
		}()
	}
	sc, err = loadScenario(fl.Args())
	if err != nil {
		return bad(err)
	}
	runner.Lap(&times.Load, &t0)
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
	if err := runner.CheckMemory(&sc.Config, 1, o.memOK); err != nil {
		return bad(err)
	}
	opt := results.Options{UsageByResource: o.byRes, Generator: "spotsim " + Version, FOCUSVersion: focusVersion}

	if sc.Replications > 1 {
		return runner.Replications(sc, dir, Version, outs, opt, stdout, stderr, &times)
	}
	sc.Config.Record = outs.Record()
	res, err := runner.Simulate(&sc.Config)
	if err != nil {
		return err
	}
	runner.Lap(&times.Simulate, &t0)
	defer runner.Lap(&times.Write, &t0)
	for _, w := range runner.HollowWarnings(res) {
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
	// summary.csv's measures are the lines printed at the end too, and
	// fleets.csv's come from the same pass over the VMs.
	if outs.Has(results.Summary) || outs.Has(results.Fleets) {
		if opt.Summary, opt.Fleets, err = summary.Tables(res); err != nil {
			return fmt.Errorf("summary: %w", err)
		}
	}
	if err := results.WriteWith(dir, res, resolved, outs, o.force, opt); err != nil {
		if errors.Is(err, results.ErrExists) {
			return bad(err)
		}
		return err
	}
	if outs.Has(results.Resolved) {
		if err := runner.WriteTraceCopies(dir, copies); err != nil {
			return err
		}
	}
	if opt.Summary != nil {
		return results.HumanOf(stdout, res, opt.Summary, dir)
	}
	return results.Human(stdout, res, dir)
}

// loadScenario reads the scenario named by args, or the built-in example
// when there is none.
func loadScenario(args []string) (*scenario.Scenario, error) {
	if len(args) == 0 {
		return loadExample()
	}
	if data, err := os.ReadFile(args[0]); err == nil && scenario.LooksLikeSweep(data) {
		return nil, fmt.Errorf("%s is a sweep file (a base and a grid or zip), not a scenario; run it with spotsim sweep %s", args[0], args[0])
	}
	return scenario.Load(args[0])
}

func loadExample() (*scenario.Scenario, error) {
	data, err := examples.Example.ReadFile(examples.ExampleFile)
	if err != nil {
		return nil, err
	}
	return scenario.Parse("example.yaml (built in)", data, func(rel string) ([]byte, error) {
		return fs.ReadFile(examples.Example, rel)
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
