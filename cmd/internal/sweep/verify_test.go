package sweep

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spotsim/spotsim/cmd/internal/atomicfile"
	"github.com/spotsim/spotsim/cmd/internal/scenario"
	examples "github.com/spotsim/spotsim/scenarios"
)

// A merge or a sweep's final step refuses a run whose summary.csv or
// fleets.csv is damaged, with a message naming the run and the file, and a
// refused merge writes nothing into its output folder. Before: a summary
// without its seed column panicked merge, and a truncated one gave exit 0
// with a row missing and a header cut short.
func TestMergeVerifiesEveryRun(t *testing.T) {
	sw := load(t)
	src := filepath.Join(t.TempDir(), "sweep")
	run(t, sw, Options{Out: src, Workers: 2})
	id := sw.Runs[3].ID
	summary := filepath.Join(src, "runs", id, "summary.csv")
	fleets := filepath.Join(src, "runs", id, "fleets.csv")
	good := map[string]string{summary: read(t, summary), fleets: read(t, fleets)}
	lines := func(s string) []string { return strings.SplitAfter(s, "\n") }
	for _, c := range []struct {
		name, file, content, want string
	}{
		{"no seed column", summary, strings.Replace(good[summary], "scenario,seed,", "scenario,", 1), "header"},
		{"header cut short", summary, good[summary][:40] + "\n", "header"},
		{"summary row missing", summary, lines(good[summary])[0], "has 0 rows; the run wrote 1"},
		{"a fleet row missing", fleets, strings.Join(lines(good[fleets])[:2], ""), "has 1 rows; the run wrote 3"},
		{"a row cut short", summary, good[summary][:len(good[summary])-20] + "\n", "fields, the header"},
	} {
		os.WriteFile(c.file, []byte(c.content), 0o644)
		out := filepath.Join(t.TempDir(), "merged")
		_, err := Merge([]string{src}, out)
		if err == nil || !strings.Contains(err.Error(), "run "+id) || !strings.Contains(err.Error(), c.file) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: merge said %v; want an error naming run %s, %s and %q", c.name, err, id, c.file, c.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s: a refused merge created %s", c.name, out)
		}
		os.WriteFile(c.file, []byte(good[c.file]), 0o644)
	}
	if _, err := Merge([]string{src}, filepath.Join(t.TempDir(), "merged")); err != nil {
		t.Fatalf("the repaired sweep does not merge: %v", err)
	}
}

// The base scenario edited between two partial runs of a sweep: the second
// refuses the folder, naming the base scenario, instead of mixing runs of
// the old and new base in one summary.csv (the defect: 18 and 18 runs,
// exit 0). The same holds for a trace. A run folder made on other inputs
// and copied in is refused by merge.
func TestChangedInputsAreRefused(t *testing.T) {
	dir := t.TempDir()
	if err := examples.CopyExample(dir); err != nil {
		t.Fatal(err)
	}
	sweepFile := filepath.Join(dir, "sweep.yaml")
	os.WriteFile(sweepFile, []byte(testSweep), 0o644)
	loadFrom := func() *scenario.Sweep {
		sw, err := scenario.LoadSweep(sweepFile)
		if err != nil {
			t.Fatal(err)
		}
		return sw
	}
	out := filepath.Join(t.TempDir(), "sweep")
	run(t, loadFrom(), Options{Out: out, Shards: 2, Shard: 0})

	base := filepath.Join(dir, "example.yaml")
	orig := read(t, base)
	os.WriteFile(base, []byte(orig+"\n# edited\n"), 0o644)
	_, err := Run(loadFrom(), Options{Out: out, Shards: 2, Shard: 1, Version: "test"})
	if !errors.Is(err, ErrOtherSweep) || !strings.Contains(err.Error(), "the base scenario changed") {
		t.Fatalf("resume after the base changed: %v", err)
	}
	os.WriteFile(base, []byte(orig), 0o644)

	trace := filepath.Join(dir, "example_prices.csv")
	prices := read(t, trace)
	os.WriteFile(trace, []byte(prices+"\n"), 0o644)
	_, err = Run(loadFrom(), Options{Out: out, Shards: 2, Shard: 1, Version: "test"})
	if !errors.Is(err, ErrOtherSweep) || !strings.Contains(err.Error(), `trace "example_prices.csv" changed`) {
		t.Fatalf("resume after a trace changed: %v", err)
	}

	// The other shard, run on the edited trace in a folder of its own,
	// cannot be merged with the first.
	other := filepath.Join(t.TempDir(), "other")
	run(t, loadFrom(), Options{Out: other, Shards: 2, Shard: 1})
	if _, err := Merge([]string{out, other}, filepath.Join(t.TempDir(), "m")); err == nil || !strings.Contains(err.Error(), "hold different sweeps") {
		t.Fatalf("merge across inputs: %v", err)
	}
	// Its runs copied into the first folder are refused by name.
	os.WriteFile(trace, []byte(prices), 0o644)
	entries, _ := os.ReadDir(filepath.Join(other, "runs"))
	for _, e := range entries {
		os.Rename(filepath.Join(other, "runs", e.Name()), filepath.Join(out, "runs", e.Name()))
	}
	if _, err := Merge([]string{out}, filepath.Join(t.TempDir(), "m")); err == nil || !strings.Contains(err.Error(), "ran on other inputs") {
		t.Fatalf("merge of copied runs: %v", err)
	}
	// A resumed sweep reruns them rather than trusting them.
	rep := run(t, loadFrom(), Options{Out: out})
	if rep.Ran != len(entries) {
		t.Fatalf("resume reran %d runs, want the %d made on other inputs", rep.Ran, len(entries))
	}
}

// A killed sweep's temporary files in the sweep folder are removed by the
// next (unsharded) run of the sweep.
func TestSweepClearsDebris(t *testing.T) {
	sw := load(t)
	out := filepath.Join(t.TempDir(), "sweep")
	run(t, sw, Options{Out: out})
	debris := filepath.Join(out, ".spotsim-summary.csv-0badf00d.tmp")
	os.WriteFile(debris, []byte("half"), 0o644)
	run(t, sw, Options{Out: out})
	if _, err := os.Stat(debris); err == nil {
		t.Fatal("the killed sweep's temporary file survived the next run")
	}
}

// The sweep's files are streamed while their runs are checked: a run found
// damaged at the end, after every other run's rows were written, still
// leaves neither summary.csv nor fleets.csv, and no temporary file.
func TestDamagedLastRunPublishesNothing(t *testing.T) {
	sw := load(t)
	dir := filepath.Join(t.TempDir(), "out")
	last := sw.Runs[len(sw.Runs)-1].ID
	_, err := Run(sw, Options{Out: dir, Workers: 2, Version: "test", fail: func(r scenario.Run) error {
		if r.ID == last {
			fleets := filepath.Join(dir, "runs", r.ID, "fleets.csv")
			b, err := os.ReadFile(fleets)
			if err != nil {
				return err
			}
			return os.WriteFile(fleets, b[:strings.LastIndex(strings.TrimSuffix(string(b), "\n"), "\n")+1], 0o644)
		}
		return nil
	}})
	if err == nil || !strings.Contains(err.Error(), "run "+last) || !strings.Contains(err.Error(), "fleets.csv has 2 rows") {
		t.Fatalf("sweep said %v; want the damaged run %s and its fleets.csv named", err, last)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if n := e.Name(); n == "summary.csv" || n == "fleets.csv" || atomicfile.IsTemp(n) {
			t.Errorf("a refused assembly left %s", n)
		}
	}
}
