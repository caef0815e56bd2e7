// Package sweep runs every run of a sweep file on a pool of workers, each
// into its own results folder, and gathers their summary rows into one
// summary.csv and fleets.csv for the sweep.
//
// A sweep folder holds:
//
//	sweep.resolved.yaml   the sweep as read, with every run's id, seed and values
//	runs.csv              run_id,replication,seed and one column per parameter
//	runs/<id>/            each run's results folder; done marks it finished
//	summary.csv           run_id,replication,seed, parameters, run summary columns
//	fleets.csv            the same, per fleet
//
// A run counts as finished only when its done marker exists, and the marker
// is written (atomically) after every file of the run: a sweep killed at any
// moment and run again redoes only the runs without one. The sweep files are
// assembled from the run folders in run-id order, so they are byte-identical
// whatever the number of workers, the shards, or the interruptions.
package sweep

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spotsim/spotsim/cmd/internal/bug"
	"github.com/spotsim/spotsim/cmd/internal/csvfile"
	"github.com/spotsim/spotsim/cmd/internal/results"
	"github.com/spotsim/spotsim/cmd/internal/runner"
	"github.com/spotsim/spotsim/cmd/internal/scenario"
	"github.com/spotsim/spotsim/sim"
)

// Options are how to run a sweep.
type Options struct {
	Out     string
	Workers int             // 0 means every core
	Shard   int             // this shard, from 0
	Shards  int             // 0 or 1: not sharded
	Outputs results.Outputs // per-run files; summary, fleets and resolved are always written
	Version string          // spotsim's, for the resolved files
	// Force starts afresh: every result in Out (another sweep's, a run's,
	// charts) is given up first, summary.csv first (results.Clear).
	Force bool
	// Progress, when not nil, gets a line rewritten in place (\r) as runs
	// finish: done/total, runs per second, time left. For a terminal only.
	Progress io.Writer
	Now      func() time.Time // for the progress rate; time.Now when nil

	// fail, in tests, makes a run fail as a broken disk or a bad run would.
	fail func(scenario.Run) error
}

// Report is what a sweep did.
type Report struct {
	Runs     int // in this shard
	Ran      int // run now (failed ones included)
	Resumed  int // finished before and skipped
	Failed   int // failed now; listed in failures.csv, retried by the next run
	Summary  string
	Warnings []Warning // the scenario warnings of the runs run now, each once
}

// Warning is a scenario warning (an offer, a quota, a trace's end) and the
// runs run now that gave it: the first in the sweep's order, and how many.
type Warning struct {
	Text  string
	Run   string
	Runs  int
	first int
}

// sortedWarnings lists the warnings in the order of the first run that gave
// each, so that the list is the same with any number of workers.
func sortedWarnings(sw *scenario.Sweep, warned map[string]*Warning) []Warning {
	out := make([]Warning, 0, len(warned))
	for _, w := range warned {
		w.Run = sw.Runs[w.first].ID
		out = append(out, *w)
	}
	slices.SortFunc(out, func(a, b Warning) int { return cmp.Or(cmp.Compare(a.first, b.first), strings.Compare(a.Text, b.Text)) })
	return out
}

const (
	failures   = "failures.csv"
	errorFile  = "error.txt"
	doneMarker = "done"
	resolved   = "sweep.resolved.yaml"
	manifest   = "runs.csv"
)

// ErrOtherSweep reports an output folder that holds another sweep's results.
var ErrOtherSweep = errors.New("folder holds the results of another sweep (its sweep.resolved.yaml differs); use another --out")

