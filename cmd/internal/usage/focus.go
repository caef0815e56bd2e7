package usage

import (
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/spotsim/spotsim/cmd/internal/csvw"
	"github.com/spotsim/spotsim/cmd/internal/timefmt"
	"github.com/spotsim/spotsim/sim"
	"github.com/spotsim/spotsim/sim/meter"
)

// FOCUSVersion is the FinOps FOCUS version focus.csv conforms to.
type FOCUSVersion string

// The versions spotsim writes: 1.2, what Microsoft's FocusCost export writes
// (learn.microsoft.com/cloud-computing/finops/focus/metadata), and 1.3
// (ratified December 2025).
const (
	FOCUS12 FOCUSVersion = "1.2"
	FOCUS13 FOCUSVersion = "1.3"
)

// FOCUSVersions lists the accepted versions, default first.
var FOCUSVersions = []FOCUSVersion{FOCUS12, FOCUS13}

// ParseFOCUSVersion reads a --focus-version value.
func ParseFOCUSVersion(s string) (FOCUSVersion, error) {
	if i := slices.Index(FOCUSVersions, FOCUSVersion(s)); i >= 0 {
		return FOCUSVersions[i], nil
	}
	return "", fmt.Errorf("%q: want 1.2 or 1.3", s)
}

// focus12Columns are the FOCUS 1.2 columns spotsim writes: every column the
// 1.2 rules model (finopsfoundation/focus_validator, model-1.2.json) makes
// mandatory, and every conditional one it requires of a provider that, like
// Azure, supports commitment discounts, capacity reservations, several
// billing- and sub-account types, negotiated and unit pricing, public price
// lists, pricing and billing in different currencies, regions, zones and
// tags; in alphabetical order, as the specification lists them. Columns
// about things spotsim does not model (commitment discounts, capacity
// reservations, invoices) are present and null, as is AvailabilityZone on
// the rows of regional pools.
var focus12Columns = []string{
	"AvailabilityZone", "BilledCost", "BillingAccountId", "BillingAccountName", "BillingAccountType",
	"BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "CapacityReservationId", "CapacityReservationStatus",
	"ChargeCategory", "ChargeClass", "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart",
	"CommitmentDiscountCategory", "CommitmentDiscountId", "CommitmentDiscountName", "CommitmentDiscountQuantity",
	"CommitmentDiscountStatus", "CommitmentDiscountType", "CommitmentDiscountUnit", "ConsumedQuantity", "ConsumedUnit",
	"ContractedCost", "ContractedUnitPrice", "EffectiveCost", "InvoiceId", "InvoiceIssuerName", "ListCost",
	"ListUnitPrice", "PricingCategory", "PricingCurrency", "PricingCurrencyContractedUnitPrice",
	"PricingCurrencyEffectiveCost", "PricingCurrencyListUnitPrice", "PricingQuantity", "PricingUnit", "ProviderName",
	"PublisherName", "RegionId", "RegionName", "ResourceId", "ResourceName", "ResourceType", "ServiceCategory",
	"ServiceName", "ServiceSubcategory", "SkuId", "SkuMeter", "SkuPriceDetails", "SkuPriceId", "SubAccountId",
	"SubAccountName", "SubAccountType", "Tags",
}

// focus13Added are the columns FOCUS 1.3 adds that spotsim can fill:
// ServiceProviderName and HostProviderName, which 1.3 introduces in place of
// ProviderName and PublisherName (kept, as 1.3 still allows them).
var focus13Added = []string{"HostProviderName", "ServiceProviderName"}

// focusExtra are spotsim's own columns, after the FOCUS ones (x_ prefix, as
// FOCUS requires of custom columns).
var focusExtra = []string{"x_PricingSubcategory", "x_PayAsYouGoUnitPrice", "x_PayAsYouGoCost", "x_Scenario", "x_Fleet", "x_Evictions"}

// FOCUSColumns are focus.csv's columns in a version, in file order.
func FOCUSColumns(v FOCUSVersion) []string {
	cols := slices.Clone(focus12Columns)
	if v == FOCUS13 {
		cols = append(cols, focus13Added...)
		slices.Sort(cols)
	}
	return append(cols, focusExtra...)
}

