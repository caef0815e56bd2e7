package usage

// region is how Azure names a region in its cost files: the display name
// FOCUS RegionName and the FocusCost export write ("East US"), and the meter
// region of the price sheet and cost details ("US East"). Sources: the
// display names of `az account list-locations` (learn.microsoft.com, Azure
// geographies) and the location field of the Azure Retail Prices API
// (learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices).
type region struct{ display, meter string }

var regions = map[string]region{
	"eastus":             {"East US", "US East"},
	"eastus2":            {"East US 2", "US East 2"},
	"westus":             {"West US", "US West"},
	"westus2":            {"West US 2", "US West 2"},
	"westus3":            {"West US 3", "US West 3"},
	"centralus":          {"Central US", "US Central"},
	"northcentralus":     {"North Central US", "US North Central"},
	"southcentralus":     {"South Central US", "US South Central"},
	"westcentralus":      {"West Central US", "US West Central"},
	"canadacentral":      {"Canada Central", "CA Central"},
	"canadaeast":         {"Canada East", "CA East"},
	"brazilsouth":        {"Brazil South", "BR South"},
	"mexicocentral":      {"Mexico Central", "MX Central"},
	"northeurope":        {"North Europe", "EU North"},
	"westeurope":         {"West Europe", "EU West"},
	"uksouth":            {"UK South", "UK South"},
	"ukwest":             {"UK West", "UK West"},
	"francecentral":      {"France Central", "FR Central"},
	"germanywestcentral": {"Germany West Central", "DE West Central"},
	"swedencentral":      {"Sweden Central", "SE Central"},
	"switzerlandnorth":   {"Switzerland North", "CH North"},
	"norwayeast":         {"Norway East", "NO East"},
	"italynorth":         {"Italy North", "IT North"},
	"polandcentral":      {"Poland Central", "PL Central"},
	"spaincentral":       {"Spain Central", "ES Central"},
	"eastasia":           {"East Asia", "AP East"},
	"southeastasia":      {"Southeast Asia", "AP Southeast"},
	"japaneast":          {"Japan East", "JA East"},
	"japanwest":          {"Japan West", "JA West"},
	"koreacentral":       {"Korea Central", "KR Central"},
	"centralindia":       {"Central India", "IN Central"},
	"southindia":         {"South India", "IN South"},
	"australiaeast":      {"Australia East", "AU East"},
	"australiasoutheast": {"Australia Southeast", "AU Southeast"},
	"uaenorth":           {"UAE North", "AE North"},
	"southafricanorth":   {"South Africa North", "ZA North"},
	"qatarcentral":       {"Qatar Central", "QA Central"},
	"israelcentral":      {"Israel Central", "IL Central"},
}

// regionNames returns the display and meter names of a region id; a region
// spotsim does not know (a made-up one in a test scenario) is named by its id.
func regionNames(id string) region {
	if r, ok := regions[id]; ok {
		return r
	}
	return region{id, id}
}
