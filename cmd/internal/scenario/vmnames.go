package scenario

import (
	"regexp"

	"gopkg.in/yaml.v3"

	"github.com/spotsim/spotsim/sim"
)

// A fleet's VM names: vm_names (dash: <prefix>-<n>, the default; scale_set:
// <prefix>_<n>, as Azure names scale-set instances) and vm_name_prefix (the
// fleet's name by default), so that handlers that derive a node name from
// the VM name (AKS: aks-<pool>-<id>-vmss_<n>) see the names they expect.

const vmPrefixFmt = "1 to 57 of A-Z a-z 0-9 _ . -, starting with a letter or digit, such as aks-spot-12345678-vmss"

var (
	vmNameStyles = []string{"dash", "scale_set"}
	isVMPrefix   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,56}$`).MatchString
)

// vmNames reads a fleet's naming keys into f and checks that no two fleets
// name their VMs alike. Names stay unique across fleets because the number
// is the name's trailing digits and the character before it the separator,
// so (prefix, separator) pairs that differ give names that differ.
func (d *decoder) vmNames(m map[string]*yaml.Node, path string, f *sim.Fleet, idx *fleetIndex) {
	at := m["name"]
	if v := m["vm_names"]; v != nil {
		i, _ := d.enum(v, path+".vm_names", vmNameStyles)
		f.ScaleSetNames, at = i == 1, v
	}
	if v := m["vm_name_prefix"]; v != nil {
		f.VMPrefix, _ = d.word(v, path+".vm_name_prefix", vmPrefixFmt, isVMPrefix)
		at = v
	}
	if f.Name == "" || at == nil {
		return
	}
	prefix, sep := f.VMNaming()
	key := prefix + string(sep)
	if idx.vmNames == nil {
		idx.vmNames = map[string]string{}
	}
	if other, dup := idx.vmNames[key]; dup {
		d.fail(deref(at), path+".vm_name_prefix", "names VMs %s<n>, as %s does; want VM names unique across fleets", key, other)
		return
	}
	idx.vmNames[key] = path
}
