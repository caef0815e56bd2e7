package usage

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"spotsim/pricing"
	"spotsim/sim"
)

// UsageColumns are the columns of usage_hourly.csv and usage_daily.csv.
var UsageColumns = []string{"usage_start", "usage_end", "tenant", "subscription", "meter_category", "meter_name", "region",
	"quantity", "unit", "unit_price_usd", "cost_usd", "payg_cost_usd", "resource_group", "resource_id"}

func utc(unix int64) string { return time.Unix(unix, 0).UTC().Format(time.RFC3339) }

// hours writes seconds as hours with six places, rounded half up.
func hours(sec int64) string {
	micro := (sec%3600*1_000_000 + 1800) / 3600
	whole := sec / 3600
	if micro == 1_000_000 {
		whole, micro = whole+1, 0
	}
	return strconv.FormatInt(whole, 10) + "." + fmt.Sprintf("%06d", micro)
}

// unitPrice is the effective price per hour: cost over quantity, so a spot
// rate that changed inside the period gives its time-weighted mean.
func unitPrice(cost pricing.Accrued, sec int64) string {
	if sec == 0 {
		return ""
	}
	// Accrued is nano-dollar-seconds per hour: / seconds = nano-dollars per
	// hour; / 1000 more = micro-dollars per hour, rounded half up.
	return pricing.FormatMicros((int64(cost) + sec*500) / (sec * 1000))
}

type rowInfo struct {
	tenant, sub, category, meter, region, group, resourceID, resourceName, resourceType, sku string
	spot                                                                                     bool
	rate                                                                                     pricing.Price // list (pay-as-you-go) price per hour
}

func info(res *sim.Result, r *Row) rowInfo {
	f := &res.Config.Fleets[r.Fleet]
	p := &res.Config.Pools[r.Pool]
	in := rowInfo{tenant: f.Tenant, sub: f.Subscription, region: p.Region, group: f.Name, sku: p.SKU, spot: r.Meter == Compute}
	if r.Meter != Disk {
		in.category, in.meter, in.rate, in.resourceType = "Virtual Machines", MeterName(p.SKU, in.spot), p.PAYG, "Virtual machine"
	} else {
		in.category, in.meter, in.rate, in.resourceType, in.sku = "Storage", DiskMeter, f.DiskPrice, "Disk", "ManagedDisks"
	}
	if r.VM >= 0 {
		name := res.VMName(r.VM)
		if r.Meter != Disk {
			in.resourceName, in.resourceID = name, ResourceID(f.Subscription, f.Name, "virtualMachines", name)
		} else {
			in.resourceName, in.resourceID = name+"_disks", ResourceID(f.Subscription, f.Name, "disks", name+"_disks")
		}
	}
	return in
}

// WriteUsage writes usage_hourly.csv or usage_daily.csv from rows.
func WriteUsage(w io.Writer, res *sim.Result, rows []Row) error {
	cw := csv.NewWriter(w)
	cw.Write(UsageColumns)
	for i := range rows {
		r := &rows[i]
		in := info(res, r)
		cw.Write([]string{utc(r.Start), utc(r.End), in.tenant, in.sub, in.category, in.meter, in.region,
			hours(r.Seconds), "1 Hour", unitPrice(r.Cost, r.Seconds), pricing.FormatMicros(r.CostMicros),
			pricing.FormatMicros(r.PAYGMicros), in.group, in.resourceID})
	}
	cw.Flush()
	return cw.Error()
}

// FOCUSColumns: the 21 mandatory columns of FOCUS 1.2 in the
// specification's (alphabetical) order, then the conditional columns we
// fill, alphabetically, then our x_ columns. Source: FOCUS 1.2,
// focus.finops.org/focus-specification/v1-2 (column list; Microsoft's
// FocusCost 1.2 metadata lists the same names).
var FOCUSColumns = []string{
	"BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd",
	"BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargePeriodEnd",
	"ChargePeriodStart", "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost",
	"PricingQuantity", "PricingUnit", "ProviderName", "PublisherName", "ServiceCategory", "ServiceName",
	// conditional
	"ChargeFrequency", "ConsumedQuantity", "ConsumedUnit", "ContractedUnitPrice", "ListUnitPrice",
	"PricingCategory", "RegionId", "RegionName", "ResourceId", "ResourceName", "ResourceType",
	"ServiceSubcategory", "SkuId", "SkuPriceId", "SubAccountId", "SubAccountName", "Tags",
	// ours
	"x_PricingSubcategory", "x_Scenario", "x_Fleet", "x_Evictions",
}

