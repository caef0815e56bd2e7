package results

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spotsim/spotsim/cmd/internal/atomicfile"
	"github.com/spotsim/spotsim/cmd/internal/usage"
	"github.com/spotsim/spotsim/sim"
	"github.com/spotsim/spotsim/sim/meter"
	"github.com/spotsim/spotsim/sim/summary"
)

// ErrExists reports a results folder that already holds a run's files.
var ErrExists = errors.New("folder already holds results")

// resultFiles are every file name a spotsim run may leave in its folder,
// those this package does not write yet included (SPEC section 4): any of
// them marks the folder as holding results, and --force clears them all so
// that the folder never mixes two runs.
var resultFiles = append(outputFiles[:len(outputFiles):len(outputFiles)], focusMetadata, "report.html", "summary_stats.csv",
	"runs.csv", "sweep.resolved.yaml", "failures.csv") // a sweep's

// resultDirs are folders of derived results (`spotsim plot`'s charts, a
// replicated run's replications, a sweep's runs and shards, the trace
// copies beside scenario.resolved.yaml) that --force
// clears with the files, so no chart, replication or run of an earlier
// run survives beside new results.
var resultDirs = []string{"plots", "replications", "runs", "shards", "traces"}

const focusMetadata = "focus_metadata.json"

// Temporary files are dot files with this prefix and suffix, so a folder
// listing hides them and a later run can recognise and sweep the ones a
// killed run left.
const (
	tmpPrefix = atomicfile.TempPrefix
	tmpSuffix = atomicfile.TempSuffix
)

// writeOrder is the order files are renamed into place. summary.csv goes
// last: once it is there, the run's folder is complete, which is what a
// resumed sweep can test.
var writeOrder = []Output{Resolved, Fleets, FleetPools, VMs, Events, Notices, Timeline, Prices, UsageHourly, UsageDaily, FOCUS, AzureEA, AzureMCA, WorkloadSeries, Summary}

// Options are the finer choices of Write.
type Options struct {
	// UsageByResource writes usage and FOCUS rows per resource (each VM's
	// compute and disks) instead of per fleet.
	UsageByResource bool
	// Generator names spotsim and its version in focus_metadata.json.
	Generator string
	// FOCUSVersion is the FOCUS version of focus.csv and its metadata;
	// empty is 1.2.
	FOCUSVersion usage.FOCUSVersion
	// Fresh writes into a folder that does not exist yet, each file under
	// its final name: for a caller that marks the folder finished itself
	// once every file is in it, and deletes and redoes a folder without
	// the mark (a sweep's run folders and their done marker). It saves a
	// temporary name, a rename and a folder scan per file, which were most
	// of a small sweep run's writing (issue 22).
	Fresh bool
	// Summary is the run's summary.Summary(res), when the caller made it
	// (to print it too): summary.csv is written from it instead of
	// another pass over every VM, a tenth of a second for B2's 3.4 million.
	Summary *summary.Measures
	// Fleets is the run's summary.Fleets(res), when the caller made it:
	// fleets.csv is written from it (summary.Tables makes both in one pass).
	Fleets []summary.Measures
}

// Write renders res into dir: the outputs in outs, and scenario.resolved.yaml
// from resolvedYAML when outs has Resolved and resolvedYAML is not nil. Dates
// count from res.Config.Start.
//
// Each file is rendered in full under a temporary name and then renamed, so
// a killed run leaves no half-written file under a final name. dir is created
// if missing. If dir holds any result file and force is false, Write returns
// an error wrapping ErrExists and touches nothing. With force, every result
// file of the earlier run is removed before the new ones are renamed in, so
// that even a kill part way leaves files of one run only.
func Write(dir string, res *sim.Result, resolvedYAML []byte, outs Outputs, force bool) error {
	return WriteWith(dir, res, resolvedYAML, outs, force, Options{})
}

