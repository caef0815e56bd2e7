package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/spotsim/spotsim/cmd/internal/plot"
	"github.com/spotsim/spotsim/cmd/internal/results"
	"github.com/spotsim/spotsim/cmd/internal/runner"
	"github.com/spotsim/spotsim/cmd/internal/scenario"
	"github.com/spotsim/spotsim/cmd/internal/sweep"
)

type sweepOptions struct {
	out     string
	workers int
	resume  bool
	shard   string
	shards  int
	outputs string
	dryRun  bool
	force   bool
	memOK   bool
	profile string
}

func sweepCmd(args []string, stdout, stderr io.Writer) error {
	var o sweepOptions
	fl := newFlags("sweep", "SWEEP.yaml", "Run every run of a sweep file, on every core, each into DIR/runs/<id>/, and write one\n"+
		"summary.csv and fleets.csv for the sweep. Running again into the same folder (or --resume)\n"+
		"skips the runs already finished.", stdout)
	fl.StringVar(&o.out, "out", "", "sweep folder (default results/<sweep file name>)")
	fl.IntVar(&o.workers, "workers", 0, "runs at once (default: every core)")
	fl.BoolVar(&o.resume, "resume", false, "finish a sweep killed part way (the default whenever the folder holds this sweep)")
	fl.StringVar(&o.shard, "shard", "", "run only shard i of n (i/n, i from 0)")
	fl.IntVar(&o.shards, "shards", 0, "the shard count N in a Kubernetes Indexed Job (its completions) or a Slurm array (--array=0-(N-1)); the index is JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID")
	fl.BoolVar(&o.force, "force", false, "start afresh: give up every result in the folder (summary.csv first), its runs and charts included")
	fl.BoolVar(&o.memOK, "skip-memory-check", false, "run even when the memory estimate (one run's, times --workers) exceeds the machine's memory")
	fl.BoolVar(&o.dryRun, "dry-run", false, "list the runs (this shard's) and their parameters, and run nothing")
	fl.StringVar(&o.outputs, "outputs", "summary", "more files per run: a comma list of "+results.OutputNames()+", or all; every run writes summary, fleets and resolved whatever this says")
	fl.StringVar(&o.profile, "cpuprofile", "", "write a pprof CPU profile of the whole command to this file")
	if err := parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() != 1 {
		return bad(fmt.Errorf("takes one sweep file, got %d", fl.NArg()))
	}
	if o.force && o.resume {
		return bad(errors.New("--force gives up every result in the folder and --resume keeps the finished runs; give one of them"))
	}
	if o.profile != "" {
		stop, err := startCPUProfile(o.profile)
		if err != nil {
			return bad(fmt.Errorf("--cpuprofile: %w", err))
		}
		defer stop()
	}
	if o.workers < 0 {
		return bad(fmt.Errorf("--workers %d: want 0 (every core) or more", o.workers))
	}
	outs, err := results.ParseOutputs(o.outputs)
	if err != nil {
		return bad(fmt.Errorf("--outputs: %w", err))
	}
	shard, shards, err := sweep.ShardOf(o.shard, o.shards, os.Getenv)
	if err != nil {
		return bad(err)
	}
	gcTuned := os.Getenv("GOGC") == ""
	if gcTuned {
		// As in run: a sweep's heap is mostly long-lived (the parsed
		// traces, each worker's run), so collecting at 50 % growth
		// keeps its peak near a run's (issue 22).
		debug.SetGCPercent(50)
	}
	sw, err := scenario.LoadSweep(fl.Arg(0))
	if err != nil {
		return bad(err)
	}
	if o.dryRun {
		return dryRun(stdout, sw, shard, shards)
	}
	// Runs differ only in their swept values: the first run's estimate,
	// once per worker, is the sweep's.
	if len(sw.Runs) > 0 {
		sc, err := sw.Scenario(0)
		if err != nil {
			return bad(err)
		}
		sc.Config.Record = (outs | 1<<results.Summary | 1<<results.Fleets).Record()
		workers := o.workers
		if workers <= 0 {
			workers = runtime.GOMAXPROCS(0)
		}
		if err := runner.CheckMemory(&sc.Config, min(workers, len(sw.Runs)), o.memOK); err != nil {
			return bad(err)
		}
		if gcTuned {
			debug.SetGCPercent(sweepGCPercent(runner.EstimateMemory(&sc.Config)))
		}
	}
	dir := o.out
	if dir == "" {
		dir = filepath.Join("results", strings.TrimSuffix(filepath.Base(fl.Arg(0)), filepath.Ext(fl.Arg(0))))
	}
	if fl.Changed("resume") && !o.resume && !o.force {
		// Resuming is what a sweep does in a folder that holds its runs;
		// --resume=false asks for anything else, which only --force gives.
		for _, name := range []string{"sweep.resolved.yaml", "summary.csv", "runs"} {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				return bad(fmt.Errorf("--resume=false: %s holds a sweep's results (%s); a sweep resumes in its folder: give --force to start afresh, or another --out", dir, name))
			}
		}
	}
	opt := sweep.Options{Out: dir, Workers: o.workers, Shard: shard, Shards: shards, Outputs: outs, Version: Version, Force: o.force}
	if isTerminal(stderr) {
		opt.Progress = stderr
	}
	rep, err := sweep.Run(sw, opt)
	if rep == nil || errors.Is(err, sweep.ErrOtherSweep) {
		return bad(err)
	}
	for _, w := range rep.Warnings {
		if w.Runs > 1 {
			fmt.Fprintf(stderr, "spotsim sweep: warning: %s (run %s and %d more)\n", w.Text, w.Run, w.Runs-1)
		} else {
			fmt.Fprintf(stderr, "spotsim sweep: warning: %s (run %s)\n", w.Text, w.Run)
		}
	}
	fmt.Fprintf(stdout, "runs          %d (%d run now, %d finished before, %d failed)\n", rep.Runs, rep.Ran, rep.Resumed, rep.Failed)
	if shards > 1 {
		fmt.Fprintf(stdout, "shard         %d of %d (spotsim merge gathers the shards)\n", shard, shards)
	}
	if rep.Summary != "" {
		fmt.Fprintf(stdout, "summary       %s\n", rep.Summary)
		// Replications of a scenario with nothing random are copies.
		if ds, derr := plot.Decide(dir, nil); derr == nil {
			for _, d := range ds {
				if w := d.Warning(); w != "" {
					fmt.Fprintln(stderr, "spotsim sweep: warning: "+w)
				}
			}
		}
	}
	return err
}

