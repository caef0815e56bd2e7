package focusrules

import (
	"fmt"
	"slices"
	"strings"
)

// Violation is a MUST rule a row (or the dataset, Row 0) breaks.
type Violation struct {
	Rule   string
	Row    int // 1-based data row; 0 for the dataset as a whole
	Detail string
}

func (v Violation) String() string {
	if v.Row == 0 {
		return v.Rule + ": " + v.Detail
	}
	return fmt.Sprintf("%s: row %d: %s", v.Rule, v.Row, v.Detail)
}

// Report is what Check found.
type Report struct {
	Violations []Violation // MUST rules broken
	Warnings   []Violation // SHOULD and RECOMMENDED rules broken
	// Evaluated lists the MUST rules evaluated (leaf rules with a check).
	Evaluated []string
	// NotEvaluated lists, by reason, the MUST rules that apply but that the
	// interpreter could not evaluate. Never empty for the published models:
	// their Dynamic rules state requirements in prose only.
	NotEvaluated map[string][]string
	// NotApplicable lists the rules skipped because the provider does not
	// meet their criteria, or their (optional) column is absent.
	NotApplicable []string
}

// Reasons a MUST rule is not evaluated.
const (
	ReasonDynamic     = "Dynamic: the model states it in prose, with no check to run"
	ReasonMalformed   = "malformed in the model"
	ReasonOROverProse = "an OR over rules some of which cannot be evaluated"
	ReasonUnreached   = "not reached from the dataset's rules: an attribute rule, whose checkable parts the Format and Type checks cover"
)

type checker struct {
	m        *Model
	d        *Dataset
	criteria map[string]bool
	r        *Report
	visited  map[string]bool
	limit    int // violations kept per rule
}

// Check evaluates every rule of the dataset's root rules that applies to a
// provider meeting criteria (ApplicabilityCriteria names) against d.
func (m *Model) Check(dataset string, d *Dataset, criteria []string) (*Report, error) {
	roots, ok := m.ModelDatasets[dataset]
	if !ok {
		return nil, fmt.Errorf("the model has no dataset %q", dataset)
	}
	c := &checker{m: m, d: d, criteria: map[string]bool{}, r: &Report{NotEvaluated: map[string][]string{}}, visited: map[string]bool{}, limit: 5}
	for _, k := range criteria {
		c.criteria[k] = true
	}
	all := make([]bool, len(d.Rows))
	for i := range all {
		all[i] = true
	}
	for _, id := range roots.ModelRules {
		if err := c.walk(id, all); err != nil {
			return nil, err
		}
	}
	for id, r := range m.ModelRules {
		if !c.visited[id] && isMust(r.ValidationCriteria.Keyword) && r.ValidationCriteria.Requirement.Empty() {
			c.notEvaluated(ReasonUnreached, id)
		}
	}
	for k := range c.r.NotEvaluated {
		slices.Sort(c.r.NotEvaluated[k])
		c.r.NotEvaluated[k] = slices.Compact(c.r.NotEvaluated[k])
	}
	slices.Sort(c.r.Evaluated)
	slices.Sort(c.r.NotApplicable)
	return c.r, nil
}

func (c *checker) notEvaluated(reason, id string) {
	c.r.NotEvaluated[reason] = append(c.r.NotEvaluated[reason], id)
}

// walk evaluates rule id on the rows in mask.
func (c *checker) walk(id string, mask []bool) error {
	r, ok := c.m.ModelRules[id]
	if !ok {
		return fmt.Errorf("a composite names rule %s, which the model lacks", id)
	}
	c.visited[id] = true
	for _, k := range r.ApplicabilityCriteria {
		if !c.criteria[k] {
			c.skip(id)
			return nil
		}
	}
	if r.EntityType == "Column" && !c.d.has(r.Reference) {
		c.skip(id) // an absent column: its presence rule says whether that is allowed
		return nil
	}
	vc := &r.ValidationCriteria
	if !vc.Condition.Empty() {
		if err := vc.Condition.validate(); err != nil {
			c.malformed(id, "condition: "+err.Error())
			return nil
		}
		g := groups{}
		g.prepare(vc.Condition, c.d, mask)
		sub := slices.Clone(mask)
		for row := range sub {
			sub[row] = sub[row] && vc.Condition.eval(c.d, row, g) == yes
		}
		mask = sub
	}
	req := vc.Requirement
	if kids, op := composite(req); kids != nil {
		if op == "AND" {
			for _, k := range kids {
				if err := c.walk(k, mask); err != nil {
					return err
				}
			}
			return nil
		}
		return c.or(id, kids, mask)
	}
	if req.Empty() {
		if isMust(vc.Keyword) {
			c.notEvaluated(ReasonDynamic, id)
		}
		return nil
	}
	if err := req.validate(); err != nil {
		c.malformed(id, err.Error())
		return nil
	}
	if vc.Keyword == "MAY" {
		return nil // nothing is required
	}
	fails := c.fails(req, mask)
	if isMust(vc.Keyword) {
		c.r.Evaluated = append(c.r.Evaluated, id)
	}
	for n, row := range fails {
		if n == c.limit {
			break
		}
		v := Violation{Rule: id, Row: row + 1, Detail: c.detail(req, row)}
		if req.CheckFunction == "ColumnPresent" {
			v.Row = 0
		}
		if isMust(vc.Keyword) {
			c.r.Violations = append(c.r.Violations, v)
		} else {
			c.r.Warnings = append(c.r.Warnings, v)
		}
		if v.Row == 0 {
			break
		}
	}
	return nil
}

