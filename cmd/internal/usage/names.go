package usage

import "strings"

// MeterName is Azure's meter for a size, such as "D2s v5 Spot" for
// Standard_D2s_v5 on spot, "D2s v5" on pay-as-you-go.
func MeterName(sku string, spot bool) string {
	n := strings.ReplaceAll(strings.TrimPrefix(sku, "Standard_"), "_", " ")
	if spot {
		n += " Spot"
	}
	return n
}

// DiskMeter is the meter of a VM's disks (their whole per-hour charge).
const DiskMeter = "Managed Disks"

// ResourceID is the Azure Resource Manager id of a resource of kind
// (virtualMachineScaleSets, virtualMachines, disks) in a resource group.
func ResourceID(sub, group, kind, name string) string {
	return "/subscriptions/" + sub + "/resourceGroups/" + group + "/providers/Microsoft.Compute/" + kind + "/" + name
}
