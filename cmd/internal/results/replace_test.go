package results

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spotsim/spotsim/sim"
)

// tree maps every file under dir, in any sub-folder, to its content; the
// temporary files a killed run leaves are hidden and swept by the next run,
// so they are left out.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), tmpPrefix) {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

var errInjected = errors.New("injected failure")

// failAt makes the n-th replacement step (from 0) fail, and reports
// whether it was reached.
func failAt(t *testing.T, n int) *bool {
	reached := new(bool)
	calls := 0
	FailHook = func(step, path string) error {
		calls++
		if calls-1 == n {
			*reached = true
			return errInjected
		}
		return nil
	}
	t.Cleanup(func() { FailHook = nil })
	return reached
}

// A --force run that fails at any step of replacing an earlier run's
// folder (any removal, any rename) leaves either the old results whole, or
// no summary.csv (a folder that says it is incomplete); never an old
// summary.csv beside some new files or with some of its files gone. The
// next --force run then leaves exactly the new results, and no temporary
// file. Before the fix the old files were removed alphabetically, so
// summary.csv outlived events.csv, fleets.csv and the rest.
func TestForceFailsAtEveryStep(t *testing.T) {
	oldRun := sample(t)
	newRun := sample(t)
	newRun.Config.Seed = 8
	fresh := t.TempDir()
	if err := Write(fresh, newRun, []byte(resolved), 1<<Summary|1<<Fleets|1<<VMs, false); err != nil {
		t.Fatal(err)
	}
	want := tree(t, fresh)
	for n := 0; ; n++ {
		dir := t.TempDir()
		if err := Write(dir, oldRun, []byte(resolved), sampleOutputs, false); err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Join(dir, "plots"), 0o777)
		os.WriteFile(filepath.Join(dir, "plots", "cost.png"), []byte("old chart"), 0o666)
		os.WriteFile(filepath.Join(dir, tmpPrefix+"vms.csv-0badf00d"+tmpSuffix), []byte("killed"), 0o666)
		old := tree(t, dir)
		reached := failAt(t, n)
		err := Write(dir, newRun, []byte(resolved), 1<<Summary|1<<Fleets|1<<VMs, true)
		FailHook = nil
		if !*reached {
			if err != nil {
				t.Fatal(err)
			}
			if got := tree(t, dir); !maps.Equal(got, want) {
				t.Fatalf("unhindered --force left %v, want %v", names(got), names(want))
			}
			if n < 5 {
				t.Fatalf("only %d steps: the hook is not reached", n)
			}
			return
		}
		if !errors.Is(err, errInjected) {
			t.Fatalf("step %d: %v, want the injected failure", n, err)
		}
		got := tree(t, dir)
		if _, complete := got["summary.csv"]; complete && !maps.Equal(got, old) && !maps.Equal(got, want) {
			t.Fatalf("step %d: summary.csv beside a mixed folder: %v", n, names(got))
		}
		if err := Write(dir, newRun, []byte(resolved), 1<<Summary|1<<Fleets|1<<VMs, true); err != nil {
			t.Fatalf("step %d: the next --force: %v", n, err)
		}
		if got := tree(t, dir); !maps.Equal(got, want) {
			t.Fatalf("step %d: after the next --force: %v, want %v", n, names(got), names(want))
		}
		noTemps(t, dir)
	}
}

// Clear removes summary.csv before anything else.
func TestClearRemovesSummaryFirst(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, sample(t), []byte(resolved), sampleOutputs, false); err != nil {
		t.Fatal(err)
	}
	var first string
	FailHook = func(step, path string) error {
		if first == "" {
			first = filepath.Base(path)
		}
		return nil
	}
	defer func() { FailHook = nil }()
	if err := Clear(dir); err != nil {
		t.Fatal(err)
	}
	if first != "summary.csv" {
		t.Errorf("Clear removed %s first", first)
	}
	if got := tree(t, dir); len(got) != 0 {
		t.Errorf("Clear left %v", names(got))
	}
}

// A killed run leaves only hidden temporary files (up to 99 MB were seen);
// the next run of the same folder removes them first, --force or not, even
// when it then fails itself (before, only a run that got as far as
// replacing results did).
func TestNextRunSweepsDebris(t *testing.T) {
	dir := t.TempDir()
	debris := filepath.Join(dir, tmpPrefix+"events.csv-0badf00d"+tmpSuffix)
	os.WriteFile(debris, []byte("half a file"), 0o666)
	bad := sample(t)
	changeVM(bad, 1, func(v *sim.VMResult) { v.Fleet = 99 })
	if err := Write(dir, bad, nil, sampleOutputs, false); err == nil {
		t.Fatal("Write of a result with a bad fleet index succeeded")
	}
	noTemps(t, dir)
}