// Run runs this shard's runs of sw that are not finished yet and writes the
// sweep's summary.csv and fleets.csv (a shard's go to shards/<i>-of-<n>/).
func Run(sw *scenario.Sweep, o Options) (*Report, error) {
	if o.Shards <= 0 {
		o.Shards = 1
	}
	if o.Shard < 0 || o.Shard >= o.Shards {
		return nil, fmt.Errorf("shard %d of %d: want 0 <= shard < shards", o.Shard, o.Shards)
	}
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if o.Force {
		// A shard cannot start the sweep afresh alone: the other shards'
		// runs in a shared folder are as much the sweep's as its own.
		if o.Shards > 1 {
			return nil, errors.New("--force starts the whole sweep afresh; it cannot be given to one shard")
		}
		if err := results.Clear(o.Out); err != nil {
			return nil, err
		}
	}
	if err := claim(o.Out, sw.ResolvedYAML(o.Version)); err != nil {
		return nil, err
	}
	inputs := sw.Inputs().Digest()
	// A killed sweep's temporary files (runs.csv, summary.csv half
	// written); runs/ clears its own. Shards sharing a folder may be
	// writing theirs in it now, so a shard clears only its own folder.
	dest := o.Out
	if o.Shards > 1 {
		dest = filepath.Join(o.Out, "shards", fmt.Sprintf("%d-of-%d", o.Shard, o.Shards))
	}
	if err := results.ClearDebris(dest); err != nil {
		return nil, err
	}
	if err := results.WriteFileAtomic(filepath.Join(o.Out, manifest), func(w io.Writer) error { return writeManifest(w, sw) }); err != nil {
		return nil, err
	}
	var mine []int
	for i := range sw.Runs {
		if i%o.Shards == o.Shard {
			mine = append(mine, i)
		}
	}
	rep := &Report{Runs: len(mine)}
	outs := o.Outputs | 1<<results.Summary | 1<<results.Fleets | 1<<results.Resolved
	var todo []int
	for _, i := range mine {
		// A run done on other inputs (a run folder copied in from an
		// older sweep) is not this sweep's, and one whose files were
		// damaged after it finished would fail the sweep's last step on
		// every rerun: both are run again, so rerunning repairs them. So
		// is one finished without a file --outputs now asks for (a sweep
		// resumed with more outputs than it was started with).
		r := sw.Runs[i]
		runDir := filepath.Join(o.Out, "runs", r.ID)
		// checkRun reads summary.csv and fleets.csv and finds the
		// resolved scenario; the other files asked for need only be there.
		if _, err := checkRun(r.ID, runDir, inputs, strconv.FormatUint(r.Seed, 10)); err == nil && hasFiles(runDir, o.Outputs.Files()) {
			rep.Resumed++
		} else {
			todo = append(todo, i)
		}
	}
	now := o.Now
	if now == nil {
		now = time.Now
	}
	began := now()
	// The runs' price curves and maxima, made once from the first run's
	// pools for every run whose pools have the same series and prices (all
	// of them, unless the sweep changes a trace or a price): each run made
	// its own, 35 ms of a 0.45 s run over a year of B1's prices. A sweep
	// that moves the window makes none, rather than hold one few runs
	// could use.
	var market *sim.Market
	if len(todo) > 0 && sw.SharesWindows() {
		if sc, err := sw.Scenario(todo[0]); err == nil {
			market = sim.NewMarket(sc.Config.Pools)
		}
	}
	jobs := make(chan int)
	type result struct {
		run      int
		err      error
		warnings []string
	}
	finished := make(chan result)
	var wg sync.WaitGroup
	for range min(workers, max(1, len(todo))) {
		wg.Go(func() {
			for i := range jobs {
				runDir := filepath.Join(o.Out, "runs", sw.Runs[i].ID)
				warnings, err := runOne(sw, i, runDir, outs, o.Version, inputs, market)
				if err == nil && o.fail != nil {
					if err = o.fail(sw.Runs[i]); err != nil {
						os.Remove(filepath.Join(runDir, doneMarker))
					}
				}
				if err != nil {
					// Recorded where the run would have been; its folder has
					// no done marker, so the next run of the sweep retries it.
					// When even that cannot be written, the failure list
					// says so.
					msg := err
					werr := os.MkdirAll(runDir, 0o777)
					if werr == nil {
						werr = results.WriteFileAtomic(filepath.Join(runDir, errorFile), func(w io.Writer) error {
							_, err := fmt.Fprintln(w, msg)
							return err
						})
					}
					if werr != nil {
						err = fmt.Errorf("%w (and its %s could not be written: %v)", err, errorFile, werr)
					}
				}
				finished <- result{i, err, warnings}
			}
		})
	}
	go func() {
		for _, i := range todo {
			jobs <- i
		}
		close(jobs)
	}()
	failed := map[int]error{}
	warned := map[string]*Warning{}
	for range todo {
		r := <-finished
		rep.Ran++
		if r.err != nil {
			failed[r.run] = r.err
		}
		for _, w := range r.warnings {
			if x := warned[w]; x == nil {
				warned[w] = &Warning{Text: w, first: r.run, Runs: 1}
			} else {
				x.Runs++
				x.first = min(x.first, r.run)
			}
		}
		if o.Progress != nil {
			elapsed := now().Sub(began).Seconds()
			rate := float64(rep.Ran) / max(elapsed, 1e-9)
			left := time.Duration(float64(len(todo)-rep.Ran) / rate * float64(time.Second)).Round(time.Second)
			fmt.Fprintf(o.Progress, "\r%d/%d runs, %.1f runs/s, %s left, %d failed  ", rep.Resumed+rep.Ran, rep.Runs, rate, left, len(failed))
		}
	}
	wg.Wait()
	if o.Progress != nil {
		fmt.Fprintln(o.Progress)
	}
	rep.Failed = len(failed)
	rep.Warnings = sortedWarnings(sw, warned)
	// Each shard lists its own failures beside its summary: shards sharing
	// a folder must not overwrite (or delete) each other's list.
	failedPath := filepath.Join(dest, failures)
	if err := os.MkdirAll(dest, 0o777); err != nil {
		return rep, err
	}
	if err := writeFailures(failedPath, sw, failedRuns(failed)); err != nil {
		return rep, err
	}
	var ids []string
	for _, i := range mine {
		if _, bad := failed[i]; !bad {
			ids = append(ids, sw.Runs[i].ID)
		}
	}
	if err := assemble(dest, filepath.Join(o.Out, manifest), ids, func(id string) string { return filepath.Join(o.Out, "runs", id) }, inputs); err != nil {
		return rep, err
	}
	rep.Summary = filepath.Join(dest, "summary.csv")
	if len(failed) > 0 {
		var first error
		for _, i := range mine {
			if err := failed[i]; err != nil {
				first = err
				break
			}
		}
		return rep, fmt.Errorf("%d of %d runs failed (listed in %s; run the sweep again to retry them); the first: %w",
			len(failed), rep.Runs, failedPath, first)
	}
	return rep, nil
}

