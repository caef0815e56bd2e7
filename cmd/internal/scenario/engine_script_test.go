package scenario

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spotsim/spotsim/cmd/internal/golden"
	"github.com/spotsim/spotsim/sim"
)

// TestEngineScripts runs the engine's small scenario scripts,
// testdata/engine/*.txt, in the spirit of raft's data-driven tests: each is
// a few lines of scenario and the few rows that matter, readable as a diff,
// where the example goldens are hundreds of events.csv lines. A script is
// sections, each opened by a line "-- NAME --": the scenario in
// "scenario.yaml", the trace files it names, and "want": every event
// except the state rows (a transition that completes), as
//
//	TIME VM EVENT FROM -> TO REASON
//
// (TIME from the start, FROM or TO "-" when the row has none), then a line
// per VM: its final state, billed compute seconds and costs. Text before the
// first section says what the script shows. go test -update rewrites "want";
// read the diff before committing it.
func TestEngineScripts(t *testing.T) {
	scripts, err := filepath.Glob(filepath.Join("testdata", "engine", "*.txt"))
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no scripts in testdata/engine: %v", err)
	}
	for _, path := range scripts {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txt"), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			comment, sections, order := splitScript(string(data))
			src, ok := sections["scenario.yaml"]
			if !ok {
				t.Fatal(`no "-- scenario.yaml --" section`)
			}
			open := func(rel string) ([]byte, error) {
				if f, ok := sections[rel]; ok {
					return []byte(f), nil
				}
				return nil, fmt.Errorf("open %s: no such section in the script", rel)
			}
			s, err := Parse(filepath.Base(path), []byte(src), open)
			if err != nil {
				t.Fatal(err)
			}
			s.Config.Record.Events = true
			res, err := sim.Run(&s.Config)
			if err != nil {
				t.Fatal(err)
			}
			got := renderScript(res)
			if golden.Update() {
				var b strings.Builder
				b.WriteString(comment)
				for _, name := range order {
					if name == "want" {
						continue
					}
					fmt.Fprintf(&b, "-- %s --\n%s", name, sections[name])
				}
				fmt.Fprintf(&b, "-- want --\n%s", got)
				if err := os.WriteFile(path, []byte(b.String()), 0o666); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := sections["want"]; got != want {
				t.Errorf("%s: the engine gives (go test -update to accept, then read the diff):\n%s\nwant:\n%s", path, got, want)
			}
		})
	}
}

// splitScript cuts a script into the text before its first section and its
// sections by name, in file order.
func splitScript(s string) (comment string, sections map[string]string, order []string) {
	sections = map[string]string{}
	name := ""
	var b strings.Builder
	flush := func() {
		if name == "" {
			comment = b.String()
		} else {
			sections[name] = b.String()
			order = append(order, name)
		}
		b.Reset()
	}
	for _, line := range strings.SplitAfter(s, "\n") {
		if l := strings.TrimRight(line, "\n"); strings.HasPrefix(l, "-- ") && strings.HasSuffix(l, " --") && len(l) > 6 {
			flush()
			name = l[3 : len(l)-3]
			continue
		}
		b.WriteString(line)
	}
	flush()
	return comment, sections, order
}

func renderScript(res *sim.Result) string {
	var b bytes.Buffer
	state := func(s sim.State) string {
		if s == sim.NoState {
			return "-"
		}
		return s.String()
	}
	for _, e := range res.Events {
		if e.Kind == sim.EvState {
			continue
		}
		name := ""
		if e.VM >= 0 {
			name = res.VMName(e.VM)
		} else {
			prefix, sep := res.Config.Fleets[e.Fleet].VMNaming()
			name = fmt.Sprintf("%s%c%d", prefix, sep, e.Number)
		}
		fmt.Fprintf(&b, "%s %s %s %s -> %s %s\n", time.Duration(e.Time)*time.Second, name, e.Kind, state(e.From), state(e.To), e.Reason)
	}
	for i, v := range res.VMs.All() {
		fmt.Fprintf(&b, "%s final %s billed %ds compute %s disk %s\n", res.VMName(i), v.FinalState, v.BilledSeconds, v.Compute.Micros(), v.Disk.Micros())
	}
	return b.String()
}
