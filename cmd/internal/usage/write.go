package usage

import (
	"io"
	"time"

	"github.com/spotsim/spotsim/cmd/internal/csvw"
	"github.com/spotsim/spotsim/cmd/internal/timefmt"
	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
	"github.com/spotsim/spotsim/sim/meter"
)

// UsageColumns are the columns of usage_hourly.csv and usage_daily.csv.
var UsageColumns = []string{"usage_start", "usage_end", "tenant", "subscription", "meter_category", "meter_name", "region",
	"quantity", "unit", "unit_price_usd", "cost_usd", "payg_cost_usd", "resource_group", "resource_id"}

// unitPrice is the effective price per hour: cost over quantity, so a spot
// rate that changed inside the period gives its time-weighted mean.
func unitPrice(cost pricing.Accrued, sec int64) string {
	if sec == 0 {
		return ""
	}
	// Accrued is nano-dollar-seconds per hour: / seconds = nano-dollars per
	// hour; / 1000 more = micro-dollars per hour, rounded half up.
	return cost.DivRound(sec * 1000).String()
}

type rowInfo struct {
	tenant, sub, category, meter, region, group, resourceID, resourceName, resourceType, sku string
	spot, disk                                                                               bool
	rate                                                                                     pricing.Price // the meter's pay-as-you-go price per hour
	fleet                                                                                    *sim.Fleet
	pool                                                                                     *sim.Pool
}

// info names what a row bills. Every fleet is a virtual machine scale set in
// one resource group per scenario, named after the scenario; a per-fleet
// row is the scale set's, a per-resource row the VM's (compute) or its
// disks'. Resource ids follow Azure Resource Manager's form
// /subscriptions/<sub>/resourceGroups/<rg>/providers/<namespace>/<type>/<name>.
func info(res *sim.Result, r *meter.Row) rowInfo {
	f := &res.Config.Fleets[r.Fleet]
	p := &res.Config.Pools[r.Pool]
	in := rowInfo{tenant: f.Tenant, sub: f.Subscription, region: p.Region, group: res.Config.Name, sku: p.SKU,
		spot: r.Meter == meter.Compute, disk: r.Meter == meter.Disk, fleet: f, pool: p}
	if r.Meter != meter.Disk {
		in.category, in.meter, in.rate = "Virtual Machines", MeterName(p.SKU, in.spot), p.PAYG
	} else {
		in.category, in.meter, in.rate, in.sku = "Storage", DiskMeter, f.DiskPrice, "ManagedDisks"
	}
	switch {
	case r.VM < 0:
		// The scale set is named as its VMs' prefix (the fleet's name unless
		// vm_name_prefix says otherwise), as spotsim serve's vmScaleSetName.
		vmss, _ := f.VMNaming()
		in.resourceName, in.resourceType = vmss, "Virtual machine scale set"
		in.resourceID = ResourceID(f.Subscription, in.group, "virtualMachineScaleSets", vmss)
	case r.Meter != meter.Disk:
		in.resourceName, in.resourceType = res.VMName(r.VM), "Virtual machine"
		in.resourceID = ResourceID(f.Subscription, in.group, "virtualMachines", in.resourceName)
	default:
		in.resourceName, in.resourceType = res.VMName(r.VM)+"_disks", "Disk"
		in.resourceID = ResourceID(f.Subscription, in.group, "disks", in.resourceName)
	}
	return in
}

// WriteUsage writes usage_hourly.csv or usage_daily.csv from rows.
//
// A per-fleet row's text (tenant, subscription, meter, region) is quoted
// once for its fleet, pool and meter, and the fields are appended to one
// buffer: encoding/csv's []string per row, with its strings, was most of
// the time spent writing B1's 700,000 hourly rows (issue 22).
func WriteUsage(w io.Writer, res *sim.Result, rows []meter.Row) error {
	out := csvw.New(w, UsageColumns)
	texts := map[[3]int]*usageText{}
	var start, end timeText
	var num []byte
	for i := range rows {
		r := &rows[i]
		var t *usageText
		if r.VM < 0 {
			k := [3]int{r.Fleet, r.Pool, int(r.Meter)}
			if t = texts[k]; t == nil {
				t = newUsageText(res, r)
				texts[k] = t
			}
		} else {
			t = newUsageText(res, r)
		}
		out.Bytes(start.at(r.Start))
		out.Bytes(end.at(r.End))
		out.Raw(t.tenant)
		out.Raw(t.sub)
		out.Raw(t.category)
		out.Raw(t.meter)
		out.Raw(t.region)
		num = timefmt.AppendHours(num[:0], r.Seconds)
		out.Bytes(num)
		out.Raw("1 Hour")
		if r.Seconds == 0 {
			out.Raw("")
		} else {
			// As unitPrice: micro-dollars per hour, rounded half up.
			out.Micros(r.Cost.DivRound(r.Seconds * 1000))
		}
		out.Micros(r.CostMicros)
		out.Micros(r.PAYGMicros)
		out.Raw(t.group)
		out.Raw(t.id)
		out.End()
	}
	return out.Flush()
}

// usageText is a usage row's text, each field quoted as CSV wants it.
type usageText struct{ tenant, sub, category, meter, region, group, id string }

func newUsageText(res *sim.Result, r *meter.Row) *usageText {
	in := info(res, r)
	// A per-fleet row names its scale set, as FOCUS ResourceId and Azure's
	// ResourceId do: SPEC R12 meters usage per resource, and two fleets of
	// one pool in one subscription are two resources whose rows an empty
	// id left indistinguishable.
	q := csvw.Quote
	return &usageText{q(in.tenant), q(in.sub), q(in.category), q(in.meter), q(in.region), q(in.group), q(in.resourceID)}
}

// timeText formats Unix times as RFC 3339 UTC, remembering the last one: a
// fleet's rows come period after period.
type timeText struct {
	last int64
	text []byte
}

func (s *timeText) at(unix int64) []byte {
	if s.text == nil || unix != s.last {
		s.last = unix
		s.text = time.Unix(unix, 0).UTC().AppendFormat(s.text[:0], time.RFC3339)
	}
	return s.text
}
