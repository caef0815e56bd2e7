package plot

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	goldenfile "github.com/spotsim/spotsim/cmd/internal/golden"
	"github.com/spotsim/spotsim/cmd/internal/results"
	"github.com/spotsim/spotsim/cmd/internal/scenario"
	examples "github.com/spotsim/spotsim/scenarios"
	"github.com/spotsim/spotsim/sim"
	"github.com/spotsim/spotsim/sim/seed"
)

// writeRun runs a scenario the way `spotsim run` does and writes its folder.
func writeRun(t *testing.T, sc *scenario.Scenario) string {
	t.Helper()
	sc.Config.Record = results.AllOutputs.Record()
	res, err := sim.Run(&sc.Config)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), sc.Config.Name)
	if err := results.Write(dir, res, nil, results.AllOutputs, false); err != nil {
		t.Fatal(err)
	}
	return dir
}

// folders are the results folders every test draws: the built-in example,
// each acceptance scenario that runs, and the hand-written sweep.
func folders(t *testing.T) map[string]string {
	t.Helper()
	dirs := map[string]string{"sweep": filepath.Join("testdata", "sweep")}
	data, err := examples.Example.ReadFile(examples.ExampleFile)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse("example.yaml", data, func(rel string) ([]byte, error) { return fs.ReadFile(examples.Example, rel) })
	if err != nil {
		t.Fatal(err)
	}
	dirs["example"] = writeRun(t, sc)
	cases, _ := filepath.Glob(filepath.Join("..", "..", "..", "..", "shared", "acceptance", "cases", "*", "scenario.yaml"))
	if len(cases) == 0 {
		t.Log("no acceptance cases beside the repository; drawing the example and the sweep only")
	}
	for _, c := range cases {
		sc, err := scenario.Load(c)
		if err != nil {
			continue // the cases of bad input
		}
		dirs[filepath.Base(filepath.Dir(c))] = writeRun(t, sc)
	}
	// The batch example, for its workload chart (work saved and lost).
	sc, err = scenario.Load(filepath.Join("..", "..", "..", "scenarios", "batch.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dirs["batch"] = writeRun(t, sc)
	// The replicated service example, laid out as `spotsim run` lays out
	// replications: replications/<r>/ and the stacked summary and fleets.
	sc, err = scenario.Load(filepath.Join("..", "..", "..", "scenarios", "service.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dirs["service"] = writeReplicated(t, sc)
	return dirs
}

func writeReplicated(t *testing.T, sc *scenario.Scenario) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), sc.Config.Name)
	stacked := map[string]*strings.Builder{"summary.csv": {}, "fleets.csv": {}}
	base := sc.Config.Seed
	for r := range sc.Replications {
		sc.Config.Seed = seed.Replication(base, r)
		rdir := writeRun(t, sc)
		if err := os.MkdirAll(filepath.Join(dir, "replications"), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(rdir, filepath.Join(dir, "replications", strconv.Itoa(r))); err != nil {
			t.Fatal(err)
		}
		for name, b := range stacked {
			data, err := os.ReadFile(filepath.Join(dir, "replications", strconv.Itoa(r), name))
			if err != nil {
				t.Fatal(err)
			}
			for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
				switch {
				case i == 0 && r == 0:
					b.WriteString("replication," + line + "\n")
				case i > 0:
					b.WriteString(strconv.Itoa(r) + "," + line + "\n")
				}
			}
		}
	}
	sc.Config.Seed = base
	for name, b := range stacked {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestFigureData pins the numbers behind every chart of every folder.
func TestFigureData(t *testing.T) {
	for name, dir := range folders(t) {
		t.Run(name, func(t *testing.T) {
			figs, err := Figures(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(figs) == 0 {
				t.Fatal("no charts")
			}
			var b strings.Builder
			for _, f := range figs {
				b.WriteString(f.Dump())
				b.WriteByte('\n')
			}
			golden(t, filepath.Join("testdata", "figures", name+".txt"), b.String())
		})
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	goldenfile.Check(t, path, []byte(got))
}

// TestRenderPNG: every chart is a PNG of the promised size with more than
// background in it: several colours, and a good share of pixels not white.
func TestRenderPNG(t *testing.T) {
	wantW, wantH := PixelSize()
	if wantW != 960 || wantH != 480 {
		t.Fatalf("PixelSize %d×%d, the docs promise 960×480", wantW, wantH)
	}
	for name, dir := range folders(t) {
		out := t.TempDir()
		paths, err := Write(dir, out, "png")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if b := img.Bounds(); b.Dx() != wantW || b.Dy() != wantH {
				t.Errorf("%s: %d×%d, want %d×%d", p, b.Dx(), b.Dy(), wantW, wantH)
			}
			colours, ink := inked(img)
			if colours < 4 || ink < 0.01 {
				t.Errorf("%s: %d colours, %.2f%% not white: looks blank", p, colours, 100*ink)
			}
		}
	}
}

func inked(img image.Image) (colours int, share float64) {
	seen := map[color.RGBA]bool{}
	var n, total int
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			seen[c] = true
			total++
			if c != (color.RGBA{0xff, 0xff, 0xff, 0xff}) {
				n++
			}
		}
	}
	return len(seen), float64(n) / float64(total)
}

var svgSize = regexp.MustCompile(`<svg[^>]* width="720pt" height="360pt"`)

// TestRenderSVG: every chart is an SVG of the promised size holding lines
// and text.
func TestRenderSVG(t *testing.T) {
	for name, dir := range folders(t) {
		figs, err := Figures(dir)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, f := range figs {
			data, err := Render(f, "svg")
			if err != nil {
				t.Fatal(err)
			}
			s := string(data)
			if !svgSize.MatchString(s) {
				t.Errorf("%s/%s: no 720×360 pt svg element", name, f.Name)
			}
			if strings.Count(s, "<path") < 10 || !strings.Contains(s, f.Title) {
				t.Errorf("%s/%s: too few paths or no title: looks blank", name, f.Name)
			}
		}
	}
}

func TestRenderBadFormat(t *testing.T) {
	if _, err := Render(&Figure{Name: "x"}, "gif"); err == nil || !strings.Contains(err.Error(), "want png or svg") {
		t.Fatalf("error %v", err)
	}
}

// TestMissingFilesLeaveChartsOut: a run written with only a summary and
// fleets still draws its cost chart.
func TestMissingFilesLeaveChartsOut(t *testing.T) {
	dir := folders(t)["example"]
	for _, f := range []string{"prices.csv", "timeline.csv", "events.csv", "workload.csv"} {
		os.Remove(filepath.Join(dir, f))
	}
	figs, err := Figures(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(figs) != 1 || figs[0].Name != "cost" {
		t.Fatalf("charts %v, want cost only", figs)
	}
}

// TestBadCSV: a broken cell is reported with file, line and column.
func TestBadCSV(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "summary.csv"), []byte("scenario,horizon_hours\nx,168\n"), 0o666)
	os.WriteFile(filepath.Join(dir, "timeline.csv"), []byte("time,fleet,state,vms\n2026-01-05T00:00:00Z,a,running,many\n"), 0o666)
	_, err := Figures(dir)
	if err == nil || !strings.Contains(err.Error(), "timeline.csv:2:4: vms: \"many\"") {
		t.Fatalf("error %v, want timeline.csv:2:4", err)
	}
}

func TestSweepParams(t *testing.T) {
	sum, err := readTable(filepath.Join("testdata", "sweep"), "summary.csv")
	if err != nil {
		t.Fatal(err)
	}
	s, err := loadSweep(sum)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"fleets[name=batch].max_price", "fleets[name=batch].count", "fleets[name=batch].eviction_policy", "fleets[name=batch].after_eviction"}
	if strings.Join(s.params, "|") != strings.Join(want, "|") {
		t.Fatalf("params %q, want %q", s.params, want)
	}
}

// A header-only fleets.csv is refused with its path, and no chart is
// written. Before (issue #21) the error named no file ("cost: plotter:
// width parameter was not positive") and five charts were left behind.
func TestHeaderOnlyFleets(t *testing.T) {
	dir := folders(t)["example"]
	path := filepath.Join(dir, "fleets.csv")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, data[:bytes.IndexByte(data, '\n')+1], 0o666)
	out := filepath.Join(dir, "plots")
	paths, err := Write(dir, out, "png")
	if err == nil || !strings.Contains(err.Error(), path) || len(paths) != 0 {
		t.Fatalf("Write: %v, %v; want an error naming %s", paths, err, path)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatalf("%s was created", out)
	}
}