// claim makes dir the sweep's folder: new, empty, or already this sweep's.
func claim(dir string, resolvedYAML []byte) error {
	old, err := os.ReadFile(filepath.Join(dir, resolved))
	switch {
	case err == nil && bytes.Equal(old, resolvedYAML):
		return nil
	case err == nil:
		if why := changedInput(old, resolvedYAML); why != "" {
			return fmt.Errorf("%s: %w: %s", dir, ErrOtherSweep, why)
		}
		return fmt.Errorf("%s: %w", dir, ErrOtherSweep)
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	// Shards sharing a folder may start together: another shard's
	// half-claimed folder (its temporary files, runs) is not foreign.
	if entries, err := os.ReadDir(dir); err == nil {
		for _, e := range entries {
			if n := e.Name(); !strings.HasPrefix(n, ".spotsim-") && n != "runs" && n != "shards" && n != manifest && n != resolved && n != failures {
				return fmt.Errorf("%s: not empty and not a sweep folder; use another --out", dir)
			}
		}
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return err
	}
	return results.WriteFileAtomic(filepath.Join(dir, resolved), func(w io.Writer) error { _, err := w.Write(resolvedYAML); return err })
}

// hasFiles says whether every one of names is in dir.
func hasFiles(dir string, names []string) bool {
	for _, n := range names {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			return false
		}
	}
	return true
}

func finished(runDir string) bool {
	_, err := os.Stat(filepath.Join(runDir, doneMarker))
	return err == nil
}

// simRun is the engine; tests replace it to check how a bug is recorded.
var simRun = sim.Run

// runOne runs one run into its folder from scratch and marks it done. A
// panic in it is a bug, recorded as this run's failure: the others go on.
func runOne(sw *scenario.Sweep, i int, dir string, outs results.Outputs, version, inputs string, market *sim.Market) (warnings []string, err error) {
	r := &sw.Runs[i]
	defer bug.Catch(&err, "run "+r.ID)
	if err := os.RemoveAll(dir); err != nil { // a killed attempt's leftovers
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o777); err != nil {
		return nil, err
	}
	sc, err := sw.Scenario(i)
	if err != nil {
		return nil, err
	}
	warnings = sc.Warnings
	sc.Config.Record = outs.Record()
	sc.Config.Market = market
	res, err := simRun(&sc.Config)
	if err != nil {
		return warnings, bug.New("run "+r.ID, err)
	}
	for _, f := range runner.HollowFleets(res) {
		warnings = append(slices.Clip(warnings), runner.HollowFleetWarning(f))
	}
	resolvedYAML, err := sw.RunResolvedYAML(i, sc, version, dir)
	if err != nil {
		return warnings, err
	}
	// The folder is new and the done marker, written last, says it is
	// finished: its files need no temporary names (results.Options.Fresh).
	if err := results.WriteWith(dir, res, resolvedYAML, outs, true, results.Options{Fresh: true}); err != nil {
		return warnings, fmt.Errorf("run %s: %w", r.ID, err)
	}
	m := marker{id: r.ID, inputs: inputs, fleets: len(sc.Config.Fleets)}
	for k, name := range gathered {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			return warnings, fmt.Errorf("run %s: %w", r.ID, err)
		}
		m.bytes[k] = st.Size()
	}
	return warnings, results.WriteFileAtomic(filepath.Join(dir, doneMarker), m.write)
}

