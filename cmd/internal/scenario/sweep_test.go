package scenario

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	examples "github.com/spotsim/spotsim/scenarios"
	"github.com/spotsim/spotsim/sim/seed"
)

// sweepDir writes the built-in example and a sweep file over it.
func sweepDir(t *testing.T, sweep string) string {
	t.Helper()
	dir := t.TempDir()
	if err := examples.CopyExample(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sweep.yaml"), []byte(sweep), 0o644); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "sweep.yaml")
}

const exampleSweep = `base: example.yaml
seed: 3
replications: 2
grid:
  fleets[name=batch].max_price: [0.03, 0.04, -1]
  notice: [30s, 10s]
zip:
  - fleets[name=web].count: [2, 4]
    pools[1].capacity: [unlimited, 3]
`

func TestLoadSweep(t *testing.T) {
	sw, err := LoadSweep(sweepDir(t, exampleSweep))
	if err != nil {
		t.Fatal(err)
	}
	if len(sw.Runs) != 3*2*2*2 {
		t.Fatalf("%d runs, want 24 (3 max prices × 2 notices × 2 zip rows × 2 replications)", len(sw.Runs))
	}
	want := []string{"fleets[name=batch].max_price", "notice", "fleets[name=web].count", "pools[1].capacity"}
	if strings.Join(sw.Params, " ") != strings.Join(want, " ") {
		t.Fatalf("params %v, want %v", sw.Params, want)
	}
	seen := map[string]bool{}
	points := map[string]bool{}
	for i, r := range sw.Runs {
		if i > 0 && sw.Runs[i-1].ID >= r.ID {
			t.Fatalf("runs not sorted by id at %d", i)
		}
		key := strings.Join(r.Values, "|")
		if seen[key+"|"+string(rune('0'+r.Replication))] {
			t.Fatalf("point %s replication %d twice", key, r.Replication)
		}
		seen[key+"|"+string(rune('0'+r.Replication))] = true
		points[key] = true
		// Zip groups advance together: count 2 goes with unlimited only.
		if (r.Values[2] == "2") != (r.Values[3] == "unlimited") {
			t.Fatalf("zip group broken: %v", r.Values)
		}
		if want := seed.Replication(3, r.Replication); r.Seed != want {
			t.Fatalf("run %s seed %d, want %d", r.ID, r.Seed, want)
		}
		s, err := sw.Scenario(i)
		if err != nil {
			t.Fatal(err)
		}
		c := s.Config
		if c.Seed != r.Seed || c.Fleets[1].Count != map[string]int{"2": 2, "4": 4}[r.Values[2]] {
			t.Fatalf("run %s: seed %d, web count %d; values %v", r.ID, c.Seed, c.Fleets[1].Count, r.Values)
		}
		if got := c.Fleets[0].MaxPrice.String(); got != r.Values[0] && !(r.Values[0] == "-1" && c.Fleets[0].MaxPrice < 0) {
			t.Fatalf("run %s: batch max price %s, want %s", r.ID, got, r.Values[0])
		}
		if lead := map[string]int64{"30s": 30, "10s": 10}[r.Values[1]]; c.Notice.Min != lead || c.Notice.Max != lead {
			t.Fatalf("run %s: notice %v, want %s", r.ID, c.Notice, r.Values[1])
		}
	}
	if len(points) != 12 {
		t.Fatalf("%d distinct points, want 12", len(points))
	}
	// Ids are stable: the same file gives the same ids.
	again, err := LoadSweep(sweepDir(t, exampleSweep))
	if err != nil || again.Runs[0].ID != sw.Runs[0].ID || string(again.ResolvedYAML("x")) != string(sw.ResolvedYAML("x")) {
		t.Fatalf("ids or resolved sweep differ between loads: %v", err)
	}
}

// seconds is a list of n distinct durations, for big grids.
func seconds(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%ds", i+1)
	}
	return b.String()
}

