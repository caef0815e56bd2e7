package scenario

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// azureEnum is enum for values Azure spells capitalised: the REST API and
// ARM templates write evictionPolicy "Deallocate" or "Delete" and priority
// "Spot" or "Regular", so a value copied from a template is accepted as
// well as spotsim's lower case. Anything else is still an error.
// https://learn.microsoft.com/azure/virtual-machines/spot-vms (eviction policy)
func (d *decoder) azureEnum(n *yaml.Node, path string, names []string) (int, bool) {
	var azure []string
	for _, s := range names {
		azure = append(azure, strings.ToUpper(s[:1])+s[1:])
	}
	want := oneOf(names) + " (or Azure's " + oneOf(azure) + ")"
	s, ok := d.word(n, path, want, func(s string) bool { return slices.Contains(names, s) || slices.Contains(azure, s) })
	if !ok {
		return -1, false
	}
	if i := slices.Index(azure, s); i >= 0 {
		return i, true
	}
	return slices.Index(names, s), true
}