// WriteWith is Write with Options.
func WriteWith(dir string, res *sim.Result, resolvedYAML []byte, outs Outputs, force bool, opt Options) (err error) {
	if (outs.Has(UsageHourly) || outs.Has(UsageDaily) || outs.Has(FOCUS)) && !res.Config.Record.Usage {
		return errors.New("report: usage files asked for, but the run did not record usage (set sim.Config.Record from Outputs.Record)")
	}
	if opt.Generator == "" {
		opt.Generator = "spotsim"
	}
	// A log the run did not keep would come out as an empty file that looks
	// like a run with no events.
	if outs.Has(Events) && !res.Config.Record.Events {
		return errors.New("report: events.csv asked for, but the run did not record events (set sim.Config.Record from Outputs.Record)")
	}
	if outs.Has(Timeline) && !res.Config.Record.Events {
		return errors.New("report: timeline.csv asked for, but the run did not record events (set sim.Config.Record from Outputs.Record)")
	}
	if outs.Has(Notices) && !res.Config.Record.Notices {
		return errors.New("report: notices.jsonl asked for, but the run did not record notices (set sim.Config.Record from Outputs.Record)")
	}

	var found []string
	if opt.Fresh {
		if err := os.Mkdir(dir, 0o777); err != nil {
			return err
		}
	} else {
		var stale []string
		found, stale, err = scan(dir)
		if err != nil {
			return err
		}
		if err := occupied(dir, found, force); err != nil {
			return err
		}
		if err := os.MkdirAll(dir, 0o777); err != nil {
			return err
		}
		// A killed run's temporary files go first, whether or not this run
		// gets as far as replacing anything.
		if err := retire(dir, nil, stale, false); err != nil {
			return err
		}
	}

	type rendered struct{ tmp, final string }
	var files []rendered
	defer func() {
		if err != nil {
			for _, f := range files {
				os.Remove(f.tmp) // already renamed or gone: nothing to clean
			}
		}
	}()
	// put renders one file: under a temporary name to be renamed once
	// every file is rendered, or, fresh, under its final name.
	put := func(final string, render func(io.Writer) error) error {
		path := filepath.Join(dir, final)
		if opt.Fresh {
			if err := createFile(path, render); err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			return nil
		}
		tmp, err := writeTemp(dir, final, render)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		files = append(files, rendered{tmp, path})
		return nil
	}
	// summary.csv and fleets.csv from one pass over the VMs (summary.Tables)
	// when the caller made neither: each made its own, and a sweep writes
	// both for every run.
	tables := func() error {
		if opt.Summary != nil && opt.Fleets != nil {
			return nil
		}
		m, per, err := summary.Tables(res)
		if err != nil {
			return err
		}
		if opt.Summary == nil {
			opt.Summary = m
		}
		if opt.Fleets == nil {
			opt.Fleets = per
		}
		return nil
	}
	var meters *meter.Meter // the price curves, built once for every usage file
	// The daily rows, built once: merged across zones for usage_daily.csv
	// and Azure's cost details (a resource's usage per meter and day, one
	// meter for a size in a region whatever the zone), by zone for
	// focus.csv, whose rows name their AvailabilityZone (meter.Merge).
	var daily, dailyMeters, dailyZones []meter.Row
	focusVersion := opt.FOCUSVersion
	if focusVersion == "" {
		focusVersion = usage.FOCUS12
	}
	rows := func(period int64) []meter.Row {
		if meters == nil {
			meters = meter.New(res)
		}
		return meters.Rows(meter.Options{Period: period, ByResource: opt.UsageByResource})
	}
	dailyRows := func(byZone bool) []meter.Row {
		if daily == nil {
			daily = rows(86400)
		}
		if byZone {
			if dailyZones == nil {
				dailyZones = meter.Merge(res.Config, daily, true)
			}
			return dailyZones
		}
		if dailyMeters == nil {
			dailyMeters = meter.Merge(res.Config, daily, false)
		}
		return dailyMeters
	}
	for _, o := range writeOrder {
		if !outs.Has(o) {
			continue
		}
		var render func(io.Writer) error
		switch o {
		case Summary:
			render = func(w io.Writer) error {
				if err := tables(); err != nil {
					return fmt.Errorf("summary: %w", err)
				}
				return writeSummary(w, res, opt.Summary)
			}
		case Fleets:
			render = func(w io.Writer) error {
				if err := tables(); err != nil {
					return fmt.Errorf("fleets: %w", err)
				}
				return writeFleets(w, res, opt.Fleets)
			}
		case VMs:
			render = func(w io.Writer) error { return WriteVMs(w, res) }
		case FleetPools:
			render = func(w io.Writer) error { return WriteFleetPools(w, res) }
		case Events:
			render = func(w io.Writer) error { return WriteEvents(w, res) }
		case Notices:
			render = func(w io.Writer) error { return WriteNotices(w, res) }
		case Timeline:
			render = func(w io.Writer) error { return WriteTimeline(w, res) }
		case Prices:
			render = func(w io.Writer) error { return WritePrices(w, res) }
		case WorkloadSeries:
			render = func(w io.Writer) error { return WriteWorkload(w, res) }
		case UsageHourly:
			render = func(w io.Writer) error {
				return usage.WriteUsage(w, res, meter.Merge(res.Config, rows(3600), false))
			}
		case UsageDaily:
			render = func(w io.Writer) error {
				return usage.WriteUsage(w, res, dailyRows(false))
			}
		case FOCUS:
			render = func(w io.Writer) error {
				return usage.WriteFOCUS(w, res, dailyRows(true), focusVersion)
			}
			if err := put(focusMetadata, func(w io.Writer) error {
				return usage.WriteMetadata(w, res, opt.Generator, opt.UsageByResource, focusVersion)
			}); err != nil {
				return err
			}
		case AzureEA:
			render = func(w io.Writer) error { return usage.WriteAzure(w, res, dailyRows(false), usage.AzureEA) }
		case AzureMCA:
			render = func(w io.Writer) error { return usage.WriteAzure(w, res, dailyRows(false), usage.AzureMCA) }
		case Resolved:
			if resolvedYAML == nil {
				continue
			}
			render = func(w io.Writer) error { _, err := w.Write(resolvedYAML); return err }
		}
		if err := put(o.File(), render); err != nil {
			return err
		}
	}
	if opt.Fresh {
		return nil
	}

	// Everything rendered: only now is the earlier run's output given up,
	// summary.csv first, and the new one renamed in, summary.csv last. A
	// kill in between leaves a folder without summary.csv: incomplete, and
	// said to be.
	if err := retire(dir, found, nil, force); err != nil {
		return err
	}
	for _, f := range files {
		if err := rename(f.tmp, f.final); err != nil {
			return err
		}
	}
	return nil
}

