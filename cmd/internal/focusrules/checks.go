package focusrules

import (
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// tri is a three-valued truth: a check on a null cell is unknown, as in the
// SQL the published validator runs. A rule's row fails only when its
// requirement is definitely false; a condition holds only when definitely
// true. no < unknown < yes, so AND is min and OR is max (Kleene logic).
type tri int8

const (
	no tri = iota
	unknown
	yes
)

func of(b bool) tri {
	if b {
		return yes
	}
	return no
}

// Dataset is a FOCUS file: its header and rows, an empty field being null.
type Dataset struct {
	Header []string
	Rows   [][]string
	col    map[string]int
}

// NewDataset indexes a file's columns.
func NewDataset(header []string, rows [][]string) *Dataset {
	d := &Dataset{Header: header, Rows: rows, col: map[string]int{}}
	for i, h := range header {
		d.col[h] = i
	}
	return d
}

func (d *Dataset) has(col string) bool { _, ok := d.col[col]; return ok }

// cell is a row's value of col; ok is false for null (or an absent column).
func (d *Dataset) cell(row int, col string) (string, bool) {
	i, ok := d.col[col]
	if !ok || i >= len(d.Rows[row]) || d.Rows[row][i] == "" {
		return "", false
	}
	return d.Rows[row][i], true
}

// argsOf lists the arguments each check function takes; a node missing one,
// or with a key no function takes, is malformed.
var argsOf = map[string][]string{
	"AND": {"Items"}, "OR": {"Items"},
	"ColumnPresent":                   {"ColumnName"},
	"CheckValue":                      {"ColumnName", "Value"},
	"CheckNotValue":                   {"ColumnName", "Value"},
	"CheckSameValue":                  {"ColumnAName", "ColumnBName"},
	"CheckNotSameValue":               {"ColumnAName", "ColumnBName"},
	"CheckDistinctCount":              {"ColumnAName", "ColumnBName", "ExpectedCount"},
	"CheckDecimalValue":               {"ColumnName"},
	"CheckGreaterOrEqualThanValue":    {"ColumnName", "Value"},
	"CheckNationalCurrency":           {"ColumnName"},
	"TypeDecimal":                     {"ColumnName"},
	"TypeString":                      {"ColumnName"},
	"TypeDateTime":                    {"ColumnName"},
	"FormatDateTime":                  {"ColumnName"},
	"FormatNumeric":                   {"ColumnName"},
	"FormatString":                    {"ColumnName"},
	"FormatUnit":                      {"ColumnName"},
	"FormatCurrency":                  {"ColumnName"},
	"FormatKeyValue":                  {"ColumnName"},
	"ColumnByColumnEqualsColumnValue": {"ColumnAName", "ColumnBName", "ResultColumnName"},
}

// CheckFunctions are the check functions the interpreter evaluates (all of
// the 1.2 model's but CheckModelRule, which only composites use and which
// is followed as a rule reference).
func CheckFunctions() []string {
	var out []string
	for f := range argsOf {
		out = append(out, f)
	}
	return out
}

// validate says why a node cannot be evaluated, or nil.
func (c *Check) validate() error {
	if len(c.Unknown) > 0 {
		return fmt.Errorf("%s has keys no check function takes: %s", c.Describe(), strings.Join(c.Unknown, ", "))
	}
	args, ok := argsOf[c.CheckFunction]
	if !ok {
		return fmt.Errorf("check function %q is not one the interpreter knows", c.CheckFunction)
	}
	for _, a := range args {
		missing := false
		switch a {
		case "ColumnName":
			missing = c.ColumnName == ""
		case "ColumnAName":
			missing = c.ColumnAName == ""
		case "ColumnBName":
			missing = c.ColumnBName == ""
		case "ResultColumnName":
			missing = c.ResultColumnName == ""
		case "Value":
			missing = c.Value == nil
		case "ExpectedCount":
			missing = c.ExpectedCount == nil
		case "Items":
			missing = len(c.Items) == 0
		}
		if missing {
			return fmt.Errorf("%s lacks %s", c.Describe(), a)
		}
	}
	for _, it := range c.Items {
		if err := it.validate(); err != nil {
			return err
		}
	}
	return nil
}

// groups caches, per CheckDistinctCount node, the distinct B values of
// each A value over the rows a rule applies to.
type groups map[*Check]map[string]map[string]bool

func (g groups) prepare(c *Check, d *Dataset, mask []bool) {
	if c.CheckFunction == "CheckDistinctCount" {
		m := map[string]map[string]bool{}
		for row := range d.Rows {
			if !mask[row] {
				continue
			}
			a, okA := d.cell(row, c.ColumnAName)
			b, _ := d.cell(row, c.ColumnBName)
			if !okA {
				continue
			}
			if m[a] == nil {
				m[a] = map[string]bool{}
			}
			m[a][b] = true
		}
		g[c] = m
	}
	for _, it := range c.Items {
		g.prepare(it, d, mask)
	}
}

var (
	dateTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`)
	// NumericFormat: an integer, a decimal or E notation; a sign only for a
	// negative value, in the exponent too; no thousands separators or
	// symbols (FOCUS 1.2 NumericFormat, rules NumericFormat-A-003..011).
	numeric  = regexp.MustCompile(`^-?(\d+(\.\d*)?|\.\d+)([eE]-?\d+)?$`)
	currency = regexp.MustCompile(`^[A-Z]{3}$`)
	unit     = regexp.MustCompile(`^[A-Za-z0-9]+( ?[A-Za-z0-9/-]+)*$`)
)

func decimal(s string) (*big.Rat, bool) {
	if !numeric.MatchString(s) {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(s)
	return r, ok
}

// keyValue is FOCUS's KeyValueFormat: a JSON object, keys unique, values
// numbers, strings, booleans or null, never objects or arrays.
func keyValue(s string) bool {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	t, err := dec.Token()
	if err != nil || t != json.Delim('{') {
		return false
	}
	seen := map[string]bool{}
	for dec.More() {
		k, err := dec.Token()
		key, ok := k.(string)
		if err != nil || !ok || seen[key] {
			return false
		}
		seen[key] = true
		v, err := dec.Token()
		if err != nil {
			return false
		}
		if _, delim := v.(json.Delim); delim {
			return false
		}
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('}') {
		return false
	}
	_, err = dec.Token()
	return err == io.EOF
}

// eval is a check's truth on a row.
func (c *Check) eval(d *Dataset, row int, g groups) tri {
	switch c.CheckFunction {
	case "AND":
		t := yes
		for _, it := range c.Items {
			t = min(t, it.eval(d, row, g))
		}
		return t
	case "OR":
		t := no
		for _, it := range c.Items {
			t = max(t, it.eval(d, row, g))
		}
		return t
	case "ColumnPresent":
		return of(d.has(c.ColumnName))
	case "CheckDistinctCount":
		a, ok := d.cell(row, c.ColumnAName)
		if !ok {
			return unknown
		}
		return of(len(g[c][a]) == *c.ExpectedCount)
	case "CheckSameValue", "CheckNotSameValue":
		a, okA := d.cell(row, c.ColumnAName)
		b, okB := d.cell(row, c.ColumnBName)
		if !okA || !okB {
			return unknown
		}
		return of((a == b) == (c.CheckFunction == "CheckSameValue"))
	case "ColumnByColumnEqualsColumnValue":
		return c.product(d, row)
	}
	v, ok := d.cell(row, c.ColumnName)
	switch c.CheckFunction {
	case "CheckValue", "CheckNotValue":
		// Against null: IS NULL / IS NOT NULL. Against a value: equality,
		// unknown on a null cell; its negation is IS DISTINCT FROM, so a
		// null ChargeClass is not "Correction".
		want := c.CheckFunction == "CheckValue"
		if c.Value.Null {
			return of(ok != want)
		}
		if !ok {
			if want {
				return unknown
			}
			return yes
		}
		return of(equal(v, c.Value) == want)
	}
	if !ok {
		return unknown // a value check says nothing of a null: nullability rules do
	}
	switch c.CheckFunction {
	case "CheckDecimalValue", "TypeDecimal":
		_, isNum := decimal(v)
		return of(isNum)
	case "CheckGreaterOrEqualThanValue":
		x, isNum := decimal(v)
		lim, limOK := new(big.Rat).SetString(c.Value.Number.String())
		return of(isNum && limOK && x.Cmp(lim) >= 0)
	case "TypeString", "FormatString":
		return of(utf8.ValidString(v) && strings.TrimSpace(v) != "")
	case "TypeDateTime", "FormatDateTime":
		_, err := time.Parse(time.RFC3339, v)
		return of(err == nil && dateTime.MatchString(v))
	case "FormatNumeric":
		return of(numeric.MatchString(v))
	case "FormatCurrency", "CheckNationalCurrency":
		return of(currency.MatchString(v))
	case "FormatUnit":
		return of(unit.MatchString(v))
	case "FormatKeyValue":
		return of(keyValue(v))
	}
	panic("focusrules: eval of unvalidated check " + c.CheckFunction)
}

func equal(cell string, v *Value) bool {
	if v.Number != "" {
		x, ok1 := decimal(cell)
		y, ok2 := new(big.Rat).SetString(v.Number.String())
		return ok1 && ok2 && x.Cmp(y) == 0
	}
	return cell == v.String
}

// product checks A × B = Result exactly, in decimal: the specification's
// "MUST match", and what the FinOps Foundation's validator computes
// ((A * B) <> R in SQL). A writer that rounds its unit price or quantity
// must print the product of what it printed, not the cost it rounded from.
func (c *Check) product(d *Dataset, row int) tri {
	as, okA := d.cell(row, c.ColumnAName)
	bs, okB := d.cell(row, c.ColumnBName)
	rs, okR := d.cell(row, c.ResultColumnName)
	if !okA || !okB || !okR {
		return unknown
	}
	a, ok1 := decimal(as)
	b, ok2 := decimal(bs)
	r, ok3 := decimal(rs)
	if !ok1 || !ok2 || !ok3 {
		return no
	}
	return of(new(big.Rat).Mul(a, b).Cmp(r) == 0)
}
