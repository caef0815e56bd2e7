package focusrules

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spotsim/spotsim/cmd/internal/usage"
	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
	"github.com/spotsim/spotsim/sim/meter"
)

func model(t *testing.T) *Model {
	t.Helper()
	m, err := Vendored12()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func usd(s string) pricing.Price {
	p, err := pricing.ParsePrice(s)
	if err != nil {
		panic(err)
	}
	return p
}

// focusFile is spotsim's focus.csv for a small run across a month end: a
// spot fleet in a zone whose price changes inside days, with tags, and a
// regular one in a regional pool.
func focusFile(t *testing.T, v usage.FOCUSVersion, byResource bool) *Dataset {
	t.Helper()
	start := time.Date(2026, 1, 30, 20, 15, 0, 0, time.UTC)
	cfg := &sim.Config{Name: "conf", Start: start, Horizon: 3 * 86400, Seed: 3, Notice: sim.NoticeLead{Min: 30, Max: 30}, Billing: sim.AzureBilling,
		Record: sim.Record{Events: true, Usage: true},
		Pools: []sim.Pool{{Region: "eastus", SKU: "Standard_D2s_v5", VCPUs: 2, PAYG: usd("0.096"),
			Spot:     &pricing.Series{Times: []int64{0, 2700, 90000}, Values: []int64{int64(usd("0.02")), int64(usd("0.03")), int64(usd("0.017"))}},
			Capacity: pricing.Constant(pricing.Unlimited), Zone: "2"},
			{Region: "westeurope", SKU: "Standard_D4s_v5", VCPUs: 4, PAYG: usd("0.192"), Capacity: pricing.Constant(pricing.Unlimited)}},
		Fleets: []sim.Fleet{
			{Name: "spot", Pool: 0, Count: 3, MaxPrice: pricing.Uncapped, DiskPrice: usd("0.01"), Tenant: "contoso", Subscription: "sub-a",
				Tags: `{"env":"prod","team":"ml"}`},
			{Name: "base", Pool: 1, Count: 1, Priority: sim.Regular, MaxPrice: pricing.Uncapped, Tenant: "fabrikam", Subscription: "sub-b"}}}
	res, err := sim.Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := usage.WriteFOCUS(&b, res, meter.New(res).Rows(meter.Options{Period: 86400, ByResource: byResource}), v); err != nil {
		t.Fatal(err)
	}
	d, err := ReadCSV(&b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// spotsim's files break no MUST rule of the 1.2 model that applies to a
// provider like Azure, in both versions and granularities; every MUST rule
// that applies and is not evaluated is listed, by reason.
func TestSpotsimConforms(t *testing.T) {
	m := model(t)
	for _, v := range usage.FOCUSVersions {
		for _, byRes := range []bool{false, true} {
			t.Run(fmt.Sprint(v, "/byResource=", byRes), func(t *testing.T) {
				d := focusFile(t, v, byRes)
				r, err := m.Check("CostAndUsage", d, AzureLike)
				if err != nil {
					t.Fatal(err)
				}
				for _, x := range r.Violations {
					t.Error(x)
				}
				for _, x := range r.Warnings {
					t.Log("warning (SHOULD):", x)
				}
				if len(r.Evaluated) < 150 {
					t.Errorf("only %d MUST rules evaluated", len(r.Evaluated))
				}
				if v == usage.FOCUS13 {
					// The 1.2 model cannot see 1.3's new columns: they are
					// checked here, as 1.3 defines them (String, not null).
					for _, col := range []string{"HostProviderName", "ServiceProviderName"} {
						for row := range d.Rows {
							if s, ok := d.cell(row, col); !ok || s != "Microsoft" {
								t.Fatalf("row %d: %s = %q", row+1, col, s)
							}
						}
					}
				}
				if testing.Verbose() {
					t.Logf("%d MUST rules evaluated, %d not applicable", len(r.Evaluated), len(r.NotApplicable))
					for reason, ids := range r.NotEvaluated {
						t.Logf("not evaluated, %s: %d rules: %s", reason, len(ids), strings.Join(ids, " "))
					}
				}
				for reason := range r.NotEvaluated {
					if reason != ReasonDynamic && reason != ReasonUnreached && reason != ReasonOROverProse {
						t.Errorf("not evaluated for an unexpected reason: %s: %v", reason, r.NotEvaluated[reason])
					}
				}
			})
		}
	}
}

// A hand-broken file fails the rule of each check function the interpreter
// supports (and a SHOULD rule is a warning, not a violation).
func TestBrokenFiles(t *testing.T) {
	m := model(t)
	set := func(col, val string, rows ...int) func(*Dataset) {
		return func(d *Dataset) {
			for _, r := range rows {
				d.Rows[r][d.col[col]] = val
			}
		}
	}
	for _, c := range []struct {
		kind  string // the check function broken
		edit  func(*Dataset)
		rules []string // each must be reported
	}{
		{"ColumnPresent", func(d *Dataset) {
			i := d.col["BilledCost"]
			d.Header = slices.Delete(slices.Clone(d.Header), i, i+1)
			for r := range d.Rows {
				d.Rows[r] = slices.Delete(d.Rows[r], i, i+1)
			}
			*d = *NewDataset(d.Header, d.Rows)
		}, []string{"CostAndUsage-D-006-M"}},
		{"CheckNotValue (not null)", set("ProviderName", "", 0), []string{"ProviderName-C-003-M"}},
		{"CheckNotValue (conditional not null)", set("SubAccountName", "", 1), []string{"SubAccountName-C-005-C"}},
		{"CheckValue (conditional null)", set("RegionId", "", 2), []string{"RegionName-C-004-C"}},
		{"CheckValue (allowed values)", set("ChargeCategory", "Use", 0), []string{"ChargeCategory-C-003-M"}},
		{"CheckValue (a number)", func(d *Dataset) { set("ChargeCategory", "Purchase", 0)(d) }, []string{"EffectiveCost-C-005-C", "ChargeFrequency-C-004-C"}},
		{"TypeDecimal, FormatNumeric, CheckDecimalValue", set("BilledCost", "1,5", 1), []string{"BilledCost-C-001-M", "BilledCost-C-002-M", "BilledCost-C-004-M"}},
		{"FormatNumeric (a plus sign)", set("ListCost", "+0.5", 1), []string{"ListCost-C-002-M"}},
		{"TypeDateTime, FormatDateTime", set("ChargePeriodStart", "2026-01-30 00:00:00", 0), []string{"ChargePeriodStart-C-001-M", "ChargePeriodStart-C-002-M"}},
		{"FormatString", set("ChargeDescription", "\xff\xfe", 0), []string{"ChargeDescription-C-002-M"}},
		{"TypeString", set("BillingAccountId", "\xff", 0), []string{"BillingAccountId-C-002-M"}},
		{"FormatKeyValue", set("Tags", `{"a":{"b":1}}`, 0), []string{"Tags-C-001-M"}},
		{"FormatKeyValue (duplicate key)", set("SkuPriceDetails", `{"CoreCount":2,"CoreCount":4}`, 0), []string{"SkuPriceDetails-C-001-M"}},
		{"FormatCurrency, CheckNationalCurrency", set("BillingCurrency", "usd", 0), []string{"BillingCurrency-C-003-M", "BillingCurrency-C-006-M"}},
		{"CheckGreaterOrEqualThanValue", set("ListUnitPrice", "-1", 0), []string{"ListUnitPrice-C-008-M"}},
		{"ColumnByColumnEqualsColumnValue", set("ListCost", "99.000000", 0), []string{"ListCost-C-009-C", "ListUnitPrice-C-010-C"}},
		// A mean price rounded to six places: 0.023012 × 96.066667 is
		// 2.210686141204, not the 2.210667 charged. Exact, as FOCUS says.
		{"ColumnByColumnEqualsColumnValue (a rounded mean)", func(d *Dataset) {
			for col, val := range map[string]string{"ListUnitPrice": "0.023012", "ContractedUnitPrice": "0.023012",
				"PricingCurrencyListUnitPrice": "0.023012", "PricingCurrencyContractedUnitPrice": "0.023012",
				"PricingQuantity": "96.066667", "ConsumedQuantity": "96.066667", "ListCost": "2.210667", "ContractedCost": "2.210667"} {
				set(col, val, 0)(d)
			}
		}, []string{"ListCost-C-009-C", "ListUnitPrice-C-010-C", "ContractedUnitPrice-C-011-C"}},
		{"CheckDistinctCount", set("SkuId", "Standard_X", 0), []string{"SkuPriceId-C-008-M"}},
		{"CheckNotSameValue (condition)", set("InvoiceIssuerName", "Reseller Inc", 0), []string{"BilledCost-C-005-C"}},
		{"OR of ANDs", set("ServiceSubcategory", "Block Storage", 0), []string{"ServiceSubcategory-C-004-M"}},
		{"corrected condition", set("ResourceType", "", 0), []string{"ResourceType-C-005-C"}},
	} {
		t.Run(c.kind, func(t *testing.T) {
			d := focusFile(t, usage.FOCUS12, false)
			c.edit(d)
			r, err := m.Check("CostAndUsage", d, AzureLike)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, v := range r.Violations {
				got[v.Rule] = true
			}
			for _, want := range c.rules {
				if !got[want] {
					t.Errorf("broken %s: %s not reported; violations: %v", c.kind, want, r.Violations)
				}
			}
		})
	}
	// FormatUnit is only in SHOULD rules: a broken unit is a warning.
	d := focusFile(t, usage.FOCUS12, false)
	d.Rows[0][d.col["PricingUnit"]] = "per hour!"
	r, _ := m.Check("CostAndUsage", d, AzureLike)
	if len(r.Violations) != 0 || !slices.ContainsFunc(r.Warnings, func(v Violation) bool { return v.Rule == "PricingUnit-C-003-O" }) {
		t.Errorf("a broken unit: violations %v, warnings %v; want the SHOULD rule PricingUnit-C-003-O as a warning", r.Violations, r.Warnings)
	}
}

// Without the corrections, the model's malformed rules are listed as not
// evaluated, and its contradictory ones fail a conformant file: neither is
// passed in silence.
func TestModelAsPublished(t *testing.T) {
	m, err := Vendored12()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := Load(mustRead(t))
	if err != nil {
		t.Fatal(err)
	}
	r, err := raw.Check("CostAndUsage", focusFile(t, usage.FOCUS12, false), AzureLike)
	if err != nil {
		t.Fatal(err)
	}
	var malformed []string
	for reason, ids := range r.NotEvaluated {
		if strings.HasPrefix(reason, ReasonMalformed) {
			malformed = append(malformed, ids...)
		}
	}
	slices.Sort(malformed)
	want := []string{"CapacityReservationStatus-C-003-C", "CapacityReservationStatus-C-004-C", "ResourceId-C-006-C", "ResourceType-C-005-C"}
	if !slices.Equal(malformed, want) {
		t.Errorf("malformed rules listed: %v; want %v", malformed, want)
	}
	failed := map[string]bool{}
	for _, v := range r.Violations {
		failed[v.Rule] = true
	}
	if !failed["CommitmentDiscountStatus-C-003-C"] || !failed["CommitmentDiscountStatus-C-004-C"] {
		t.Errorf("as published, the CommitmentDiscountStatus nullability rules should fail a file with no commitment discounts; violations %v", r.Violations)
	}
	for _, c := range Corrections {
		if m.ModelRules[c.Rule] == nil {
			t.Errorf("correction of a rule the model lacks: %s", c.Rule)
		}
		t.Logf("corrected %s %s: %s", c.Rule, c.Field, c.Why)
	}
}

func mustRead(t *testing.T) []byte {
	t.Helper()
	data, err := readVendored()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// The vendored extract has every rule the published model's composites
// name, and uses only check functions the interpreter knows.
func TestVendoredModel(t *testing.T) {
	m := model(t)
	if m.Details.FOCUSVersion != "1.2" || len(m.ModelRules) < 600 {
		t.Fatalf("FOCUS %s, %d rules", m.Details.FOCUSVersion, len(m.ModelRules))
	}
	known := CheckFunctions()
	var walk func(id string, c *Check)
	walk = func(id string, c *Check) {
		if c.Empty() {
			return
		}
		if c.CheckFunction == "CheckModelRule" {
			if m.ModelRules[c.ModelRuleId] == nil {
				t.Errorf("%s names %s, which the model lacks", id, c.ModelRuleId)
			}
		} else if !slices.Contains(known, c.CheckFunction) {
			t.Errorf("%s uses %s", id, c.CheckFunction)
		}
		for _, it := range c.Items {
			walk(id, it)
		}
	}
	for id, r := range m.ModelRules {
		walk(id, r.ValidationCriteria.Requirement)
		walk(id, r.ValidationCriteria.Condition)
	}
}