// WriteFOCUS writes focus.csv: one row per Usage charge.
//
// Every row's effective and billed costs are what was charged, and its list
// and contracted costs are its unit price × quantity, exactly (listcost.go).
// For spot compute the unit price is the spot price: FOCUS defines
// ListUnitPrice as the published price of the row's SKU price (SkuPriceId,
// here the spot meter), and list cost cannot measure the savings of
// interruptible resources, so spot rows have PricingCategory Dynamic and
// ListUnitPrice = ContractedUnitPrice = the time-weighted spot price
// actually charged. What spot saved against pay-as-you-go is
// x_PayAsYouGoCost − EffectiveCost (and savings_usd in summary.csv).
func WriteFOCUS(w io.Writer, res *sim.Result, rows []meter.Row, v FOCUSVersion) error {
	cols := FOCUSColumns(v)
	// Fields appended to one buffer (csvw): encoding/csv's Write was half
	// of this file's time.
	out := csvw.New(w, cols)
	idx := make(map[string]int, len(cols))
	for i, c := range cols {
		idx[c] = i
	}
	rec := make([]string, len(cols))
	set := func(col, val string) { rec[idx[col]] = val }
	for i := range rows {
		r := &rows[i]
		in := info(res, r)
		clear(rec)
		fillFOCUS(set, res, r, &in)
		if v == FOCUS13 {
			set("HostProviderName", "Microsoft")
			set("ServiceProviderName", "Microsoft")
		}
		for _, f := range rec {
			out.Str(f)
		}
		out.End()
	}
	return out.Flush()
}

// fillFOCUS sets a row's FOCUS 1.2 and x_ columns; the ones it leaves empty
// are null.
func fillFOCUS(set func(col, val string), res *sim.Result, r *meter.Row, in *rowInfo) {
	periodStart, periodEnd := billingMonth(r.Start)
	category, subcategory, service, pricingCat, sub := "Compute", "Virtual Machines", "Virtual Machines", "Standard", "Standard"
	if in.disk {
		category, subcategory, service = "Storage", "Block Storage", "Storage"
	} else if in.spot {
		pricingCat, sub = "Dynamic", "Spot"
	}
	cost := r.CostMicros.String()
	price := ratePrice(in.rate)
	paygUnit := scaled(price, unitScale)
	unit := paygUnit // regular VMs and disks are billed at the rate
	if in.spot {
		price = spotMean(r.Cost, r.Seconds)
		unit = scaled(price, unitScale)
	}
	list := listCost(price, focusQuantity(r.Seconds))
	qty := timefmt.Hours(r.Seconds)
	set("AvailabilityZone", in.pool.Zone) // null for a regional pool
	set("BilledCost", cost)
	set("BillingAccountId", in.tenant)
	set("BillingAccountName", in.tenant)
	set("BillingAccountType", "Billing Account")
	set("BillingCurrency", "USD")
	set("BillingPeriodEnd", periodEnd)
	set("BillingPeriodStart", periodStart)
	set("ChargeCategory", "Usage")
	set("ChargeDescription", in.meter+" for "+in.resourceName)
	set("ChargeFrequency", "Usage-Based")
	set("ChargePeriodEnd", timefmt.UTC(r.End))
	set("ChargePeriodStart", timefmt.UTC(r.Start))
	set("ConsumedQuantity", qty)
	set("ConsumedUnit", "Hours")
	set("ContractedCost", list)
	set("ContractedUnitPrice", unit)
	set("EffectiveCost", cost)
	set("InvoiceIssuerName", "Microsoft")
	set("ListCost", list)
	set("ListUnitPrice", unit)
	set("PricingCategory", pricingCat)
	set("PricingCurrency", "USD")
	set("PricingCurrencyContractedUnitPrice", unit)
	set("PricingCurrencyEffectiveCost", cost)
	set("PricingCurrencyListUnitPrice", unit)
	set("PricingQuantity", qty)
	set("PricingUnit", "Hours")
	set("ProviderName", "Microsoft")
	set("PublisherName", "Microsoft")
	set("RegionId", in.region)
	set("RegionName", regionNames(in.region).display)
	set("ResourceId", in.resourceID)
	set("ResourceName", in.resourceName)
	set("ResourceType", in.resourceType)
	set("ServiceCategory", category)
	set("ServiceName", service)
	set("ServiceSubcategory", subcategory)
	set("SkuId", in.sku)
	set("SkuMeter", in.meter)
	if !in.disk && in.pool.VCPUs > 0 {
		set("SkuPriceDetails", `{"CoreCount":`+strconv.FormatInt(in.pool.VCPUs, 10)+`}`)
	}
	set("SkuPriceId", in.sku+"/"+in.region+"/"+sub)
	set("SubAccountId", "/subscriptions/"+in.sub)
	set("SubAccountName", in.sub)
	set("SubAccountType", "Subscription")
	set("Tags", in.fleet.Tags)
	set("x_PricingSubcategory", sub)
	set("x_PayAsYouGoUnitPrice", paygUnit)
	set("x_PayAsYouGoCost", r.PAYGMicros.String())
	set("x_Scenario", res.Config.Name)
	set("x_Fleet", in.fleet.Name)
	if in.spot {
		set("x_Evictions", strconv.Itoa(r.Evictions))
	}
}