// sweepGCPercent is the garbage collector's target for a sweep whose runs
// are each estimated to need run bytes. Small runs (below 64 MiB; B3's are
// estimated at 33, most of it the base every run is given): their heap is a
// few MiB and a lower target only means more collections; B3's 1,000 runs
// spent a fifth of their CPU collecting and returning memory at 50 %. Large
// runs: their heap is pointer-free (traces, VM records, logs), so a
// collection costs about a millisecond, while each worker adds a whole
// run's heap. A 2-worker sweep of 50 runs over B1's trace peaked at 320 MiB
// at 50 %, 278 at 25, 261 at 15 and 250 at 10, in the same CPU time but at
// 10 (one worker: +13 %). The choice is by one run's size, not all
// workers': chosen by the total, a 1-worker sweep of those runs collected at
// 200 % and peaked at 298 MiB against 202 with two workers (140 at 15 %, in
// the same CPU time).
func sweepGCPercent(run uint64) int {
	if run < 64<<20 {
		return 200
	}
	return 15
}

// dryRun lists the runs a sweep (or this shard of it) would run.
func dryRun(w io.Writer, sw *scenario.Sweep, shard, shards int) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(append([]string{"run_id", "replication", "seed"}, sw.Params...)); err != nil {
		return err
	}
	for i, r := range sw.Runs {
		if i%shards == shard {
			if err := cw.Write(append([]string{r.ID, strconv.Itoa(r.Replication), strconv.FormatUint(r.Seed, 10)}, r.Values...)); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// isTerminal reports whether w is a terminal: progress goes there only.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func mergeCmd(args []string, stdout, stderr io.Writer) error {
	var out string
	fl := newFlags("merge", "DIR...", "Gather the runs of one sweep from the folders its shards wrote into one summary.csv and\n"+
		"fleets.csv: the same bytes as the sweep run unsharded.", stdout)
	fl.StringVar(&out, "out", "", "where to write the merged files (default the first DIR)")
	if err := parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() == 0 {
		return bad(errors.New("names no sweep folder"))
	}
	if out == "" {
		out = fl.Arg(0)
	}
	n, err := sweep.Merge(fl.Args(), out)
	if err != nil {
		return bad(err)
	}
	fmt.Fprintf(stdout, "runs          %d\nsummary       %s\n", n, filepath.Join(out, "summary.csv"))
	return nil
}
