package usage

import (
	"crypto/sha1"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spotsim/spotsim/cmd/internal/csvw"
	"github.com/spotsim/spotsim/cmd/internal/timefmt"
	"github.com/spotsim/spotsim/sim"
	"github.com/spotsim/spotsim/sim/meter"
)

// AzureSchema is one of Azure's cost-details file schemas.
type AzureSchema uint8

const (
	// AzureEA is the Enterprise Agreement cost and usage details file,
	// version 2024-08-01 (57 columns).
	AzureEA AzureSchema = iota
	// AzureMCA is the Microsoft Customer Agreement cost and usage details
	// file, version 2023-12-01-preview (65 columns).
	AzureMCA
)

// EAColumns are the EA file's columns, in Azure's order and casing:
// MicrosoftDocs/azure-docs articles/cost-management-billing/dataset-schema/
// cost-usage-details-ea.md, "Version 2024-08-01".
var EAColumns = []string{
	"InvoiceSectionName", "AccountName", "AccountOwnerId", "SubscriptionId", "SubscriptionName", "ResourceGroup",
	"ResourceLocation", "Date", "ProductName", "MeterCategory", "MeterSubCategory", "MeterId", "MeterName",
	"MeterRegion", "UnitOfMeasure", "Quantity", "EffectivePrice", "CostInBillingCurrency", "CostCenter",
	"ConsumedService", "ResourceId", "Tags", "OfferId", "AdditionalInfo", "ServiceInfo1", "ServiceInfo2",
	"ResourceName", "ReservationId", "ReservationName", "UnitPrice", "ProductOrderId", "ProductOrderName", "Term",
	"PublisherType", "PublisherName", "ChargeType", "Frequency", "PricingModel", "AvailabilityZone",
	"BillingAccountId", "BillingAccountName", "BillingCurrencyCode", "BillingPeriodStartDate",
	"BillingPeriodEndDate", "BillingProfileId", "BillingProfileName", "InvoiceSectionId", "IsAzureCreditEligible",
	"PartNumber", "PayGPrice", "PlanName", "ServiceFamily", "CostAllocationRuleName", "benefitId", "benefitName",
	"AccountId", "ResourceLocationNormalized",
}

// MCAColumns are the MCA file's columns, in Azure's order and casing:
// MicrosoftDocs/azure-docs articles/cost-management-billing/dataset-schema/
// cost-usage-details-mca.md, "Version 2023-12-01-preview".
var MCAColumns = []string{
	"invoiceId", "previousInvoiceId", "billingAccountId", "billingAccountName", "billingProfileId",
	"billingProfileName", "invoiceSectionId", "invoiceSectionName", "resellerName", "resellerMpnId", "costCenter",
	"billingPeriodEndDate", "billingPeriodStartDate", "servicePeriodEndDate", "servicePeriodStartDate", "date",
	"serviceFamily", "productOrderId", "productOrderName", "consumedService", "meterId", "meterName",
	"meterCategory", "meterSubCategory", "meterRegion", "ProductId", "ProductName", "SubscriptionId",
	"subscriptionName", "publisherType", "publisherId", "publisherName", "resourceGroupName", "ResourceId",
	"resourceLocation", "location", "effectivePrice", "quantity", "unitOfMeasure", "chargeType", "billingCurrency",
	"pricingCurrency", "costInBillingCurrency", "costInPricingCurrency", "costInUsd", "paygCostInBillingCurrency",
	"paygCostInUsd", "exchangeRatePricingToBilling", "exchangeRateDate", "isAzureCreditEligible", "serviceInfo1",
	"serviceInfo2", "additionalInfo", "tags", "PayGPrice", "frequency", "term", "reservationId", "reservationName",
	"pricingModel", "unitPrice", "costAllocationRuleName", "benefitId", "benefitName", "provider",
}

// Columns are the schema's columns.
func (s AzureSchema) Columns() []string {
	if s == AzureMCA {
		return MCAColumns
	}
	return EAColumns
}

// azureDate is how Azure's cost-details files write dates: MM/dd/yyyy.
func azureDate(unix int64) string { return time.Unix(unix, 0).UTC().Format("01/02/2006") }

