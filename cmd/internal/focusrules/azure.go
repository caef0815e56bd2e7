package focusrules

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
)

// AzureLike are the applicability criteria of a provider like Azure, which
// the rules are evaluated for: Azure names billing accounts, has zones,
// capacity reservations, commitment discounts (reservations, savings
// plans), several pricing categories (pay-as-you-go, spot, committed),
// several billing-account (EA, MCA) and sub-account types, negotiated (EA)
// and unit pricing, public price lists, usage measurement, subscriptions,
// billing for provisioned resources with types, pricing and billing in
// different currencies (MCA), regions and tags. Not virtual currencies.
var AzureLike = []string{
	"ACCOUNT_NAMING_SUPPORTED", "AVAILABILITY_ZONE_SUPPORTED", "CAPACITY_RESERVATION_SUPPORTED",
	"COMMITMENT_DISCOUNT_SUPPORTED", "MULTIPLE_PRICING_CATEGORIES_SUPPORTED", "MULTIPLE_SUB_ACCOUNT_TYPES_SUPPORTED",
	"MULTIPLE_BILLING_ACCOUNT_TYPES_SUPPORTED", "NEGOTIATED_PRICING_SUPPORTED", "PUBLIC_PRICE_LIST_SUPPORTED",
	"USAGE_MEASUREMENT_SUPPORTED", "UNIT_PRICING_SUPPORTED", "SUB_ACCOUNT_SUPPORTED",
	"BILLING_BASED_ON_PROVISIONED_RESOURCES_SUPPORTED", "RESOURCE_TYPE_ASSIGNMENT_SUPPORTED",
	"PRICING_BILLING_CURRENCY_DIFFERENCES_SUPPORTED", "REGION_SUPPORTED", "TAGGING_SUPPORTED",
}

// Vendored12 loads the vendored extract of the 1.2 model, corrected (see
// Corrections). It is for tests: the file sits beside this package's source.
func Vendored12() (*Model, error) {
	data, err := readVendored()
	if err != nil {
		return nil, err
	}
	m, err := Load(data)
	if err != nil {
		return nil, err
	}
	return m, m.Correct()
}

func readVendored() ([]byte, error) {
	_, file, _, _ := runtime.Caller(0)
	return os.ReadFile(filepath.Join(filepath.Dir(file), "testdata", "model-1.2.extract.json"))
}

// ReadCSV reads a FOCUS CSV file into a Dataset.
func ReadCSV(r io.Reader) (*Dataset, error) {
	all, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("no header")
	}
	return NewDataset(all[0], all[1:]), nil
}