// CheckFree returns the error Write would return for a folder that already
// holds results, so that a caller can refuse before spending a long run.
// Write checks again: the folder may change in between.
func CheckFree(dir string, force bool) error {
	found, _, err := scan(dir)
	if err != nil {
		return err
	}
	return occupied(dir, found, force)
}

func occupied(dir string, found []string, force bool) error {
	if len(found) > 0 && !force {
		return fmt.Errorf("%s: %w (%s); pass --force to replace them", dir, ErrExists, strings.Join(found, ", "))
	}
	return nil
}

// scan lists dir's result files and the temporary files a killed run left.
// A missing dir holds neither.
func scan(dir string) (found, stale []string, err error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case slices.Contains(resultFiles, name):
			found = append(found, name)
		case strings.HasPrefix(name, tmpPrefix) && strings.HasSuffix(name, tmpSuffix) && e.Type().IsRegular():
			stale = append(stale, name)
		}
	}
	return found, stale, nil
}

// writeTemp renders a file of the folder under a temporary name.
func writeTemp(dir, final string, render func(io.Writer) error) (string, error) {
	return atomicfile.Temp(dir, final, render)
}

// WriteFileAtomic renders a file under a temporary name in its folder and
// renames it into place, so that a reader never sees part of it.
func WriteFileAtomic(path string, render func(io.Writer) error) error {
	dir, name := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := writeTemp(dir, name, render)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// WriteFilesAtomic renders the files names of dir together, each under a
// temporary name, render getting one writer per name in that order, and
// renames them into place, summary.csv last (as Write does), only once
// render and every file have succeeded; on error it leaves none of them. A
// caller that streams what it checks (a sweep gathering its runs) so
// writes several files in one pass and still publishes nothing that failed
// a check.
func WriteFilesAtomic(dir string, names []string, render func([]io.Writer) error) error {
	files := make([]*os.File, 0, len(names))
	discard := func() {
		for _, f := range files {
			f.Close()
			os.Remove(f.Name())
		}
	}
	writers := make([]io.Writer, len(names))
	buffers := make([]*bufio.Writer, len(names))
	for i, name := range names {
		f, err := atomicfile.Create(dir, name)
		if err != nil {
			discard()
			return fmt.Errorf("%s: %w", filepath.Join(dir, name), err)
		}
		files = append(files, f)
		buffers[i] = bufio.NewWriter(f)
		writers[i] = buffers[i]
	}
	if err := render(writers); err != nil {
		discard()
		return err
	}
	for i, f := range files {
		err := buffers[i].Flush()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			discard()
			return fmt.Errorf("%s: %w", filepath.Join(dir, names[i]), err)
		}
	}
	var order []int // summary.csv last
	for _, last := range []bool{false, true} {
		for i, name := range names {
			if (name == Summary.File()) == last {
				order = append(order, i)
			}
		}
	}
	// An earlier summary.csv goes first, as Write's does: stopped between
	// two renames, the folder has the new files but no summary.csv, never
	// the old summary.csv beside a new fleets.csv.
	if len(names) > 1 && slices.Contains(names, Summary.File()) {
		if err := remove(filepath.Join(dir, Summary.File())); err != nil {
			discard()
			return err
		}
	}
	for n, i := range order {
		if err := rename(files[i].Name(), filepath.Join(dir, names[i])); err != nil {
			for _, j := range order[n:] {
				os.Remove(files[j].Name())
			}
			return err
		}
	}
	return nil
}
