package plot

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// decider makes a sweep's decisions from its fleets.csv a row at a time
// (add), keeping of each row only the numbers a decision reads (seven), so
// that deciding a large sweep does not hold its file: read whole, a
// 6,000-run sweep's 24,000 fleet rows held 28 MB.
type decider struct {
	path    string
	cols    map[string]int
	params  []string
	figures int // a run's own figures begin here ("scenario"): replications are identical when these are
	target  *Target
	order   []string // the fleets, as they first appear
	fleets  map[string]*fleetRows
	// measured are the columns a decision may be drawn or judged on: every
	// workload's measure, and the target's.
	measured []string
	// resolve names the fleet of a fleets[field=value] parameter (nil:
	// such a parameter makes every fleet a swept one).
	resolve func(param string) (string, bool)
}

// fleetRows is what the decider keeps of one fleet's rows.
type fleetRows struct {
	workload string // the last non-empty workload cell
	deadline bool   // a deadline_met cell is set
	keys     []string
	by       map[string]*configRows
	bad      map[string]cellError // each column's first unreadable cell; an error only if a decision reads the column
}

// configRows are one configuration's figures, a replication each.
type configRows struct {
	values             []string
	cost, savings, met []float64
	measures           map[string][]float64 // by column of decider.measured
	first              string               // the first replication's figures
	replications       int
	differ             bool
	hollow             int // replications in which the fleet ran no VM (its creates all failed)
	unfinished         int // replications in which a batch fleet's work did not finish (no completed_at)
}

type cellError struct {
	line int
	err  error
}

func newDecider(path string, head, params []string, target *Target) (*decider, error) {
	d := &decider{path: path, cols: columnIndex(head), params: params, target: target, fleets: map[string]*fleetRows{}}
	for _, c := range []string{"fleet", "total_cost_usd", "savings_pct", "evictions"} {
		if _, ok := d.cols[c]; !ok {
			return nil, fmt.Errorf("%s: no %s column", path, c)
		}
	}
	d.figures = slices.Index(head, "scenario")
	for _, w := range []string{"service", "batch", ""} {
		col, _, _ := measureOf(w)
		d.measured = append(d.measured, col)
	}
	if target != nil && target.Measure != "deadline_met" && !slices.Contains(d.measured, target.Measure) {
		d.measured = append(d.measured, target.Measure)
	}
	return d, nil
}

// cell is row's cell in col, "" when the file has no such column.
func (d *decider) cell(row []string, col string) string {
	if i, ok := d.cols[col]; ok {
		return row[i]
	}
	return ""
}

// add takes the row on line of the file (its fields may be reused by the
// caller afterwards: what is kept is copied).
func (d *decider) add(line int, row []string) {
	name := row[d.cols["fleet"]]
	f := d.fleets[name]
	if f == nil {
		name = strings.Clone(name)
		f = &fleetRows{by: map[string]*configRows{}, bad: map[string]cellError{}}
		d.fleets[name] = f
		d.order = append(d.order, name)
	}
	if w := d.cell(row, "workload"); w != "" && w != f.workload {
		f.workload = strings.Clone(w)
	}
	met := nan
	switch d.cell(row, "deadline_met") {
	case "":
	case "true":
		f.deadline, met = true, 100
	case "false":
		f.deadline, met = true, 0
	default:
		f.deadline = true
	}
	var values []string
	for _, p := range d.params {
		values = append(values, d.cell(row, p))
	}
	key := strings.Join(values, "\x00")
	c := f.by[key]
	if c == nil {
		for i := range values {
			values[i] = strings.Clone(values[i])
		}
		c = &configRows{values: values, measures: map[string][]float64{}}
		f.by[key] = c
		f.keys = append(f.keys, key)
	}
	number := func(col string) float64 {
		s := d.cell(row, col)
		if s == "" {
			return nan
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			if _, seen := f.bad[col]; !seen {
				f.bad[col] = cellError{line, fmt.Errorf("%s:%d:%d: %s: %q is not a decimal number", d.path, line, d.cols[col]+1, col, s)}
			}
			return nan
		}
		return v
	}
	c.cost = append(c.cost, number("total_cost_usd"))
	c.savings = append(c.savings, number("savings_pct"))
	c.met = append(c.met, met)
	if d.cell(row, "vms") == "0" && d.cell(row, "failed_creates") != "0" && d.cell(row, "failed_creates") != "" {
		c.hollow++
	}
	if _, ok := d.cols["completed_at"]; ok && d.cell(row, "workload") == "batch" && d.cell(row, "completed_at") == "" {
		c.unfinished++
	}
	for _, col := range d.measured {
		c.measures[col] = append(c.measures[col], number(col))
	}
	figures := strings.Join(row[d.figures:], ",")
	if c.replications == 0 {
		c.first = figures
	} else if figures != c.first {
		c.differ = true
	}
	c.replications++
}

