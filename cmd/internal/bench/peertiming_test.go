package bench

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TimePeer alternates the two programs run by run and, with Warm, runs each
// once untimed right before each timed run; the summaries of every pair are
// compared. Both programs are stand-ins here (shell scripts that log their
// calls and write agreeing summaries), so the order of calls is what is
// tested, not the simulators.
func TestTimePeerOrderAndWarm(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stand-ins are shell scripts")
	}
	for _, tc := range []struct {
		warm bool
		want string
	}{
		{false, "go py go py"},
		{true, "go go py py go go py py"},
	} {
		dir := t.TempDir()
		calls := filepath.Join(dir, "calls")
		bin := filepath.Join(dir, "bin")
		if err := os.Mkdir(bin, 0o755); err != nil {
			t.Fatal(err)
		}
		summary := `printf 'scenario,vms,notices\np1k,7,3\n'`
		// spotsim run SCENARIO --out DIR ...; python3 peer.py SCENARIO --out FILE
		exe := writeScript(t, filepath.Join(dir, "spotsim"), "echo go >> "+calls+"\nmkdir -p \"$4\" && "+summary+" > \"$4/summary.csv\"\n")
		writeScript(t, filepath.Join(bin, "python3"), "echo py >> "+calls+"\n"+summary+" > \"$4\"\n")
		t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))

		var out bytes.Buffer
		o := Options{Scale: 0.001, Runs: 2, Dir: filepath.Join(dir, "bench"), Warm: tc.warm}
		if err := TimePeer(exe, []string{"P1k"}, o, &out, io.Discard); err != nil {
			t.Fatalf("warm %v: %v", tc.warm, err)
		}
		b, err := os.ReadFile(calls)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(strings.Fields(string(b)), " "); got != tc.want {
			t.Errorf("warm %v: calls %q; want %q", tc.warm, got, tc.want)
		}
		if !strings.Contains(out.String(), "p1k") {
			t.Errorf("warm %v: no row for p1k in\n%s", tc.warm, out.String())
		}
	}
}

// A peer whose summary differs stops the timing with an error naming the
// column.
func TestTimePeerRejectsADifferentSummary(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stand-ins are shell scripts")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	if err := os.Mkdir(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	exe := writeScript(t, filepath.Join(dir, "spotsim"), "mkdir -p \"$4\" && printf 'scenario,vms\\np1k,7\\n' > \"$4/summary.csv\"\n")
	writeScript(t, filepath.Join(bin, "python3"), "printf 'scenario,vms\\np1k,8\\n' > \"$4\"\n")
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	err := TimePeer(exe, []string{"P1k"}, Options{Scale: 0.001, Runs: 1, Dir: filepath.Join(dir, "bench"), Warm: true}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "vms") {
		t.Fatalf("got %v; want an error naming vms", err)
	}
}

func writeScript(t *testing.T, path, body string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}
