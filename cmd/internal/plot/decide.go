package plot

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
	"gopkg.in/yaml.v3"

	"github.com/spotsim/spotsim/cmd/internal/csvfile"
	"github.com/spotsim/spotsim/cmd/internal/scenario"
)

// A sweep answers "which configuration?" for the fleets it changes. The
// decision is made per swept fleet from the sweep's fleets.csv: a scenario's
// totals mix in fleets the sweep never touched (a constant service beside a
// swept batch fleet made the smallest batch fleet look best).

// Target is what a configuration must reach to be recommended (the
// sweep file's target: or --target).
type Target = scenario.Target

// ParseTarget reads a target such as "availability_pct>=99".
var ParseTarget = scenario.ParseTarget

// Estimate is a measure's mean over replications with its 95 % confidence
// interval (mean ± t(0.975, n−1)·sd/√n; NaN bounds for one replication) and
// range.
type Estimate struct {
	N            int
	Mean, Lo, Hi float64 // Lo, Hi: the 95 % interval
	Min, Max     float64
}

func estimate(xs []float64) Estimate {
	var v []float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			v = append(v, x)
		}
	}
	e := Estimate{N: len(v), Mean: nan, Lo: nan, Hi: nan, Min: nan, Max: nan}
	if len(v) == 0 {
		return e
	}
	e.Mean = stat.Mean(v, nil)
	e.Min, e.Max = slices.Min(v), slices.Max(v)
	if len(v) > 1 {
		h := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(v) - 1)}.Quantile(0.975) * stat.StdDev(v, nil) / math.Sqrt(float64(len(v)))
		e.Lo, e.Hi = e.Mean-h, e.Mean+h
	}
	return e
}

// Text is "mean ± half-width" with d decimals, or the mean alone.
func (e Estimate) Text(d int) string {
	if math.IsNaN(e.Mean) {
		return ""
	}
	s := strconv.FormatFloat(e.Mean, 'f', d, 64)
	if !math.IsNaN(e.Hi) && e.Hi > e.Mean {
		s += " ± " + strconv.FormatFloat(e.Hi-e.Mean, 'f', d, 64)
	}
	return s
}

// Config is one parameter point of the sweep, as seen by one fleet.
type Config struct {
	No      int      // 1-based, in the order of the table
	Values  []string // one per swept parameter
	Name    string   // "max_price=0.04 count=8 ..."
	Cost    Estimate // the fleet's total_cost_usd
	Savings Estimate // the fleet's savings_pct
	Measure Estimate // the fleet's workload measure (Decision.Measure)
	Met     Estimate // deadline_met as 0/100 per replication (batch with a deadline)
	Meets   bool     // reaches the target
	Pareto  bool     // no other configuration is cheaper and at least as good, or as cheap and better
	// Hollow: the fleet ran no VM in any replication (every create failed
	// and nothing retried them). Its cost of 0 is no saving: it is neither
	// on the Pareto frontier nor recommended, and dominates nothing.
	Hollow bool
	// Unfinished: in this many replications the batch fleet's work did
	// not finish. Its makespan is then the horizon's (censored) and its
	// cost that of less work, so it is neither on the Pareto frontier nor
	// recommended, and dominates nothing.
	Unfinished int
}

// excluded says whether c's figures cannot stand against the others' on
// the trade-off: a fleet that ran nothing, or work cut by the horizon.
func (c *Config) excluded() bool { return c.Hollow || c.Unfinished > 0 }

// Decision is the sweep's answer for one swept fleet.
type Decision struct {
	Fleet        string
	Workload     string // service, batch or empty
	Params       []string
	Measure      string // the column the trade-off is drawn on
	Label        string // its axis label, with unit
	Higher       bool   // higher is better
	Target       *Target
	Configs      []*Config // sorted by mean cost
	Best         *Config   // the recommendation; nil when none reaches the target
	Replications int       // most replications of a configuration
	Identical    bool      // every configuration's replications gave the same figures
	// TargetMissing: the fleet has no figure of the target's measure in any
	// run (availability_pct of a batch fleet, deadline_met without a
	// deadline), so no configuration could reach it whatever it did.
	TargetMissing bool
}

