// Package focusrules checks a FOCUS cost file against the FinOps
// Foundation's machine-readable rules model (finopsfoundation/focus_validator,
// focus_validator/rules/model-<version>.json): every rule that applies to a
// provider's criteria is evaluated row by row, and every rule it cannot
// evaluate is listed with the reason, never passed in silence.
//
// The interpreter is spotsim's own; it reads the model's JSON as published
// (an extract of the 1.2 model is vendored in testdata, see its README).
package focusrules

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Model is a rules model: its rules by id and the root rule of each dataset.
type Model struct {
	Details struct {
		ModelVersion string `json:"ModelVersion"`
		FOCUSVersion string `json:"FOCUSVersion"`
	} `json:"Details"`
	ModelDatasets map[string]struct {
		ModelRules []string `json:"ModelRules"`
	} `json:"ModelDatasets"`
	ModelRules map[string]*Rule `json:"ModelRules"`
}

// Rule is one model rule.
type Rule struct {
	Function              string   `json:"Function"` // Presence, Type, Format, Nullability, Validation, Composite
	Reference             string   `json:"Reference"`
	EntityType            string   `json:"EntityType"` // Dataset, Column, Attribute
	ApplicabilityCriteria []string `json:"ApplicabilityCriteria"`
	Type                  string   `json:"Type"` // Static, Dynamic
	ValidationCriteria    struct {
		Keyword     string `json:"Keyword"` // MUST, MUST NOT, SHOULD, SHOULD NOT, RECOMMENDED, MAY
		Requirement *Check `json:"Requirement"`
		Condition   *Check `json:"Condition"`
	} `json:"ValidationCriteria"`
}

// Check is a node of a requirement or condition: a check function and its
// arguments. A node with keys the model's check functions do not take (the
// published model has a few) keeps them in Unknown and is not evaluated.
type Check struct {
	CheckFunction    string
	ColumnName       string
	ColumnAName      string
	ColumnBName      string
	ResultColumnName string
	ModelRuleId      string
	Value            *Value // nil: no Value key
	ExpectedCount    *int
	Items            []*Check
	Unknown          []string
}

// Value is a check's Value: null, a string or a number.
type Value struct {
	Null   bool
	String string
	Number json.Number
}

func (v Value) text() string {
	switch {
	case v.Null:
		return "null"
	case v.Number != "":
		return v.Number.String()
	}
	return fmt.Sprintf("%q", v.String)
}

// Empty reports whether the node is {}: no requirement or no condition.
func (c *Check) Empty() bool {
	return c == nil || c.CheckFunction == "" && len(c.Unknown) == 0 && len(c.Items) == 0
}

func (c *Check) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	for k, raw := range m {
		var err error
		switch k {
		case "CheckFunction":
			err = json.Unmarshal(raw, &c.CheckFunction)
		case "ColumnName":
			err = json.Unmarshal(raw, &c.ColumnName)
		case "ColumnAName":
			err = json.Unmarshal(raw, &c.ColumnAName)
		case "ColumnBName":
			err = json.Unmarshal(raw, &c.ColumnBName)
		case "ResultColumnName":
			err = json.Unmarshal(raw, &c.ResultColumnName)
		case "ModelRuleId":
			err = json.Unmarshal(raw, &c.ModelRuleId)
		case "ExpectedCount":
			err = json.Unmarshal(raw, &c.ExpectedCount)
		case "ExpectedType": // TypeDateTime's, redundant with the function
		case "Items":
			err = json.Unmarshal(raw, &c.Items)
		case "Value":
			c.Value = &Value{}
			switch t := bytes.TrimSpace(raw); {
			case string(t) == "null":
				c.Value.Null = true
			case len(t) > 0 && t[0] == '"':
				err = json.Unmarshal(t, &c.Value.String)
			default:
				dec := json.NewDecoder(bytes.NewReader(t))
				dec.UseNumber()
				err = dec.Decode(&c.Value.Number)
			}
		default:
			c.Unknown = append(c.Unknown, k)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
	}
	slices.Sort(c.Unknown)
	return nil
}

// Load reads a rules model.
func Load(data []byte) (*Model, error) {
	var m Model
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("rules model: %w", err)
	}
	for id, r := range m.ModelRules {
		if r == nil {
			return nil, fmt.Errorf("rules model: rule %s is null", id)
		}
	}
	return &m, nil
}

// isMust is whether a keyword makes a rule a requirement.
func isMust(kw string) bool { return kw == "MUST" || kw == "MUST NOT" }

// Describe writes a check in a short readable form, for reports.
func (c *Check) Describe() string {
	if c.Empty() {
		return "{}"
	}
	var b strings.Builder
	b.WriteString(c.CheckFunction)
	var args []string
	for _, s := range []string{c.ColumnName, c.ColumnAName, c.ColumnBName, c.ResultColumnName, c.ModelRuleId} {
		if s != "" {
			args = append(args, s)
		}
	}
	if c.Value != nil {
		args = append(args, c.Value.text())
	}
	for _, it := range c.Items {
		args = append(args, it.Describe())
	}
	b.WriteString("(" + strings.Join(args, ", ") + ")")
	return b.String()
}
