package focusrules

import (
	"encoding/json"
	"fmt"
)

// Correction replaces the Requirement or Condition of a rule whose check in
// the published 1.2 model contradicts the rule's own text (MustSatisfy), or
// is written in a form no check function has. Each is listed in the report
// of TestModelCorrections and in the vendored model's README; without them
// the first two would fail every conformant file and the rest could not be
// evaluated.
type Correction struct {
	Rule, Field, JSON, Why string
}

// Corrections are the fixes Correct applies.
var Corrections = []Correction{
	{"CommitmentDiscountStatus-C-003-C", "Requirement", `{"CheckFunction":"CheckValue","ColumnName":"CommitmentDiscountStatus","Value":null}`,
		`the text is "MUST be null when CommitmentDiscountId is null"; the model checks CheckNotValue(…, null)`},
	{"CommitmentDiscountStatus-C-004-C", "Condition", `{"CheckFunction":"AND","Items":[{"CheckFunction":"CheckNotValue","ColumnName":"CommitmentDiscountId","Value":null},{"CheckFunction":"CheckValue","ColumnName":"ChargeCategory","Value":"Usage"}]}`,
		`the text is "MUST NOT be null when CommitmentDiscountId is not null and ChargeCategory is Usage"; the model's condition is CheckValue(CommitmentDiscountId, null)`},
	{"CommitmentDiscountStatus-C-005-M", "Requirement", `{"CheckFunction":"OR","Items":[{"CheckFunction":"CheckValue","ColumnName":"CommitmentDiscountStatus","Value":"Used"},{"CheckFunction":"CheckValue","ColumnName":"CommitmentDiscountStatus","Value":"Unused"}]}`,
		`FOCUS 1.2 allows "Used" and "Unused"; the model lists Active, Expired, Pending`},
	{"ResourceId-C-006-C", "Condition", `{"CheckFunction":"CheckNotValue","ColumnName":"ResourceId","Value":null}`,
		`the model names the column under "CheckCondition", a key no check function takes`},
	{"ResourceType-C-005-C", "Condition", `{"CheckFunction":"CheckNotValue","ColumnName":"ResourceId","Value":null}`,
		`the model names the column under "CheckCondition", a key no check function takes`},
	{"CapacityReservationStatus-C-003-C", "Condition", `{"CheckFunction":"CheckValue","ColumnName":"CapacityReservationId","Value":null}`,
		`the model writes the condition as {"AND": {...}} without a CheckFunction`},
	{"CapacityReservationStatus-C-004-C", "Condition", `{"CheckFunction":"AND","Items":[{"CheckFunction":"CheckNotValue","ColumnName":"CapacityReservationId","Value":null},{"CheckFunction":"CheckValue","ColumnName":"ChargeCategory","Value":"Usage"}]}`,
		`the model writes the condition as {"AND": [...]} without a CheckFunction`},
	{"ConsumedQuantity-C-006-C", "Condition", `{"CheckFunction":"CheckNotValue","ColumnName":"ChargeClass","Value":"Correction"}`,
		`the text is "MUST NOT be null when ChargeClass is not Correction"; the model's condition is CheckValue(ChargeClass, "Correction")`},
}

// Correct applies Corrections to the model.
func (m *Model) Correct() error {
	for _, c := range Corrections {
		r, ok := m.ModelRules[c.Rule]
		if !ok {
			return fmt.Errorf("correction of %s: no such rule", c.Rule)
		}
		var k Check
		if err := json.Unmarshal([]byte(c.JSON), &k); err != nil {
			return fmt.Errorf("correction of %s: %w", c.Rule, err)
		}
		switch c.Field {
		case "Requirement":
			r.ValidationCriteria.Requirement = &k
		case "Condition":
			r.ValidationCriteria.Condition = &k
		default:
			return fmt.Errorf("correction of %s: field %q", c.Rule, c.Field)
		}
	}
	return nil
}