// measureOf picks the measure a fleet's configurations are compared on.
func measureOf(workload string) (col, label string, higher bool) {
	switch {
	case workload == "service":
		return "availability_pct", "availability (%)", true
	case workload == "batch":
		return "makespan_hours", "makespan (hours)", false
	}
	return "evictions", "evictions per run", false
}

// defaultTarget is the target a planner would state first.
func defaultTarget(workload string, hasDeadline bool) *Target {
	switch {
	case workload == "service":
		return &Target{Measure: "availability_pct", AtLeast: true, Value: 99}
	case workload == "batch" && hasDeadline:
		return &Target{Measure: "deadline_met", AtLeast: true, Value: 95}
	}
	return nil
}

var fleetParam = regexp.MustCompile(`^fleets\[(?:name=)?([^\]]+)\]\.`)

// sweptFleets are the fleets the sweep's parameters address, in parameter
// order: fleets[name=X].key gives X, fleets[N].key the N-th fleet of a
// run, fleets[field=value].key the fleet resolve finds (in a run's
// scenario). With no fleet parameter (say a pool's capacity was swept), or
// one whose fleet cannot be told, every fleet is a swept fleet.
func sweptFleets(params []string, fleetOrder []string, resolve func(param string) (string, bool)) []string {
	var out []string
	for _, p := range params {
		m := fleetParam.FindStringSubmatch(p)
		if m == nil {
			continue
		}
		name := m[1]
		if !strings.HasPrefix(p, "fleets[name=") {
			i, err := strconv.Atoi(name)
			switch {
			case err == nil && i >= 0 && i < len(fleetOrder):
				name = fleetOrder[i]
			case err != nil && resolve != nil:
				n, ok := resolve(p)
				if !ok {
					return fleetOrder
				}
				name = n
			default:
				return fleetOrder
			}
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	if len(out) == 0 {
		return fleetOrder
	}
	return out
}

// sweepTarget is the target: of the sweep file, as sweep.resolved.yaml
// in the folder has it; nil when there is none.
func sweepTarget(dir string) *Target {
	data, err := os.ReadFile(filepath.Join(dir, "sweep.resolved.yaml"))
	if err != nil {
		return nil
	}
	// The list of runs comes last and is most of the file (a line a run):
	// the target is read from what comes before it, not from a tree of
	// every run.
	if i := bytes.Index(data, []byte("\nruns:\n")); i >= 0 {
		data = data[:i+1]
	}
	var doc struct {
		Target string `yaml:"target"`
	}
	if yaml.Unmarshal(data, &doc) != nil || doc.Target == "" {
		return nil
	}
	t, err := ParseTarget(doc.Target)
	if err != nil {
		return nil
	}
	return &t
}

// Decide reads a sweep folder's fleets.csv and returns a decision per swept
// fleet. target (else the sweep file's target:) overrides the default (availability_pct>=99 for services,
// deadline_met>=95 for batch with a deadline, none otherwise).
//
// fleets.csv is read a row at a time, not whole: a sweep's command decides
// it at the end of every sweep, whatever its number of runs.
func Decide(dir string, target *Target) ([]*Decision, error) {
	return decideRows(dir, target, nil, nil)
}

// decideRows is Decide, showing onHead the header and its swept
// parameters and onRow each row as the decider reads them (nil: not shown).
func decideRows(dir string, target *Target, onHead func(head, params []string), onRow func(line int, row []string)) ([]*Decision, error) {
	if target == nil {
		target = sweepTarget(dir)
	}
	path := filepath.Join(dir, "fleets.csv")
	var d *decider
	err := csvfile.Each(path, func(head []string) error {
		params, err := sweepParams(path, head)
		if err == nil {
			d, err = newDecider(path, head, params, target)
		}
		if err == nil && onHead != nil {
			onHead(head, params)
		}
		return err
	}, func(line int, row []string) error {
		d.add(line, row)
		if onRow != nil {
			onRow(line, row)
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", path, errMissing)
	}
	if err != nil {
		return nil, err
	}
	d.resolve = runFleetResolver(dir)
	return d.decisions()
}

// runFleetResolver finds the fleet of a key path such as
// fleets[sku=Standard_D2s_v5].count in the sweep's first run's resolved
// scenario (runs.csv, runs/<id>/scenario.resolved.yaml); it answers false
// for a folder without them (merged elsewhere).
func runFleetResolver(dir string) func(param string) (string, bool) {
	return func(param string) (string, bool) {
		f, err := os.Open(filepath.Join(dir, "runs.csv"))
		if err != nil {
			return "", false
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		var id string
		for i := 0; i < 2 && sc.Scan(); i++ {
			id, _, _ = strings.Cut(sc.Text(), ",")
		}
		if id == "" || id == "run_id" || strings.ContainsAny(id, `/\.`) {
			return "", false
		}
		data, err := os.ReadFile(filepath.Join(dir, "runs", id, "scenario.resolved.yaml"))
		if err != nil {
			return "", false
		}
		return scenario.FleetOfKeyPath(data, param)
	}
}

// decideSweep decides a sweep folder's fleets.csv as Decide does and keeps
// of each row only what the sweep's charts read: the run, the fleet, the
// savings and the parameters (about a tenth of a row; a sweep may have
// 100,000 runs). It returns that table, the sweep read from it and the
// decisions.
func decideSweep(dir string, target *Target) (*table, *sweep, []*Decision, error) {
	var t *table
	shared := map[string]string{} // parameter values and fleet names repeat
	ds, err := decideRows(dir, target, func(head, params []string) {
		t = &table{path: filepath.Join(dir, "fleets.csv"), head: append([]string{"run_id", "fleet", "savings_pct"}, params...)}
		t.cols = columnIndex(t.head)
		all := columnIndex(head)
		for _, c := range t.head {
			t.colNo = append(t.colNo, all[c])
		}
	}, func(line int, row []string) {
		kept := make([]string, len(t.colNo))
		for k, c := range t.colNo {
			if k == 0 || k == 2 { // the run and the savings: new each row
				kept[k] = strings.Clone(row[c])
				continue
			}
			v, ok := shared[row[c]]
			if !ok {
				v = strings.Clone(row[c])
				shared[v] = v
			}
			kept[k] = v
		}
		t.rows = append(t.rows, kept)
		t.lines = append(t.lines, line)
	})
	if err != nil {
		return nil, nil, nil, err
	}
	return t, &sweep{t: t, params: t.head[3:]}, ds, nil
}

// rank orders a decision's configurations, marks the Pareto ones and picks
// the recommendation.
func rank(d *Decision) {
	// The table reads cheapest first; ties by name, so it is stable.
	slices.SortStableFunc(d.Configs, func(a, b *Config) int {
		if c := cmp.Compare(a.Cost.Mean, b.Cost.Mean); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	better := func(a, b float64) bool { return a < b }
	if d.Higher {
		better = func(a, b float64) bool { return a > b }
	}
	for i, c := range d.Configs {
		c.No = i + 1
		c.Pareto = !math.IsNaN(c.Measure.Mean) && !c.excluded()
		for _, q := range d.Configs {
			if q == c || math.IsNaN(q.Measure.Mean) || q.excluded() {
				continue
			}
			if q.Cost.Mean <= c.Cost.Mean && !better(c.Measure.Mean, q.Measure.Mean) && (q.Cost.Mean < c.Cost.Mean || better(q.Measure.Mean, c.Measure.Mean)) {
				c.Pareto = false
				break
			}
		}
	}
	for _, c := range d.Configs {
		ok := d.Target == nil || c.Meets
		if d.Target == nil || d.Target.Measure != "deadline_met" {
			// A deadline target counts unfinished replications as
			// misses; any other answer stands on finished work only.
			ok = ok && c.Unfinished == 0
		}
		if !c.Hollow && ok {
			d.Best = c // the cheapest that reaches the target
			break
		}
	}
}

// Recommendation says in one sentence what the decision recommends.
func (d *Decision) Recommendation() string {
	switch {
	case d.Best != nil && d.Target != nil:
		return fmt.Sprintf("#%d %s: the cheapest with %s (%s USD mean total cost)", d.Best.No, d.Best.Name, d.Target.Sentence(), d.Best.Cost.Text(2))
	case d.Best != nil:
		return fmt.Sprintf("#%d %s: the cheapest (%s USD mean total cost; no target set, give one with --target)", d.Best.No, d.Best.Name, d.Best.Cost.Text(2))
	}
	if d.Target == nil {
		if !slices.ContainsFunc(d.Configs, func(c *Config) bool { return !c.Hollow }) {
			return "none: the fleet ran no VM in any configuration (every create failed and nothing retried them)"
		}
		return "none: no configuration finished the work in every replication"
	}
	if d.TargetMissing {
		return fmt.Sprintf("none: fleet %s has no %s figures (%s), so no configuration can reach %s; give a target on a measure it has", d.Fleet, d.Target.Measure, d.missingWhy(), d.Target.Sentence())
	}
	return "none: no configuration reaches " + d.Target.Sentence()
}

// missingWhy says why a fleet has no figures of the target's measure.
func (d *Decision) missingWhy() string {
	switch {
	case d.Target.Measure == "deadline_met":
		return "its workload has no deadline"
	case d.Workload == "":
		return "it has no workload"
	}
	return "it is a " + d.Workload + " workload"
}

// Table is the decision as rows of text: the report's table and the
// command line's.
func (d *Decision) Table() (head []string, rows [][]string) {
	head = []string{"#"}
	for _, p := range d.Params {
		head = append(head, paramLabel(lastKey(p)))
	}
	// Replications per configuration, when they differ (a sweep still
	// running or with failed runs); else the title says it.
	sameN := !slices.ContainsFunc(d.Configs, func(c *Config) bool { return c.Cost.N != d.Configs[0].Cost.N })
	if !sameN {
		head = append(head, "runs")
	}
	head = append(head, "total cost USD", "savings %")
	head = append(head, d.Label)
	hasMet := slices.ContainsFunc(d.Configs, func(c *Config) bool { return !math.IsNaN(c.Met.Mean) })
	if hasMet {
		head = append(head, "deadline met %")
	}
	if d.Target != nil {
		head = append(head, "meets target")
	}
	head = append(head, "Pareto")
	for _, c := range d.Configs {
		row := []string{strconv.Itoa(c.No)}
		row = append(row, c.Values...)
		if !sameN {
			row = append(row, strconv.Itoa(c.Cost.N))
		}
		row = append(row, c.Cost.Text(2), c.Savings.Text(1), c.Measure.Text(2))
		if hasMet {
			// A share of replications: its count says more than an interval.
			met := ""
			if c.Met.N > 0 {
				met = fmt.Sprintf("%.0f (%d of %d)", c.Met.Mean, int(math.Round(c.Met.Mean*float64(c.Met.N)/100)), c.Met.N)
			}
			row = append(row, met)
		}
		if d.Target != nil {
			row = append(row, yes(c.Meets))
		}
		p := yes(c.Pareto)
		switch {
		case c.Hollow:
			p = "no (ran no VM)"
		case c.Unfinished > 0:
			p = fmt.Sprintf("no (work unfinished in %d of %d)", c.Unfinished, c.Cost.N)
		}
		if c == d.Best {
			p += ", recommended"
		}
		row = append(row, p)
		rows = append(rows, row)
	}
	return head, rows
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// FormatTable lays rows out in aligned columns, for the terminal and the
// README.
func FormatTable(head []string, rows [][]string) string {
	w := make([]int, len(head))
	for _, r := range append([][]string{head}, rows...) {
		for i, c := range r {
			w[i] = max(w[i], len([]rune(c)))
		}
	}
	var b strings.Builder
	for _, r := range append([][]string{head}, rows...) {
		for i, c := range r {
			if i > 0 {
				b.WriteString("  ")
			}
			pad := strings.Repeat(" ", w[i]-len([]rune(c)))
			if i == len(r)-1 {
				b.WriteString(strings.TrimRight(c, " "))
				continue
			}
			b.WriteString(c + pad)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// Warning says when the figures are hollower than they look, or "".
func (d *Decision) Warning() string {
	if d.Identical {
		return fmt.Sprintf("fleet %s: the %d replications of every configuration gave identical results: nothing in the scenario is random (no eviction_rate or hazard, notice range or random victims that matter), so the spread is empty and the extra replications were wasted", d.Fleet, d.Replications)
	}
	return ""
}