func writeManifest(w io.Writer, sw *scenario.Sweep) error {
	cw := csv.NewWriter(w)
	cw.Write(append([]string{"run_id", "replication", "seed"}, sw.Params...))
	for _, r := range sw.Runs {
		cw.Write(append([]string{r.ID, strconv.Itoa(r.Replication), strconv.FormatUint(r.Seed, 10)}, r.Values...))
	}
	cw.Flush()
	return cw.Error()
}

// assemble writes summary.csv and fleets.csv into dest for the runs ids
// (in the manifest's order), each row being the manifest's row for the run
// followed by the rows of the run's own file, as gather checks them: a
// damaged run fails the sweep and nothing is published.
func assemble(dest, manifestPath string, ids []string, runDir func(id string) string, inputs string) error {
	if err := os.MkdirAll(dest, 0o777); err != nil {
		return err
	}
	return results.WriteFilesAtomic(dest, gathered, func(out []io.Writer) error {
		return gather(out, manifestPath, ids, runDir, inputs)
	})
}

// sameDir says whether a and b name one folder, however written.
func sameDir(a, b string) bool {
	ia, errA := os.Stat(a)
	ib, errB := os.Stat(b)
	if errA != nil || errB != nil {
		return filepath.Clean(a) == filepath.Clean(b)
	}
	return os.SameFile(ia, ib)
}

// readCSV reads a manifest or summary; the callers check the rows' widths.
var readCSV = csvfile.ReadRagged

// Merge gathers the runs of one sweep from the folders its shards wrote
// (or copies of them) and writes summary.csv and fleets.csv into out: the
// same bytes an unsharded sweep writes.
func Merge(dirs []string, out string) (int, error) {
	if len(dirs) == 0 {
		return 0, errors.New("names no sweep folder")
	}
	first, err := os.ReadFile(filepath.Join(dirs[0], resolved))
	if err != nil {
		return 0, fmt.Errorf("%s: not a sweep folder: %w", dirs[0], err)
	}
	for _, d := range dirs[1:] {
		other, err := os.ReadFile(filepath.Join(d, resolved))
		if err != nil {
			return 0, fmt.Errorf("%s: not a sweep folder: %w", d, err)
		}
		if !bytes.Equal(first, other) {
			return 0, fmt.Errorf("%s and %s hold different sweeps", dirs[0], d)
		}
	}
	header, rows, err := readCSV(filepath.Join(dirs[0], manifest))
	if err != nil {
		return 0, err
	}
	where := map[string]string{}
	var ids []string
	missing := map[string]bool{}
	for _, r := range rows {
		id := r[0]
		ids = append(ids, id)
		for _, d := range dirs {
			if dir := filepath.Join(d, "runs", id); finished(dir) {
				where[id] = dir
				break
			}
		}
		if where[id] == "" {
			missing[id] = true
		}
	}
	if len(missing) > 0 {
		// Only the list of failed runs goes into out (unfinished makes
		// the folder for it): a refused merge writes nothing else there.
		return 0, unfinished(dirs, out, header, rows, missing)
	}
	// Every run's files are checked before anything is written, so a
	// refused merge leaves nothing in out: a first reading checks (and
	// keeps nothing, as a merge of any size must not hold every row), the
	// second writes.
	manifestPath := filepath.Join(dirs[0], manifest)
	runDir := func(id string) string { return where[id] }
	discard := make([]io.Writer, len(gathered))
	for k := range discard {
		discard[k] = io.Discard
	}
	if err := gather(discard, manifestPath, ids, runDir, inputsOf(first)); err != nil {
		return 0, err
	}
	if out != dirs[0] {
		if err := claim(out, first); err != nil {
			return 0, err
		}
		// A killed merge's temporary files. Only in a folder of its own:
		// in one a shard writes, the shard's may be in flight.
		if !slices.ContainsFunc(dirs, func(d string) bool { return sameDir(d, out) }) {
			if err := results.ClearDebris(out); err != nil {
				return 0, err
			}
		}
		if err := results.WriteFileAtomic(filepath.Join(out, manifest), func(w io.Writer) error {
			data, err := os.ReadFile(filepath.Join(dirs[0], manifest))
			if err == nil {
				_, err = w.Write(data)
			}
			return err
		}); err != nil {
			return 0, err
		}
	}
	// Every run is finished: a list of failures left by an earlier sweep
	// or merge into this folder no longer holds.
	if err := writeFailureList(filepath.Join(out, failures), nil, nil); err != nil {
		return 0, err
	}
	return len(ids), assemble(out, manifestPath, ids, runDir, inputsOf(first))
}