// meterID is a stable, made-up meter GUID (a name-based UUID, version 5
// layout, from the meter's region and name): spotsim has no access to
// Azure's meter catalogue, and the same meter gets the same id in every
// file and run.
func meterID(region, meter string) string {
	h := sha1.Sum([]byte("spotsim meter " + region + "/" + meter))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// meterSubCategory is the VM series of a size as Azure's meters name it,
// "Dsv5 Series" for Standard_D2s_v5: the family letters, the feature
// letters after the vCPU count, and the version.
func meterSubCategory(sku string) string {
	parts := strings.Split(strings.TrimPrefix(sku, "Standard_"), "_")
	var b strings.Builder
	for _, c := range parts[0] {
		if c < '0' || c > '9' {
			b.WriteRune(c)
		}
	}
	for _, p := range parts[1:] {
		b.WriteString(p)
	}
	return b.String() + " Series"
}

// WriteAzure writes a daily cost-details file in Azure's schema s, one row
// per daily usage row (per fleet, or per resource with --usage-by-resource).
//
// Actual and amortized cost files are the same here: spotsim models no
// reservations or savings plans, the only charges amortized cost spreads.
// Spot usage has PricingModel Spot; UnitPrice and EffectivePrice are the
// time-weighted spot price charged, PayGPrice the pay-as-you-go price.
func WriteAzure(w io.Writer, res *sim.Result, rows []meter.Row, s AzureSchema) error {
	cols := s.Columns()
	// Fields appended to one buffer (csvw): encoding/csv's Write was half
	// of this file's time.
	out := csvw.New(w, cols)
	idx := make(map[string]int, len(cols))
	for i, c := range cols {
		idx[strings.ToLower(c)] = i
	}
	rec := make([]string, len(cols))
	// set fills a column by its name in either schema (their names differ
	// in case only); a column the schema lacks is skipped. The names are
	// literals, so each is lowered once, not once a row.
	at := map[string]int{}
	set := func(col, val string) {
		i, ok := at[col]
		if !ok {
			i, ok = idx[strings.ToLower(col)]
			if !ok {
				i = -1
			}
			at[col] = i
		}
		if i >= 0 {
			rec[i] = val
		}
	}
	meterIDs := map[[2]string]string{} // a meter's id, hashed once
	var day int64
	var periodStart, periodEnd, date string
	for i := range rows {
		r := &rows[i]
		in := info(res, r)
		clear(rec)
		if r.Start != day || date == "" {
			// Rows of one day share its dates.
			day = r.Start
			from, to := billingMonth(r.Start)
			ft, _ := time.Parse(time.RFC3339, from)
			tt, _ := time.Parse(time.RFC3339, to)
			periodStart, periodEnd, date = azureDate(ft.Unix()), azureDate(tt.Unix()-86400), azureDate(r.Start)
		}
		names := regionNames(in.region)
		cost := r.CostMicros.String()
		unit := in.rate.USD6()
		model, sub, family, consumed, product := "On Demand", "", "Compute", "Microsoft.Compute", in.meter
		if in.spot {
			unit, model = unitPrice(r.Cost, r.Seconds), "Spot"
		}
		if in.disk {
			sub, family, product = DiskMeter, "Storage", "Managed Disks"
		} else {
			sub = meterSubCategory(in.sku)
			product = "Virtual Machines " + sub + " - " + in.meter
			set("AdditionalInfo", `{"ServiceType":"`+in.sku+`","VCPUs":`+strconv.FormatInt(in.pool.VCPUs, 10)+`}`)
		}
		publisherType := "Azure"
		if s == AzureMCA {
			publisherType = "Microsoft"
		}
		set("AccountName", in.tenant)
		set("AccountId", in.tenant)
		set("SubscriptionId", in.sub)
		set("SubscriptionName", in.sub)
		set("ResourceGroup", in.group)
		set("resourceGroupName", in.group)
		set("ResourceLocation", in.region)
		set("ResourceLocationNormalized", in.region)
		set("location", names.meter)
		set("Date", date)
		set("ProductName", product)
		set("MeterCategory", in.category)
		set("MeterSubCategory", sub)
		id, ok := meterIDs[[2]string{in.region, in.meter}]
		if !ok {
			id = meterID(in.region, in.meter)
			meterIDs[[2]string{in.region, in.meter}] = id
		}
		set("MeterId", id)
		set("MeterName", in.meter)
		set("MeterRegion", names.meter)
		set("UnitOfMeasure", "1 Hour")
		set("Quantity", timefmt.Hours(r.Seconds))
		set("EffectivePrice", unitPrice(r.Cost, r.Seconds))
		set("CostInBillingCurrency", cost)
		set("costInPricingCurrency", cost)
		set("costInUsd", cost)
		set("paygCostInBillingCurrency", r.PAYGMicros.String())
		set("paygCostInUsd", r.PAYGMicros.String())
		set("exchangeRatePricingToBilling", "1")
		set("exchangeRateDate", periodStart)
		set("ConsumedService", consumed)
		set("ResourceId", in.resourceID)
		set("Tags", in.fleet.Tags)
		if s == AzureEA {
			set("OfferId", "MS-AZR-0017P") // the EA offer
		}
		set("ResourceName", in.resourceName)
		set("UnitPrice", unit)
		set("PublisherType", publisherType)
		set("PublisherName", "Microsoft")
		set("ChargeType", "Usage")
		set("Frequency", "UsageBased")
		set("PricingModel", model)
		set("BillingAccountId", in.tenant)
		set("BillingAccountName", in.tenant)
		set("BillingCurrencyCode", "USD")
		set("billingCurrency", "USD")
		set("pricingCurrency", "USD")
		set("BillingPeriodStartDate", periodStart)
		set("BillingPeriodEndDate", periodEnd)
		set("servicePeriodStartDate", periodStart)
		set("servicePeriodEndDate", periodEnd)
		set("BillingProfileId", in.tenant)
		set("BillingProfileName", in.tenant)
		set("IsAzureCreditEligible", "True")
		set("PayGPrice", in.rate.USD6())
		set("ServiceFamily", family)
		set("provider", "Azure")
		for _, f := range rec {
			out.Str(f)
		}
		out.End()
	}
	return out.Flush()
}
