package serve

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/spotsim/spotsim/sim"
)

// The instance document, GET /metadata/instance, shaped as the IMDS page's
// "Instance metadata" section: compute and network, every primitive a
// string, missing or inapplicable values "" ("In json responses, all
// primitives will be of type string, and missing or inapplicable values
// are always included but will be set to an empty string").
//
// What spotsim knows fills name, location, vmSize, zone, priority,
// evictionPolicy, vmScaleSetName, resourceGroupName (the scenario),
// subscriptionId (the fleet's subscription), tags and resourceId; vmId, the
// private IP and the MAC address are made up from the VM's index, stable
// from run to run; the rest are documented placeholders (docs/serve.md).

// computeField is one field of the compute section, with the api-version
// that introduced it (the page's "Version introduced" column): an older
// api-version does not show it, as on Azure.
type computeField struct {
	key, since string
	value      func(c *vmInfo) any
}

// vmInfo is what the instance document is made of, for one VM.
type vmInfo struct {
	name, location, size, priority, policy, scaleSet, group, subscription, resourceID, vmID, zone string
	computer                                                                                      string      // osProfile.computerName
	tags                                                                                          [][2]string // sorted by name
	index                                                                                         int
}

func str(f func(c *vmInfo) string) func(c *vmInfo) any { return func(c *vmInfo) any { return f(c) } }
func constant(v any) func(c *vmInfo) any               { return func(*vmInfo) any { return v } }

var computeFields = []computeField{
	{"azEnvironment", "2018-10-01", constant("AzurePublicCloud")},
	{"evictionPolicy", "2020-12-01", str(func(c *vmInfo) string { return c.policy })},
	{"isHostCompatibilityLayerVm", "2020-06-01", constant("false")},
	{"licenseType", "2020-09-01", constant("")},
	{"location", "2017-04-02", str(func(c *vmInfo) string { return c.location })},
	{"name", "2017-04-02", str(func(c *vmInfo) string { return c.name })},
	{"offer", "2017-04-02", constant("")},
	{"osProfile", "2020-07-15", func(c *vmInfo) any {
		return map[string]any{"adminUsername": "", "computerName": c.computer, "disablePasswordAuthentication": "true"}
	}},
	{"osType", "2017-04-02", constant("Linux")},
	{"placementGroupId", "2017-08-01", constant("")},
	{"platformFaultDomain", "2017-04-02", constant("0")},
	{"platformUpdateDomain", "2017-04-02", constant("0")},
	{"priority", "2020-12-01", str(func(c *vmInfo) string { return c.priority })},
	{"provider", "2018-10-01", constant("Microsoft.Compute")},
	{"publicKeys", "2018-04-02", constant([]any{})},
	{"publisher", "2017-04-02", constant("")},
	{"resourceGroupName", "2017-08-01", str(func(c *vmInfo) string { return c.group })},
	{"resourceId", "2019-03-11", str(func(c *vmInfo) string { return c.resourceID })},
	{"sku", "2017-04-02", constant("")},
	{"subscriptionId", "2017-08-01", str(func(c *vmInfo) string { return c.subscription })},
	{"tags", "2017-08-01", str(func(c *vmInfo) string { // "k1:v1;k2:v2", as the page's Sample 3
		var parts []string
		for _, t := range c.tags {
			parts = append(parts, t[0]+":"+t[1])
		}
		return strings.Join(parts, ";")
	})},
	{"tagsList", "2019-06-04", func(c *vmInfo) any {
		list := []any{}
		for _, t := range c.tags {
			list = append(list, map[string]any{"name": t[0], "value": t[1]})
		}
		return list
	}},
	{"userData", "2021-01-01", constant("")},
	{"version", "2017-04-02", constant("")},
	{"vmId", "2017-04-02", str(func(c *vmInfo) string { return c.vmID })},
	{"vmScaleSetName", "2017-12-01", str(func(c *vmInfo) string { return c.scaleSet })},
	{"vmSize", "2017-04-02", str(func(c *vmInfo) string { return c.size })},
	{"zone", "2017-12-01", str(func(c *vmInfo) string { return c.zone })},
}

