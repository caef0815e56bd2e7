package plot

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// sweepFleets writes a sweep's fleets.csv: rows of run_id, replication,
// max_price, fleet, workload, total cost, savings, availability, makespan,
// deadline_met, evictions.
func sweepFleets(t *testing.T, rows ...string) string {
	t.Helper()
	dir := t.TempDir()
	head := "run_id,replication,seed,fleets[name=" + strings.Split(rows[0], ",")[2] + "].max_price,scenario,fleet,total_cost_usd,savings_pct,availability_pct,makespan_hours,deadline_met,evictions,workload\n"
	var b strings.Builder
	b.WriteString(head)
	for i, r := range rows {
		f := strings.Split(r, ",")
		fmt.Fprintf(&b, "r%d,%s,%d,%s,s,%s\n", i, f[0], i, f[1], strings.Join(f[2:], ","))
	}
	if err := os.WriteFile(filepath.Join(dir, "fleets.csv"), []byte(b.String()), 0o666); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestDecidePerSweptFleet: the decision is the swept fleet's alone: an
// unswept fleet beside it (here a cheap, always available "other") is not
// part of any configuration's figures, and the recommendation is the
// cheapest configuration whose mean availability reaches 99 %.
func TestDecidePerSweptFleet(t *testing.T) {
	dir := sweepFleets(t,
		// replication, max_price, fleet, workload columns...
		"0,0.02,svc,10,80,97,,,5,service", "1,0.02,svc,10.2,80,98,,,4,service",
		"0,0.03,svc,12,75,99.5,,,1,service", "1,0.03,svc,12.4,75,99.1,,,2,service",
		"0,-1,svc,15,70,100,,,0,service", "1,-1,svc,15,70,100,,,0,service",
		"0,0.02,other,1,90,100,,,0,service", "1,0.02,other,1,90,100,,,0,service",
		"0,0.03,other,1,90,100,,,0,service", "1,0.03,other,1,90,100,,,0,service",
		"0,-1,other,1,90,100,,,0,service", "1,-1,other,1,90,100,,,0,service",
	)
	ds, err := Decide(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Fleet != "svc" {
		t.Fatalf("decisions for %v, want svc only", ds)
	}
	d := ds[0]
	if d.Measure != "availability_pct" || d.Target == nil || d.Target.String() != "availability_pct>=99" {
		t.Fatalf("measure %s target %v", d.Measure, d.Target)
	}
	if d.Best == nil || d.Best.Values[0] != "0.03" || d.Best.No != 2 {
		t.Fatalf("recommended %+v, want #2 max_price 0.03", d.Best)
	}
	if got := d.Best.Cost.Mean; got != 12.2 {
		t.Fatalf("cost mean %v, want 12.2", got)
	}
	// All three are on the frontier: each costs more and is more available.
	for _, c := range d.Configs {
		if !c.Pareto {
			t.Errorf("config %s not Pareto", c.Name)
		}
	}
	// A stricter target moves the recommendation; an impossible one gives none.
	tg := Target{Measure: "availability_pct", AtLeast: true, Value: 99.9}
	ds, _ = Decide(dir, &tg)
	if ds[0].Best == nil || ds[0].Best.Values[0] != "-1" {
		t.Fatalf("target 99.9: recommended %+v, want -1", ds[0].Best)
	}
	tg.Value = 100.5
	ds, _ = Decide(dir, &tg)
	if ds[0].Best != nil || ds[0].Recommendation() != "none: no configuration reaches availability_pct ≥ 100.5 (mean of replications)" {
		t.Fatalf("impossible target: %s", ds[0].Recommendation())
	}
	// A target on a measure the fleet has no figures of (a service has no
	// deadline) is said to be so, not reported as if no configuration
	// were good enough.
	ds, _ = Decide(dir, &Target{Measure: "deadline_met", AtLeast: true, Value: 95})
	if want := "none: fleet svc has no deadline_met figures (its workload has no deadline), so no configuration can reach the deadline met in ≥ 95 % of replications; give a target on a measure it has"; ds[0].Best != nil || ds[0].Recommendation() != want {
		t.Fatalf("target on a missing measure: %s\nwant %s", ds[0].Recommendation(), want)
	}
}

// TestDecideDeadline: a batch fleet with a deadline is judged on the share
// of replications that met it, and a configuration dominated on cost and
// makespan is off the frontier.
func TestDecideDeadline(t *testing.T) {
	dir := sweepFleets(t,
		"0,0.02,job,10,80,,50,true,3,batch", "1,0.02,job,10,80,,70,false,5,batch",
		"0,0.03,job,11,75,,40,true,1,batch", "1,0.03,job,11,75,,41,true,1,batch",
		"0,0.04,job,12,70,,45,true,1,batch", "1,0.04,job,12,70,,45,true,1,batch",
	)
	ds, err := Decide(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := ds[0]
	if d.Measure != "makespan_hours" || d.Target.Measure != "deadline_met" {
		t.Fatalf("measure %s target %v", d.Measure, d.Target)
	}
	if d.Best == nil || d.Best.Values[0] != "0.03" {
		t.Fatalf("recommended %+v, want 0.03 (0.02 meets the deadline in 50 %%)", d.Best)
	}
	if d.Configs[2].Pareto {
		t.Fatalf("0.04 costs more and finishes later than 0.03, yet is on the frontier")
	}
	head, rows := d.Table()
	if !strings.Contains(strings.Join(head, "|"), "deadline met %") || rows[0][len(rows[0])-3] != "50 (1 of 2)" {
		t.Fatalf("table %q %q", head, rows[0])
	}
	// availability_pct is a service's: a batch fleet has none.
	ds, _ = Decide(dir, &Target{Measure: "availability_pct", AtLeast: true, Value: 99})
	if want := "none: fleet job has no availability_pct figures (it is a batch workload), so no configuration can reach availability_pct ≥ 99 (mean of replications); give a target on a measure it has"; ds[0].Best != nil || ds[0].Recommendation() != want {
		t.Fatalf("target on a missing measure: %s\nwant %s", ds[0].Recommendation(), want)
	}
}

// TestIdenticalReplicationsWarn: replications that are copies are said.
func TestIdenticalReplicationsWarn(t *testing.T) {
	dir := sweepFleets(t,
		"0,0.02,job,10,80,,50,,3,batch", "1,0.02,job,10,80,,50,,3,batch",
		"0,0.03,job,11,75,,40,,1,batch", "1,0.03,job,11,75,,40,,1,batch",
	)
	ds, err := Decide(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ds[0].Warning(), "identical results") {
		t.Fatalf("warning %q", ds[0].Warning())
	}
	dir = sweepFleets(t,
		"0,0.02,job,10,80,,50,,3,batch", "1,0.02,job,10,80,,51,,3,batch",
	)
	ds, _ = Decide(dir, nil)
	if w := ds[0].Warning(); w != "" {
		t.Fatalf("warning %q for replications that differ", w)
	}
}

func TestParseTarget(t *testing.T) {
	for in, want := range map[string]string{"availability_pct>=99.9": "availability_pct>=99.9", "deadline_met >= 95%": "deadline_met>=95", "makespan_hours<=48": "makespan_hours<=48"} {
		got, err := ParseTarget(in)
		if err != nil || got.String() != want {
			t.Errorf("%q: %v %v, want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"", "availability>=99", "availability_pct=99", "availability_pct>=-1"} {
		if _, err := ParseTarget(in); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

// TestTradeoffDeadline: a batch sweep's trade-off chart marks the deadline
// on its makespan axis, read from a run's resolved scenario.
func TestTradeoffDeadline(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"summary.csv", "fleets.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", "sweep", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, f), data, 0o666)
	}
	tb, err := readTable(dir, "fleets.csv")
	if err != nil {
		t.Fatal(err)
	}
	run := filepath.Join(dir, "runs", tb.str(0, "run_id"))
	os.MkdirAll(run, 0o777)
	os.WriteFile(filepath.Join(run, "scenario.resolved.yaml"), []byte("fleets:\n  - name: batch\n    create_at: 2h\n    workload: {type: batch, work: 640h, deadline: 4d}\n"), 0o666)
	figs, err := Figures(dir)
	if err != nil {
		t.Fatal(err)
	}
	f := figs[len(figs)-1]
	var found bool
	for _, l := range f.Layers {
		if l.Kind == VLine {
			found = l.X[0] == 96 && l.Name == "deadline (96 h)"
		}
	}
	if f.Name != "sweep-tradeoff-batch" || !found {
		t.Fatalf("%s: no deadline line at 96 h:\n%s", f.Name, f.Dump())
	}
}

// TestDecideReadsWhatItUses: fleets.csv is read a row at a time and only
// the cells a decision reads must be numbers, as when the file was held
// whole: an unreadable cost of a fleet the sweep does not change, or an
// availability of a batch fleet (judged on its makespan), is no error; an
// unreadable savings of the swept fleet names its file, line and column.
// The streamed decision is the one made from the whole table.
// decide decides a whole table: the reference the streamed readers
// (Decide, decideSweep) must agree with.
func (s *sweep) decide(target *Target) ([]*Decision, error) {
	d, err := newDecider(s.t.path, s.t.head, s.params, target)
	if err != nil {
		return nil, err
	}
	for i, row := range s.t.rows {
		d.add(s.t.line(i), row)
	}
	return d.decisions()
}

// decideWhole reads fleets.csv whole (readTable) and decides it.
func decideWhole(dir string, target *Target) ([]*Decision, error) {
	if target == nil {
		target = sweepTarget(dir)
	}
	t, err := readTable(dir, "fleets.csv")
	if err != nil {
		return nil, err
	}
	s, err := loadSweep(t)
	if err != nil {
		return nil, err
	}
	return s.decide(target)
}

func TestDecideReadsWhatItUses(t *testing.T) {
	rows := []string{
		"0,0.02,job,10,80,n/a,50,,3,batch", "0,0.02,svc,oops,60,99.5,,,0,service",
		"1,0.02,job,12,78,,52,,4,batch", "1,0.02,svc,7,60,99.7,,,0,service",
		"0,0.03,job,9,75,,40,,1,batch", "0,0.03,svc,7,60,99.1,,,0,service",
	}
	dir := sweepFleets(t, rows...)
	ds, err := Decide(dir, nil)
	if err != nil || len(ds) != 1 || ds[0].Fleet != "job" {
		t.Fatalf("decisions %v, %v; want the job fleet's alone, without error", ds, err)
	}
	whole, err := decideWhole(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	gh, gr := ds[0].Table()
	wh, wr := whole[0].Table()
	if fmt.Sprint(gh, gr) != fmt.Sprint(wh, wr) {
		t.Errorf("streamed %q %q; the whole table gives %q %q", gh, gr, wh, wr)
	}
	if c := ds[0].Configs; len(c) != 2 || c[0].Cost.N != 1 || c[1].Cost.N != 2 || c[1].Measure.Mean != 51 {
		t.Errorf("configurations %+v %+v; want 0.03 (1 run) then 0.02 (2 runs, makespan 51)", c[0], c[1])
	}

	rows[2] = "1,0.02,job,12,abc,,52,,4,batch" // line 4 of the file
	rows[4] = "0,0.03,job,x,y,,40,,1,batch"    // line 6
	_, err = Decide(sweepFleets(t, rows...), nil)
	if err == nil || !strings.Contains(err.Error(), "fleets.csv:4:8: savings_pct: \"abc\" is not a decimal number") || strings.Contains(err.Error(), ":6:") {
		t.Fatalf("error %v; want the first unreadable cell the decision reads, line 4 column 8", err)
	}
}

// tables are the decisions' tables and warnings, to compare.
func tables(ds []*Decision) []string {
	var out []string
	for _, d := range ds {
		h, r := d.Table()
		out = append(out, fmt.Sprint(d.Fleet, h, r, d.Warning()))
	}
	return out
}

// FuzzDecideStreamAgreesWithWhole: any fleets.csv is decided the same a
// row at a time (Decide, and decideSweep for the charts) as read whole:
// all refuse it or all give the same decisions, and none panics. The
// error's line may differ (the stream names a record's real line, the
// table counts one line a row), so only refusal is compared.
func FuzzDecideStreamAgreesWithWhole(f *testing.F) {
	f.Add([]byte("run_id,replication,seed,fleets[name=job].max_price,scenario,fleet,total_cost_usd,savings_pct,availability_pct,makespan_hours,deadline_met,evictions,workload\n" +
		"r0,0,1,0.02,s,job,10,80,,50,true,3,batch\nr1,1,2,0.02,s,job,12,78,,52,false,4,batch\nr2,0,3,0.03,s,job,9,75,,40,,1,batch\nr3,0,3,0.03,s,svc,x,75,99,,,1,service\n"))
	f.Add([]byte("run_id,replication,seed,scenario,fleet,total_cost_usd,savings_pct,evictions\nr0,0,1,s,a,1,2,3\nr1,1,1,s,a,1,2,3\n"))
	f.Add([]byte("run_id,replication,seed,p,scenario,fleet,total_cost_usd,savings_pct,evictions\nr0,0,1,\"x\ny\",s,a,1,2,3\nr1,0,1,v,s,a,one,2,3\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "fleets.csv"), data, 0o666); err != nil {
			t.Fatal(err)
		}
		for _, target := range []*Target{nil, {Measure: "availability_pct", AtLeast: true, Value: 99}, {Measure: "deadline_met", AtLeast: true, Value: 50}} {
			streamed, serr := Decide(dir, target)
			whole, werr := decideWhole(dir, target)
			if (serr == nil) != (werr == nil) {
				t.Fatalf("target %v: streamed error %v, whole error %v", target, serr, werr)
			}
			_, _, charts, cerr := decideSweep(dir, target)
			if fmt.Sprint(cerr) != fmt.Sprint(serr) {
				t.Fatalf("target %v: Decide's error %v, decideSweep's %v", target, serr, cerr)
			}
			if serr == nil && fmt.Sprint(tables(charts)) != fmt.Sprint(tables(streamed)) {
				t.Fatalf("target %v: decideSweep's decisions differ from Decide's", target)
			}
			if serr != nil {
				continue
			}
			if len(streamed) != len(whole) {
				t.Fatalf("target %v: %d decisions streamed, %d whole", target, len(streamed), len(whole))
			}
			for i := range streamed {
				sh, sr := streamed[i].Table()
				wh, wr := whole[i].Table()
				if fmt.Sprint(sh, sr, streamed[i].Warning()) != fmt.Sprint(wh, wr, whole[i].Warning()) {
					t.Fatalf("target %v, fleet %s: streamed %q %q, whole %q %q", target, streamed[i].Fleet, sh, sr, wh, wr)
				}
			}
		}
	})
}

// The sweep's charts are drawn from a table that keeps four columns and
// the parameters of each row of fleets.csv: the same charts as from the
// whole file, and an unreadable cell is still named by its line and
// column in the file.
func TestSweepChartsFromKeptColumns(t *testing.T) {
	// The test sweep's fleets.csv with a fleet the sweep does not change
	// after each row, so that a swept fleet's rows are not the file's.
	data, err := os.ReadFile(filepath.Join("testdata", "sweep", "fleets.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	var b strings.Builder
	b.WriteString(lines[0])
	for _, l := range lines[1:] {
		b.WriteString(l)
		b.WriteString(strings.Replace(l, ",batch,", ",other,", 1))
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "fleets.csv"), []byte(b.String()), 0o666); err != nil {
		t.Fatal(err)
	}
	kept, s, ds, err := decideSweep(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(kept.head) != 3+len(s.params) || len(s.params) != 4 {
		t.Fatalf("kept columns %q; want run_id, fleet, savings_pct and the 4 parameters", kept.head)
	}
	got, err := sweepCharts(dir, kept, s, ds)
	if err != nil {
		t.Fatal(err)
	}
	whole, err := readTable(dir, "fleets.csv")
	if err != nil {
		t.Fatal(err)
	}
	ws, err := loadSweep(whole)
	if err != nil {
		t.Fatal(err)
	}
	want, err := sweepCharts(dir, whole, ws, ds)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || len(got) < 2 || !reflect.DeepEqual(got, want) {
		t.Fatalf("%d charts from the kept columns differ from the %d of the whole file", len(got), len(want))
	}

	fleet := ds[0].Fleet
	rows := kept.filter("fleet", fleet)
	last := len(rows.rows) - 1
	rows.rows[last][kept.cols["savings_pct"]] = "lots"
	_, err = (&sweep{t: rows, params: s.params}).savingsFigure(fleet, s.params[0])
	line := 0
	for i := range whole.rows {
		if whole.str(i, "fleet") == fleet {
			line = i + 2 // the file's line: after the header, from 1
		}
	}
	wantPos := fmt.Sprintf("fleets.csv:%d:%d: savings_pct: \"lots\"", line, whole.cols["savings_pct"]+1)
	if err == nil || !strings.Contains(err.Error(), wantPos) {
		t.Fatalf("error %v; want %s", err, wantPos)
	}
}

// TestHollowConfigurationsAreNotRecommended: a configuration whose fleet
// ran no VM in every replication (each create failed, nothing retried
// them) costs 0 and was the cheapest, so it was recommended; it is not a
// saving: it is neither recommended nor on the frontier, and dominates
// nothing. One that ran VMs in some replication stays a configuration.
func TestHollowConfigurationsAreNotRecommended(t *testing.T) {
	dir := t.TempDir()
	csv := "run_id,replication,seed,fleets[name=f].max_price,scenario,fleet,vms,failed_creates,total_cost_usd,savings_pct,evictions,workload\n" +
		"a,0,1,0.001,s,f,0,4,0,,0,\n" + "b,1,2,0.001,s,f,0,4,0,,0,\n" +
		"c,0,1,0.01,s,f,0,4,0,,0,\n" + "d,1,2,0.01,s,f,3,1,5,70,1,\n" +
		"e,0,1,0.04,s,f,4,0,9,75,2,\n" + "g,1,2,0.04,s,f,4,0,9,75,2,\n"
	if err := os.WriteFile(filepath.Join(dir, "fleets.csv"), []byte(csv), 0o666); err != nil {
		t.Fatal(err)
	}
	ds, err := Decide(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := ds[0]
	if d.Best == nil || d.Best.Values[0] != "0.01" {
		t.Fatalf("recommended %+v, want 0.01 (0.001 ran no VM)", d.Best)
	}
	_, rows := d.Table()
	if got := rows[0][len(rows[0])-1]; rows[0][1] != "0.001" || got != "no (ran no VM)" {
		t.Fatalf("first row %q", rows[0])
	}
	if !d.Configs[1].Pareto || d.Configs[2].Pareto {
		t.Fatalf("Pareto: 0.01 %v, 0.04 %v; want 0.01 only (0.04 costs more with more evictions)", d.Configs[1].Pareto, d.Configs[2].Pareto)
	}
	// Every configuration hollow: nothing to recommend, and said why.
	csv = "run_id,replication,seed,fleets[name=f].max_price,scenario,fleet,vms,failed_creates,total_cost_usd,savings_pct,evictions,workload\n" +
		"a,0,1,0.001,s,f,0,4,0,,0,\n" + "c,0,1,0.01,s,f,0,4,0,,0,\n"
	os.WriteFile(filepath.Join(dir, "fleets.csv"), []byte(csv), 0o666)
	ds, _ = Decide(dir, nil)
	if ds[0].Best != nil || !strings.Contains(ds[0].Recommendation(), "ran no VM") {
		t.Fatalf("all hollow: %q", ds[0].Recommendation())
	}
}

// A batch configuration whose work the horizon cut (no completed_at) has
// the horizon's makespan and the cost of less work: it looked cheapest and
// sat on the cost-against-makespan frontier (found on the SkyNomad
// reproduction sweep, where spot_only missed the deadline by not finishing).
// It is off the frontier, dominates nothing, and without a target is not
// recommended; with a deadline target its unfinished runs are misses.
func TestUnfinishedConfigurationsAreNotOnTheFrontier(t *testing.T) {
	dir := t.TempDir()
	head := "run_id,replication,seed,fleets[name=f].policy,scenario,fleet,vms,failed_creates,total_cost_usd,savings_pct,evictions,workload,completed_at,makespan_hours,deadline_met\n"
	rows := "a,0,1,spot_only,s,f,3,0,30,70,4,batch,,60,false\n" +
		"b,0,1,greedy,s,f,3,0,38,70,2,batch,2023-03-01T00:00:00Z,44,true\n" +
		"c,0,1,regular_only,s,f,1,0,120,0,0,batch,2023-03-01T00:00:00Z,40,true\n"
	if err := os.WriteFile(filepath.Join(dir, "fleets.csv"), []byte(head+rows), 0o666); err != nil {
		t.Fatal(err)
	}
	ds, err := Decide(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := ds[0]
	if d.Configs[0].Values[0] != "spot_only" || d.Configs[0].Unfinished != 1 || d.Configs[0].Pareto {
		t.Fatalf("spot_only: %+v; want unfinished 1, off the frontier", d.Configs[0])
	}
	if !d.Configs[1].Pareto || !d.Configs[2].Pareto || d.Best != d.Configs[1] {
		t.Fatalf("greedy Pareto %v, regular_only Pareto %v, best %+v; want both on the frontier, greedy recommended", d.Configs[1].Pareto, d.Configs[2].Pareto, d.Best)
	}
	if _, tab := d.Table(); tab[0][len(tab[0])-1] != "no (work unfinished in 1 of 1)" {
		t.Fatalf("first row %q", tab[0])
	}
	// No deadline, no target: the cheapest that finished is recommended.
	rows = strings.ReplaceAll(strings.ReplaceAll(rows, ",false\n", ",\n"), ",true\n", ",\n")
	os.WriteFile(filepath.Join(dir, "fleets.csv"), []byte(head+rows), 0o666)
	if ds, err = Decide(dir, nil); err != nil {
		t.Fatal(err)
	}
	if d := ds[0]; d.Target != nil || d.Best == nil || d.Best.Values[0] != "greedy" {
		t.Fatalf("no target: target %v, recommended %+v; want greedy", d.Target, d.Best)
	}
}

// A fleets[field=value] parameter's fleet comes from resolve; when it
// cannot be told, every fleet is decided rather than none.
func TestSweptFleetsByField(t *testing.T) {
	order := []string{"a", "b", "c"}
	byField := func(p string) (string, bool) { return "b", p == "fleets[sku=y].count" }
	for _, c := range []struct {
		params  []string
		resolve func(string) (string, bool)
		want    []string
	}{
		{[]string{"fleets[name=c].count", "fleets[0].count"}, nil, []string{"c", "a"}},
		{[]string{"fleets[sku=y].count"}, byField, []string{"b"}},
		{[]string{"fleets[sku=q].count"}, byField, order},
		{[]string{"fleets[sku=y].count"}, nil, order},
		{[]string{"notice"}, nil, order},
	} {
		if got := sweptFleets(c.params, order, c.resolve); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%v: %v, want %v", c.params, got, c.want)
		}
	}
}