// MandatoryFOCUS is how many of FOCUSColumns FOCUS 1.2 makes mandatory.
const MandatoryFOCUS = 21

// billingMonth is the calendar month (UTC) holding t: inclusive start,
// exclusive end.
func billingMonth(unix int64) (string, string) {
	t := time.Unix(unix, 0).UTC()
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	return first.Format(time.RFC3339), first.AddDate(0, 1, 0).Format(time.RFC3339)
}

// WriteFOCUS writes focus.csv: one row per Usage charge. List = pay-as-you-go,
// effective = billed = what was charged, so ListCost − EffectiveCost is what
// spot saved. Spot compute is PricingCategory Dynamic; the rest Standard.
func WriteFOCUS(w io.Writer, res *sim.Result, rows []Row) error {
	cw := csv.NewWriter(w)
	cw.Write(FOCUSColumns)
	for i := range rows {
		r := &rows[i]
		in := info(res, r)
		periodStart, periodEnd := billingMonth(r.Start)
		category, subcategory, service, pricingCat, sub := "Compute", "Virtual Machines", "Virtual Machines", "Standard", "Standard"
		if r.Meter == Disk {
			category, subcategory, service = "Storage", "Block Storage", "Storage"
		} else if in.spot {
			pricingCat, sub = "Dynamic", "Spot"
		}
		desc := in.meter + " for fleet " + in.group
		if in.resourceName != "" {
			desc = in.meter + " for " + in.resourceName
		}
		tags, _ := json.Marshal(map[string]string{"fleet": in.group, "scenario": res.Config.Name})
		list := pricing.FormatMicros(r.PAYGMicros)
		evictions := ""
		if in.spot {
			evictions = strconv.Itoa(r.Evictions)
		}
		cw.Write([]string{
			pricing.FormatMicros(r.CostMicros), in.tenant, in.tenant, "USD", periodEnd,
			periodStart, "Usage", "", desc, utc(r.End),
			utc(r.Start), list, pricing.FormatMicros(r.CostMicros), "Microsoft", list,
			hours(r.Seconds), "Hours", "Microsoft", "Microsoft", category, service,
			"Usage-Based", hours(r.Seconds), "Hours", in.rate.USD6(), in.rate.USD6(),
			pricingCat, in.region, in.region, in.resourceID, in.resourceName, nullIf(in.resourceID == "", in.resourceType),
			subcategory, in.sku, in.sku + "/" + sub, in.sub, in.sub, string(tags),
			sub, res.Config.Name, in.group, evictions,
		})
	}
	cw.Flush()
	return cw.Error()
}

func nullIf(null bool, s string) string {
	if null {
		return ""
	}
	return s
}

// Metadata is focus_metadata.json, FOCUS's sidecar describing the dataset.
type Metadata struct {
	FocusVersion  string `json:"FocusVersion"`
	DataGenerator string `json:"DataGenerator"`
	CreationDate  string `json:"CreationDate"`
	Scenario      string `json:"x_Scenario"`
	Granularity   string `json:"x_Granularity"`
}

// WriteMetadata writes focus_metadata.json. The creation date is the
// scenario's start, not the wall clock, so the same run gives the same bytes.
func WriteMetadata(w io.Writer, res *sim.Result, start time.Time, generator string, byResource bool) error {
	g := "one row per fleet, meter and UTC day"
	if byResource {
		g = "one row per resource (VM compute, VM disks) and UTC day"
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(Metadata{FocusVersion: "1.2", DataGenerator: generator, CreationDate: start.UTC().Format(time.RFC3339),
		Scenario: res.Config.Name, Granularity: g})
}