// decisions are the decisions for the swept fleets of the rows added.
func (d *decider) decisions() ([]*Decision, error) {
	var out []*Decision
	for _, fleet := range sweptFleets(d.params, d.order, d.resolve) {
		dec, err := d.decideFleet(fleet)
		if err != nil {
			return nil, err
		}
		if dec != nil {
			out = append(out, dec)
		}
	}
	return out, nil
}

func (d *decider) decideFleet(fleet string) (*Decision, error) {
	f := d.fleets[fleet]
	if f == nil || len(f.keys) == 0 {
		return nil, nil
	}
	dec := &Decision{Fleet: fleet, Workload: f.workload, Params: d.params, Target: defaultTarget(f.workload, f.deadline)}
	dec.Measure, dec.Label, dec.Higher = measureOf(f.workload)
	if d.target != nil {
		dec.Target = d.target
	}
	// The first unreadable cell this decision reads fails it, as reading
	// the rows in order would.
	read := []string{"total_cost_usd", "savings_pct", dec.Measure}
	if dec.Target != nil && dec.Target.Measure != "deadline_met" {
		if _, ok := d.cols[dec.Target.Measure]; !ok {
			return nil, fmt.Errorf("%s: target %s: no %s column", d.path, dec.Target, dec.Target.Measure)
		}
		read = append(read, dec.Target.Measure)
	}
	var first []cellError
	for _, col := range read {
		if e, ok := f.bad[col]; ok && !slices.ContainsFunc(first, func(x cellError) bool { return x.err == e.err }) {
			first = append(first, e)
		}
	}
	if len(first) > 0 {
		line := slices.MinFunc(first, func(a, b cellError) int { return cmp.Compare(a.line, b.line) }).line
		var errs []error
		for _, e := range first {
			if e.line == line {
				errs = append(errs, e.err)
			}
		}
		return nil, errors.Join(errs...)
	}
	dec.Identical = true
	dec.TargetMissing = dec.Target != nil
	for _, k := range f.keys {
		c := f.by[k]
		conf := &Config{Values: c.values, Cost: estimate(c.cost), Savings: estimate(c.savings), Measure: estimate(c.measures[dec.Measure]), Met: estimate(c.met), Hollow: c.hollow == c.replications, Unfinished: c.unfinished}
		var name []string
		for j, p := range d.params {
			name = append(name, lastKey(p)+"="+c.values[j])
		}
		conf.Name = strings.Join(name, " ")
		dec.Replications = max(dec.Replications, c.replications)
		if c.replications < 2 || c.differ {
			dec.Identical = false
		}
		if dec.Target != nil {
			// A mean measure against the target; deadline_met's mean is
			// the percentage of replications that met it.
			tg := c.met
			if dec.Target.Measure != "deadline_met" {
				tg = c.measures[dec.Target.Measure]
			}
			v := estimate(tg).Mean
			if !math.IsNaN(v) {
				dec.TargetMissing = false
			}
			conf.Meets = !math.IsNaN(v) && (dec.Target.AtLeast && v >= dec.Target.Value || !dec.Target.AtLeast && v <= dec.Target.Value)
		}
		dec.Configs = append(dec.Configs, conf)
	}
	if dec.Replications < 2 {
		dec.Identical = false
	}
	rank(dec)
	return dec, nil
}
