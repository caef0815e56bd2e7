package scenario

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Target is what a sweep's configuration must reach to be recommended (the
// sweep file's target:, or --target of plot and report): a measure of the
// swept fleet, compared with >= or <=. deadline_met is the percentage
// of replications that met the deadline.
type Target struct {
	Measure string
	AtLeast bool // >=; else <=
	Value   float64
}

func (t Target) String() string {
	op := "<="
	if t.AtLeast {
		op = ">="
	}
	return t.Measure + op + strconv.FormatFloat(t.Value, 'f', -1, 64)
}

// targetMeasures are the measures a target can name.
var targetMeasures = []string{"availability_pct", "hours_below_target", "deadline_met", "makespan_hours", "work_lost_hours", "evictions", "total_cost_usd", "savings_pct", "net_savings_pct"}

var targetRE = regexp.MustCompile(`^\s*([a-z_]+)\s*(>=|<=)\s*([0-9]+(?:\.[0-9]+)?)\s*%?\s*$`)

// ParseTarget reads "availability_pct>=99", "deadline_met>=95" (percent of
// replications) or "makespan_hours<=48".
func ParseTarget(s string) (Target, error) {
	m := targetRE.FindStringSubmatch(s)
	if m == nil || !slices.Contains(targetMeasures, m[1]) {
		return Target{}, fmt.Errorf("target %q: want MEASURE>=N or MEASURE<=N with MEASURE one of %s, e.g. availability_pct>=99 or deadline_met>=95 (percent of replications)", s, strings.Join(targetMeasures, ", "))
	}
	v, _ := strconv.ParseFloat(m[3], 64)
	return Target{Measure: m[1], AtLeast: m[2] == ">=", Value: v}, nil
}

// Sentence is the target in words.
func (t Target) Sentence() string {
	op := "≥"
	if !t.AtLeast {
		op = "≤"
	}
	v := strconv.FormatFloat(t.Value, 'f', -1, 64)
	if t.Measure == "deadline_met" {
		return "the deadline met in " + op + " " + v + " % of replications"
	}
	return t.Measure + " " + op + " " + v + " (mean of replications)"
}
