package usage

import (
	"encoding/csv"
	"io"

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
func WriteUsage(w io.Writer, res *sim.Result, rows []meter.Row) error {
	cw := csv.NewWriter(w)
	cw.Write(UsageColumns)
	for i := range rows {
		r := &rows[i]
		in := info(res, r)
		// A per-fleet row leaves resource_id empty: the scale set's id on
		// every hourly row would double B1's largest file for no
		// information (the fleet is resource_group's scale set).
		id := in.resourceID
		if r.VM < 0 {
			id = ""
		}
		cw.Write([]string{timefmt.UTC(r.Start), timefmt.UTC(r.End), in.tenant, in.sub, in.category, in.meter, in.region,
			timefmt.Hours(r.Seconds), "1 Hour", unitPrice(r.Cost, r.Seconds), r.CostMicros.String(),
			r.PAYGMicros.String(), in.group, id})
	}
	cw.Flush()
	return cw.Error()
}