func (s *Server) info(v int) *vmInfo {
	vr := s.res.VMs.At(v)
	f := &s.res.Config.Fleets[vr.Fleet]
	p := &s.res.Config.Pools[vr.Pool]
	c := &vmInfo{name: s.res.VMName(v), location: p.Region, size: p.SKU, priority: "Regular", group: s.res.Config.Name,
		subscription: s.opt.SubscriptionID, zone: p.Zone, index: v}
	if f.Tags != "" {
		var tags map[string]string
		if json.Unmarshal([]byte(f.Tags), &tags) == nil {
			for _, k := range slices.Sorted(maps.Keys(tags)) {
				c.tags = append(c.tags, [2]string{k, tags[k]})
			}
		}
	}
	if c.subscription == "" {
		c.subscription = f.Subscription
	}
	if c.subscription == "" {
		c.subscription = "00000000-0000-0000-0000-000000000000"
	}
	prefix, sep := f.VMNaming()
	c.scaleSet, c.computer = prefix, c.name
	if vr.Priority == sim.Spot {
		c.priority, c.policy = "Spot", map[sim.EvictionPolicy]string{sim.Deallocate: "Deallocate", sim.Delete: "Delete"}[f.Policy]
	}
	c.resourceID = fmt.Sprintf("/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Compute/virtualMachines/%s", c.subscription, c.group, c.name)
	if sep == '_' {
		// A scale-set instance's ID names the scale set and the instance.
		c.resourceID = fmt.Sprintf("/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Compute/virtualMachineScaleSets/%s/virtualMachines/%d",
			c.subscription, c.group, prefix, vr.Number)
		c.computer = scaleSetComputerName(prefix, int64(vr.Number))
	}
	h := fnv.New128a()
	fmt.Fprintf(h, "%s\x00%d\x00%s", s.res.Config.Name, s.res.Config.Seed, c.name)
	b := h.Sum(nil)
	b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80 // a version-4 UUID
	c.vmID = fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
	return c
}

// Instance is VM v's instance document under api-version version.
func (s *Server) Instance(v int, version string) map[string]any {
	c := s.info(v)
	compute := map[string]any{}
	for _, f := range computeFields {
		if version >= f.since {
			compute[f.key] = f.value(c)
		}
	}
	ip := make([]byte, 4)
	binary.BigEndian.PutUint32(ip, 10<<24+4+uint32(c.index)) // 10.0.0.4 on, as Azure gives a subnet's first address
	nic := map[string]any{
		"ipv4": map[string]any{
			"ipAddress": []any{map[string]any{"privateIpAddress": fmt.Sprintf("%d.%d.%d.%d", ip[0], ip[1], ip[2], ip[3]), "publicIpAddress": ""}},
			"subnet":    []any{map[string]any{"address": "10.0.0.0", "prefix": "8"}},
		},
		"ipv6":       map[string]any{"ipAddress": []any{}},
		"macAddress": fmt.Sprintf("000D3A%06X", c.index&0xffffff),
	}
	return map[string]any{"compute": compute, "network": map[string]any{"interface": []any{nic}}}
}

// instance answers /metadata/instance[/<key>/...]: route parameters walk
// into the document (the page's "Route parameters"); a leaf needs
// format=text, and format=text on an object lists its keys, one a line,
// with a / after those that are not leaves.
func (s *Server) instance(w http.ResponseWriter, r *http.Request, v int, rest string, q url.Values, version string) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		writeJSON(w, http.StatusMethodNotAllowed, imdsError{Error: "Method not allowed. IMDS instance metadata answers GET"})
		return
	}
	format := q.Get("format")
	if format != "" && format != "json" && format != "text" {
		writeJSON(w, http.StatusBadRequest, imdsError{Error: "Bad request. format: want json or text"})
		return
	}
	var node any = s.Instance(v, version)
	for seg := range strings.SplitSeq(strings.Trim(rest, "/"), "/") {
		if seg == "" {
			continue
		}
		switch n := node.(type) {
		case map[string]any:
			node = n[seg]
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(n) {
				node = nil
			} else {
				node = n[i]
			}
		default:
			node = nil
		}
		if node == nil {
			writeJSON(w, http.StatusNotFound, imdsError{Error: errNotFound})
			return
		}
	}
	leaf, isLeaf := node.(string)
	switch {
	case isLeaf && format != "text":
		writeJSON(w, http.StatusBadRequest, imdsError{Error: "Bad request. A leaf node needs format=text"})
	case isLeaf:
		writeText(w, leaf)
	case format == "text":
		writeText(w, listing(node))
	default:
		writeJSON(w, http.StatusOK, node)
	}
}

// listing is format=text on an object or array: its keys or indexes.
func listing(node any) string {
	var lines []string
	slash := func(v any) string {
		if _, leaf := v.(string); leaf {
			return ""
		}
		return "/"
	}
	switch n := node.(type) {
	case map[string]any:
		for k, v := range n {
			lines = append(lines, k+slash(v))
		}
		slices.Sort(lines)
	case []any:
		for i, v := range n {
			lines = append(lines, strconv.Itoa(i)+slash(v))
		}
	}
	return strings.Join(lines, "\n")
}

func writeText(w http.ResponseWriter, s string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	w.Write([]byte(s))
}

// scaleSetComputerName is a scale-set instance's computer name (its
// hostname, which AKS makes the node name): "of the form
// {computer-name-prefix}{base-36-instance-id}", the ID "always six digits
// in length", padded with zeros, so prefix "nsgvmss" and instance 85 give
// "nsgvmss00002D" (azure-docs, virtual-machine-scale-sets-instance-ids.md).
// The name prefix stands for the computer name prefix, which Azure lets
// differ from the scale set's name. Before, the computer name was the VM's
// name, nsgvmss_85, which no hostname can be (an underscore).
func scaleSetComputerName(prefix string, instance int64) string {
	id := strings.ToUpper(strconv.FormatInt(instance, 36))
	if len(id) < 6 {
		id = strings.Repeat("0", 6-len(id)) + id
	}
	return prefix + id
}