func TestSweepErrors(t *testing.T) {
	for _, c := range []struct{ name, sweep, want string }{
		{"unknown key", "base: example.yaml\ncolour: red\n", "sweep.yaml:2:1: colour: unknown key"},
		{"no base", "grid: {notice: [1s]}\n", "base: missing"},
		{"bad key path", "base: example.yaml\ngrid:\n  fleets[name=batch.max_price: [1]\n", `is not a key path`},
		{"empty list", "base: example.yaml\ngrid:\n  notice: []\n", "grid.notice: want a non-empty list of values"},
		{"seed swept", "base: example.yaml\ngrid:\n  seed: [1, 2]\n", "the seed is set by the sweep"},
		// Every run is one replication: sweeping the base's count gave
		// identical runs labelled 2 and 3.
		{"replications swept", "base: example.yaml\ngrid:\n  replications: [2, 3]\n", "sweep.yaml:3:3: grid.replications: a run of a sweep is one replication; set the sweep's own replications: instead"},
		{"swept twice", "base: example.yaml\ngrid:\n  notice: [1s]\nzip:\n  - notice: [2s]\n", "is swept twice"},
		// Two paths to one key: the second would silently win, and the
		// first's column would name a value the runs never had.
		{"one key by two paths", "base: example.yaml\ngrid:\n  fleets[name=batch].count: [8, 10]\n  fleets[0].count: [9, 11]\n",
			"sweep.yaml:4:3: grid.fleets[0].count: key path fleets[0].count sets the same key as fleets[name=batch].count (fleets[0].count in the base scenario); want each key in one place"},
		{"a key inside a swept key", "base: example.yaml\ngrid:\n  pools[1].capacity: [1, 2]\nzip:\n  - pools[sku=Standard_D4s_v5]: [{region: westeurope, sku: Standard_D4s_v5, vcpus: 4, payg_price: 0.192, spot_price: 0.05}]\n",
			"sweep.yaml:5:5: zip[0].pools[sku=Standard_D4s_v5]: key path pools[sku=Standard_D4s_v5] holds pools[1].capacity, swept too (pools[1] in the base scenario); want each key in one place"},
		{"zip lengths", "base: example.yaml\nzip:\n  - notice: [1s, 2s]\n    victims: [random]\n", "want equal lengths"},
		{"bad value names the run", "base: example.yaml\ngrid:\n  fleets[name=batch].max_price: [0.04, 0.123456]\n", "MaxPriceValueInvalid"},
		// The bad value is the sweep file's, at its line and column (not
		// the base file's line 3, a comment).
		{"bad value at the sweep's line", "base: example.yaml\ngrid:\n  fleets[name=batch].max_price: [0.04, 0.123456]\n", "sweep.yaml:3:40: fleets[0].max_price: 0.123456"},
		{"bad mapping value at the sweep's line", "base: example.yaml\ngrid:\n  fleets[name=batch].after_eviction: [{restart: 1h}, {restart: soon}]\n", "sweep.yaml:3:64: fleets[0].after_eviction.restart"},
		// A key path that reaches nothing is the sweep file's error, at
		// the key path's line and column (it had no position at all).
		{"no such fleet", "base: example.yaml\ngrid:\n  fleets[name=nope].max_price: [0.04]\n", "sweep.yaml:3:3: grid.fleets[name=nope].max_price: key path fleets[name=nope].max_price: fleets[name=nope] matches no item"},
		{"index out of range", "base: example.yaml\ngrid:\n  pools[9].capacity: [1]\n", "sweep.yaml:3:3: grid.pools[9].capacity: key path pools[9].capacity: pools[9]: the base scenario's pools has 2 items"},
		{"no such key on the way", "base: example.yaml\nzip:\n  - timings.create: [1s]\n    billing.running.compute: [false]\n", "sweep.yaml:4:5: zip[0].billing.running.compute: key path billing.running.compute: the base scenario has no billing"},
		{"misspelt last key", "base: example.yaml\ngrid:\n  notice: [10s]\n  fleets[name=batch].max_pric: [0.04]\n", "sweep.yaml:4:3: fleets[0].max_pric: unknown key"},
		{"replications 0", "base: example.yaml\nreplications: 0\n", "replications: 0 is not accepted"},
		// One limit for a scenario's, a sweep's and --replications (issue #13).
		{"replications above the limit", "base: example.yaml\nreplications: 10001\n", "replications: 10001 is not accepted; want a whole number from 1 to 10000"},
		{"missing base file", "base: nope.yaml\n", "sweep.yaml:1:7: base:"},
		{"bad target", "base: example.yaml\ntarget: availability>=99\ngrid:\n  notice: [1s]\n", "sweep.yaml:2:9: target: target \"availability>=99\": want MEASURE>=N"},
		{"duplicate values", "base: example.yaml\ngrid:\n  notice: [1s, 1s]\n", "sweep.yaml:3:16: grid.notice: 1s is the value 1s (line 3) again, so two runs would have the same parameters"},
		// Two texts of one number are one scenario: two run ids that a
		// pivot over the summary averaged as one configuration.
		{"one number twice", "base: example.yaml\ngrid:\n  fleets[name=batch].max_price: [0.03, 0.030]\n", "sweep.yaml:3:40: grid.fleets[name=batch].max_price: 0.030 is the value 0.03 (line 3) again"},
		{"one zip row twice", "base: example.yaml\nzip:\n  - notice: [10s, 20s, 10s]\n    fleets[name=batch].count: [5, 6, 5.0]\n", "sweep.yaml:3:24: zip[0].notice: 10s is the value 10s (line 3) again"},
		// Issue #21: a 10^9-point grid grew without limit while expanding.
		{"too many runs", "base: example.yaml\nreplications: 10000\ngrid:\n  notice: [" + seconds(11) + "]\n", "sweep.yaml:4:3: grid: the sweep has more than 100000 runs"},
		{"too many points", "base: example.yaml\ngrid:\n  notice: [" + seconds(1000) + "]\n  victims: [random, newest, oldest]\n  fleets[name=batch].max_price: [" + seconds(1000) + "]\n",
			"the sweep has more than 100000 runs"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := LoadSweep(sweepDir(t, c.sweep))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestSetKeyPath(t *testing.T) {
	const base = "name: t\nnotice: 30s\npools:\n  - {region: a, sku: x}\n  - {region: b, sku: y}\nfleets:\n  - name: w\n    count: 1\n"
	for _, c := range []struct{ path, value, want string }{
		{"notice", "10s", "notice: 10s"},
		{"victims", "oldest", "victims: oldest"}, // absent keys are added
		{"pools[1].region", "c", "{region: c, sku: y}"},
		{"fleets[name=w].count", "5", "count: 5"},
		{"pools[0]", "{region: z, sku: q}", "- {region: z, sku: q}"},
	} {
		var root yaml.Node
		if err := yaml.Unmarshal([]byte(base), &root); err != nil {
			t.Fatal(err)
		}
		var v yaml.Node
		if err := yaml.Unmarshal([]byte(c.value), &v); err != nil {
			t.Fatal(err)
		}
		if err := setKeyPath(root.Content[0], c.path, v.Content[0], nil); err != nil {
			t.Fatalf("%s: %v", c.path, err)
		}
		out, _ := yaml.Marshal(&root)
		if !strings.Contains(string(out), c.want) {
			t.Errorf("%s = %s: got\n%s\nwant it to contain %q", c.path, c.value, out, c.want)
		}
	}
	var root yaml.Node
	yaml.Unmarshal([]byte(base), &root)
	for _, bad := range []string{"pools.region", "fleets[name=v].count", "name[0]", "timings.create"} {
		if err := setKeyPath(root.Content[0], bad, &yaml.Node{Kind: yaml.ScalarNode, Value: "1"}, nil); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func FuzzKeyPath(f *testing.F) {
	for _, s := range []string{"notice", "fleets[name=workers].max_price", "pools[0].capacity", "a..b", "x[", "[0]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		steps, err := parseKeyPath(path)
		if err != nil {
			return
		}
		if len(steps) != strings.Count(path, ".")+1 {
			t.Fatalf("%q: %d steps", path, len(steps))
		}
		var root yaml.Node
		yaml.Unmarshal([]byte("a: {b: [1, {c: 2}]}\n"), &root)
		_ = setKeyPath(root.Content[0], path, &yaml.Node{Kind: yaml.ScalarNode, Value: "9"}, nil) // must not panic
	})
}

func TestLooksLikeSweep(t *testing.T) {
	for text, want := range map[string]bool{
		"base: example.yaml\ngrid:\n  notice: [1s]\n":  true,
		"base: example.yaml\nzip:\n  - notice: [1s]\n": true,
		"name: x\nstart: 2026-01-05T00:00:00Z\n":       false,
		// No axes: spotsim sweep runs the base's replications, so validate
		// must check it as the sweep it is.
		"base: x.yaml\nreplications: 3\n":                      true,
		"base: x.yaml\n":                                       true,
		"base: x.yaml\nname: t\nstart: 2026-01-05T00:00:00Z\n": false, // a scenario with a stray key, reported as such
		"[not a mapping":                                       false,
	} {
		if got := LooksLikeSweep([]byte(text)); got != want {
			t.Errorf("%q: %v, want %v", text, got, want)
		}
	}
}

// TestSweepTarget: target: is read and written into sweep.resolved.yaml.
func TestSweepTarget(t *testing.T) {
	sw, err := LoadSweep(sweepDir(t, "base: example.yaml\ntarget: availability_pct >= 99.5\ngrid:\n  notice: [1s, 2s]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if sw.Target == nil || sw.Target.String() != "availability_pct>=99.5" {
		t.Fatalf("target %v", sw.Target)
	}
	if !strings.Contains(string(sw.ResolvedYAML("t")), "\ntarget: \"availability_pct>=99.5\"\n") && !strings.Contains(string(sw.ResolvedYAML("t")), "\ntarget: availability_pct>=99.5\n") {
		t.Fatalf("resolved:\n%s", sw.ResolvedYAML("t"))
	}
}

// A sweep over the start or the horizon cuts other windows of the same
// traces, so its traces are copied, not spent: every run's price series is
// the one its own scenario, loaded alone, has. A sweep that moves neither
// cuts each window once for all its runs.
func TestSweepWindowsFollowEachRun(t *testing.T) {
	for _, grid := range []string{
		"  start: [2026-01-05T00:00:00Z, 2026-01-06T06:00:00Z, 2026-01-05T13:00:00Z]\n",
		"  horizon: [7d, 6d, 6d12h]\n",
		"  start: [2026-01-06T06:00:00Z, 2026-01-05T00:00:00Z]\n  horizon: [6d, 7d]\n",
		"  fleets[name=batch].max_price: [0.03, 0.04]\n",
	} {
		path := sweepDir(t, "base: example.yaml\ngrid:\n"+grid)
		sw, err := LoadSweep(path)
		if err != nil {
			t.Fatalf("%s: %v", grid, err)
		}
		for i, r := range sw.Runs {
			got, err := sw.Scenario(i)
			if err != nil {
				t.Fatalf("%s run %v: %v", grid, r.Values, err)
			}
			// The run's scenario written out and loaded on its own.
			alone := filepath.Join(filepath.Dir(path), fmt.Sprintf("alone-%d.yaml", i))
			data, err := got.ResolvedYAML("test")
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(alone, data, 0o644); err != nil {
				t.Fatal(err)
			}
			want, err := Load(alone)
			if err != nil {
				t.Fatalf("%s run %v loaded alone: %v", grid, r.Values, err)
			}
			for p := range want.Config.Pools {
				g, w := got.Config.Pools[p].Spot, want.Config.Pools[p].Spot
				if !slices.Equal(g.Times, w.Times) || !slices.Equal(g.Values, w.Values) {
					t.Fatalf("%s run %v pool %d: series %v %v; alone %v %v", grid, r.Values, p, g.Times, g.Values, w.Times, w.Values)
				}
			}
		}
	}
}

// A trace made for one pool by one decode (from a file with no pools: an
// availability series, a fleet log, SkyNomad ticks) is windowed for that
// decode alone, not kept in the sweep's cache, which would otherwise hold
// one window per run.
func TestSweepKeepsNoPerRunWindows(t *testing.T) {
	base, err := filepath.Abs(filepath.Join("..", "..", "..", "scenarios", "foreign-traces.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "sweep.yaml")
	if err := os.WriteFile(path, []byte("base: "+base+"\nreplications: 20\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sw, err := LoadSweep(path)
	if err != nil {
		t.Fatal(err)
	}
	held := sw.traces.Windows()
	if held == 0 {
		t.Fatal("the base's pooled traces cut no window")
	}
	var first *Scenario
	for i := range sw.Runs {
		s, err := sw.Scenario(i)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = s
			continue
		}
		for p := range s.Config.Pools {
			g, w := s.Config.Pools[p], first.Config.Pools[p]
			if !slices.Equal(g.Spot.Times, w.Spot.Times) || !slices.Equal(g.Capacity.Times, w.Capacity.Times) || !slices.Equal(g.Capacity.Values, w.Capacity.Values) {
				t.Fatalf("run %d pool %d: series differ from the first run's", i, p)
			}
		}
	}
	if got := sw.traces.Windows(); got != held {
		t.Errorf("the cache holds %d windows after %d runs, %d after loading", got, len(sw.Runs), held)
	}
}

// A trace named in a swept value is found from the base scenario's folder,
// as docs/sweeps.md says, not from the sweep file's: with the sweep file
// one folder up, the base's own example_prices.csv is the one read.
func TestSweptTracePathIsTheBasesFolders(t *testing.T) {
	dir := filepath.Dir(sweepDir(t, "base: example.yaml\n"))
	sweep := filepath.Join(filepath.Dir(dir), "up.yaml")
	text := "base: " + filepath.Base(dir) + "/example.yaml\ngrid:\n  pools[0].spot_price: [{csv: example_prices.csv}, 0.02]\n"
	if err := os.WriteFile(sweep, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	sw, err := LoadSweep(sweep)
	if err != nil {
		t.Fatal(err)
	}
	if len(sw.Runs) != 2 {
		t.Fatalf("%d runs, want 2", len(sw.Runs))
	}
}

func TestFleetOfKeyPath(t *testing.T) {
	const s = "name: t\nfleets:\n  - {name: a, sku: x, count: 1}\n  - {name: b, sku: y, count: 2}\n"
	for path, want := range map[string]string{
		"fleets[sku=y].count": "b", "fleets[0].count": "a", "fleets[name=b].max_price": "b",
		"fleets[sku=z].count": "", "fleets[5].count": "", "pools[0].capacity": "", "notice": "", "fleets": "",
	} {
		got, ok := FleetOfKeyPath([]byte(s), path)
		if got != want || ok != (want != "") {
			t.Errorf("%s: %q %v, want %q", path, got, ok, want)
		}
	}
}

// FuzzLoadSweep: a sweep file never panics the decoder, and one it accepts
// has distinct run ids, each run's scenario decoding.
func FuzzLoadSweep(f *testing.F) {
	f.Add([]byte(exampleSweep))
	for _, name := range []string{"example-sweep.yaml", "fleet-sweep.yaml"} {
		if data, err := os.ReadFile(filepath.Join("..", "..", "..", "scenarios", name)); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("base: example.yaml\ngrid:\n  fleets[name=batch].max_price: [0.03, 0.030]\n"))
	f.Add([]byte("base: example.yaml\nzip:\n  - notice: [10s, 20s]\n    fleets[0].after_eviction: [{restart: 1h}, {replace: 5m}]\ntarget: deadline_met>=95\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 4096 {
			return
		}
		sw, err := LoadSweep(sweepDir(t, string(data)))
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for i, r := range sw.Runs {
			if seen[r.ID] {
				t.Fatalf("run id %s twice", r.ID)
			}
			seen[r.ID] = true
			if i < 4 {
				if _, err := sw.Scenario(i); err != nil {
					t.Fatalf("accepted, but run %d does not decode: %v", i, err)
				}
			}
		}
	})
}