func (c *checker) skip(id string) {
	c.r.NotApplicable = append(c.r.NotApplicable, id)
	// Its descendants are not applicable either; mark them visited.
	var mark func(string)
	mark = func(id string) {
		r := c.m.ModelRules[id]
		if r == nil {
			return
		}
		c.visited[id] = true
		if kids, _ := composite(r.ValidationCriteria.Requirement); kids != nil {
			for _, k := range kids {
				mark(k)
			}
		}
	}
	mark(id)
}

func (c *checker) malformed(id, why string) {
	if isMust(c.m.ModelRules[id].ValidationCriteria.Keyword) {
		c.notEvaluated(ReasonMalformed+" ("+why+")", id)
	}
}

// fails lists the rows in mask where req is definitely false.
func (c *checker) fails(req *Check, mask []bool) []int {
	g := groups{}
	g.prepare(req, c.d, mask)
	var out []int
	if req.CheckFunction == "ColumnPresent" {
		if req.eval(c.d, 0, g) == no {
			out = append(out, 0)
		}
		return out
	}
	for row := range c.d.Rows {
		if mask[row] && req.eval(c.d, row, g) == no {
			out = append(out, row)
		}
	}
	return out
}

// or evaluates a composite whose rules are alternatives: a row fails when
// it fails every one. Only leaf rules with checks can be combined.
func (c *checker) or(id string, kids []string, mask []bool) error {
	failing := slices.Clone(mask)
	for _, k := range kids {
		c.visited[k] = true
		r := c.m.ModelRules[k]
		vc := &r.ValidationCriteria
		if _, op := composite(vc.Requirement); op != "" || vc.Requirement.Empty() || vc.Requirement.validate() != nil ||
			(!vc.Condition.Empty() && vc.Condition.validate() != nil) {
			if isMust(c.m.ModelRules[id].ValidationCriteria.Keyword) {
				c.notEvaluated(ReasonOROverProse, id)
			}
			return nil
		}
		g := groups{}
		g.prepare(vc.Requirement, c.d, mask)
		if !vc.Condition.Empty() {
			g.prepare(vc.Condition, c.d, mask)
		}
		for row := range failing {
			if !failing[row] {
				continue
			}
			applies := vc.Condition.Empty() || vc.Condition.eval(c.d, row, g) == yes
			if !applies || vc.Requirement.eval(c.d, row, g) != no {
				failing[row] = false // this alternative holds
			}
		}
	}
	if isMust(c.m.ModelRules[id].ValidationCriteria.Keyword) {
		c.r.Evaluated = append(c.r.Evaluated, id)
	}
	n := 0
	for row, f := range failing {
		if f && n < c.limit {
			c.r.Violations = append(c.r.Violations, Violation{Rule: id, Row: row + 1, Detail: "every alternative (" + strings.Join(kids, ", ") + ") fails"})
			n++
		}
	}
	return nil
}

// composite returns the rules a requirement combines and how ("AND", "OR"),
// or nil when it is a check.
func composite(req *Check) ([]string, string) {
	if req.Empty() || (req.CheckFunction != "AND" && req.CheckFunction != "OR") || len(req.Items) == 0 {
		return nil, ""
	}
	var ids []string
	for _, it := range req.Items {
		if it.CheckFunction != "CheckModelRule" {
			return nil, ""
		}
		ids = append(ids, it.ModelRuleId)
	}
	return ids, req.CheckFunction
}

func (c *checker) detail(req *Check, row int) string {
	var vals []string
	var cols func(*Check)
	cols = func(k *Check) {
		for _, col := range []string{k.ColumnName, k.ColumnAName, k.ColumnBName, k.ResultColumnName} {
			if col != "" {
				v, ok := c.d.cell(row, col)
				if !ok {
					v = "null"
				} else {
					v = fmt.Sprintf("%q", v)
				}
				vals = append(vals, col+"="+v)
			}
		}
		for _, it := range k.Items {
			cols(it)
		}
	}
	cols(req)
	vals = slices.Compact(vals)
	if len(vals) > 4 {
		vals = append(vals[:4], "…")
	}
	return req.Describe() + " is false with " + strings.Join(vals, ", ")
}
