package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"spotsim/pricing"
	"spotsim/sim"
)

// Defaults for keys a scenario may leave out.
const (
	DefaultSeed    uint64 = 1
	DefaultNotice  int64  = 30 // seconds (R8)
	DefaultOffer          = "pay_as_you_go"
	DefaultVictims        = sim.VictimsRandom
)

// DefaultTimings are the transition durations, in seconds, of a scenario
// without `timings`. They are rough typical Azure figures, not measured
// ones; the example and acceptance scenarios set them all to 0 so that their
// figures are easy to check by hand.
var DefaultTimings = sim.Timings{Create: 60, Start: 30, Stop: 15, Deallocate: 30, Delete: 30}

// Limits beyond which a value is surely a typo and would only exhaust
// memory or overflow a sum of vCPUs.
const (
	maxCount = 1_000_000 // VMs in one fleet
	maxVCPUs = 10_000    // per VM
)

// Offers are the Azure offer types a scenario may name (R10).
var Offers = []string{"enterprise_agreement", "pay_as_you_go", "sponsored", "csp", "benefits", "free_trial"}

// CSPWarning is the warning of a CSP scenario with spot fleets (R10).
const CSPWarning = "CSP: spot availability depends on your partner (R10)"

const nameFmt = "a name matching [a-z0-9_-]+"

var (
	isName = regexp.MustCompile(`^[a-z0-9_-]+$`).MatchString
	// ident is what a region or size may hold: every Azure name fits, and
	// a stray space or quote is caught here rather than as a missing pool.
	ident  = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`).MatchString
	hexSHA = regexp.MustCompile(`^[0-9a-fA-F]{64}$`).MatchString
)

var (
	topKeys    = []string{"version", "spotsim_version", "name", "start", "horizon", "seed", "replications", "notice", "timings", "victims", "offer", "billing", "pools", "quota", "fleets", "actions"}
	timingKeys = []string{"create", "start", "stop", "deallocate", "delete"}
	poolKeys   = []string{"region", "sku", "vcpus", "payg_price", "spot_price", "capacity", "eviction_rate", "hazard"}
	quotaKeys  = []string{"region", "spot_vcpus", "regular_vcpus"}
	fleetKeys  = []string{"name", "region", "sku", "count", "priority", "max_price", "eviction_policy", "disk_price", "create_at", "after_eviction", "tenant", "subscription", "workload", "regular_base", "regular_percent_above_base", "fallback"}
	actionKeys = []string{"at", "fleet", "vm", "op", "max_price", "count"}
)

// Scenario is a decoded, validated scenario file.
type Scenario struct {
	Config sim.Config
	// Replications is how many seeds `spotsim run` runs (ReplicationSeed).
	Replications int
	Start        time.Time // UTC
	Offer        string    // one of Offers
	Warnings     []string
	// name is the file name the scenario was parsed under, for the
	// resolved file's header.
	name string
	// sources records the trace file behind each pool's series, so the
	// resolved file names the file rather than inlining its points.
	sources map[source]traceRef
}

type source struct {
	pool pricing.Pool
	kind pricing.Kind
}

// Load reads a scenario file; trace paths in it resolve against the file's
// own folder.
func Load(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parse(path, data, diskTraces(filepath.Dir(path)))
}

// diskTraces reads trace files and folders relative to dir.
func diskTraces(dir string) traceCache {
	resolve := func(rel string) string {
		p := filepath.FromSlash(rel)
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		return p
	}
	return traceCache{
		open: func(rel string) ([]byte, error) { return os.ReadFile(resolve(rel)) },
		openDir: func(rel string) (fs.FS, error) {
			p := resolve(rel)
			if st, err := os.Stat(p); err != nil {
				return nil, err
			} else if !st.IsDir() {
				return nil, fmt.Errorf("not a folder")
			}
			return os.DirFS(p), nil
		},
		files: map[string]*traceFile{},
	}
}

// Parse decodes a scenario. name is the file name its errors carry; open
// reads a trace file given its path as written in the scenario. Every
// problem found is returned, as Errors.
func Parse(name string, data []byte, open func(rel string) ([]byte, error)) (*Scenario, error) {
	return parse(name, data, traceCache{open: open, files: map[string]*traceFile{}})
}

func parse(name string, data []byte, traces traceCache) (*Scenario, error) {
	root, err := parseYAML(name, data)
	if err != nil {
		return nil, err
	}
	d := &decoder{file: name, traces: traces}
	s := d.scenario(root)
	if len(d.errs) > 0 {
		return nil, d.errs
	}
	s.name = name
	return s, nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAML reads exactly one YAML document into a node tree.
func parseYAML(name string, data []byte) (root *yaml.Node, err error) {
	// yaml.v3 has panicked on some malformed input in the past; a scenario
	// file is user input, so that is a bad file, not a crash.
	defer func() {
		if r := recover(); r != nil {
			root, err = nil, Errors{&Error{File: name, Err: fmt.Errorf("not valid YAML (%v)", r)}}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, Errors{&Error{File: name, Err: errors.New("empty; want a mapping with name, start, horizon, pools and fleets")}}
		}
		return nil, Errors{yamlError(name, err)}
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		return nil, Errors{&Error{File: name, Line: next.Line, Column: next.Column, Err: errors.New("holds a second YAML document; want one")}}
	case err != io.EOF:
		return nil, Errors{yamlError(name, err)}
	}
	if len(doc.Content) == 0 {
		return nil, Errors{&Error{File: name, Err: errors.New("empty; want a mapping with name, start, horizon, pools and fleets")}}
	}
	return doc.Content[0], nil
}

func yamlError(name string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{File: name, Line: line, Err: fmt.Errorf("not valid YAML: %s", m[2])}
	}
	return &Error{File: name, Err: fmt.Errorf("not valid YAML: %s", msg)}
}

// window is the scenario's time span in Unix seconds, which trace files are
// cut to; nil while start or horizon is invalid.
type window struct{ start, end int64 }

func (d *decoder) scenario(root *yaml.Node) *Scenario {
	m := d.fields(root, "", topKeys...)
	if m == nil {
		return nil
	}
	s := &Scenario{
		Config: sim.Config{
			Seed:    DefaultSeed,
			Notice:  sim.NoticeLead{Min: DefaultNotice, Max: DefaultNotice},
			Timings: DefaultTimings,
			Victims: DefaultVictims,
			Billing: sim.AzureBilling,
		},
		Offer:   DefaultOffer,
		sources: map[source]traceRef{},
	}
	c := &s.Config
	if v := m["version"]; v != nil {
		d.integer(v, "version", 1, 1, "1, the only scenario version")
	}
	if v := m["spotsim_version"]; v != nil {
		d.scalar(v, "spotsim_version", "a version string")
	}
	if v := d.require(m, root, "", "name", nameFmt); v != nil {
		c.Name, _ = d.word(v, "name", nameFmt, isName)
	}
	startOK, horizonOK := false, false
	if v := d.require(m, root, "", "start", "an RFC 3339 time in UTC such as 2026-01-05T00:00:00Z"); v != nil {
		s.Start, startOK = d.start(v)
	}
	if v := d.require(m, root, "", "horizon", "a duration > 0 such as 36h or 7d"); v != nil {
		c.Horizon, horizonOK = d.duration(v, "horizon", 1, anyLength, "a duration > 0 such as 36h or 7d")
	}
	var win *window
	if startOK && horizonOK {
		win = &window{start: s.Start.Unix(), end: s.Start.Unix() + c.Horizon}
	}
	// Offsets must fall inside the horizon; while the horizon is unknown,
	// any offset passes so that one bad key gives one error.
	within := int64(anyLength)
	if horizonOK {
		within = c.Horizon
	}
	if v := m["seed"]; v != nil {
		n := deref(v)
		seed, err := strconv.ParseUint(n.Value, 10, 64)
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || err != nil {
			d.reject(n, "seed", "a whole number from 0 to 18446744073709551615")
		} else {
			c.Seed = seed
		}
	}
	s.Replications = 1
	if v := m["replications"]; v != nil {
		r, _ := d.integer(v, "replications", 1, 10_000, "a whole number of seeds to run, from 1 to 10000")
		s.Replications = max(1, int(r))
	}
	if v := m["notice"]; v != nil {
		c.Notice = d.notice(v)
	}
	if v := m["timings"]; v != nil {
		d.timings(v, &c.Timings)
	}
	if v := m["victims"]; v != nil {
		if i, ok := d.enum(v, "victims", victimNames()); ok {
			c.Victims = sim.VictimPolicy(i)
		}
	}
	var offer *yaml.Node
	if v := m["offer"]; v != nil {
		if i, ok := d.enum(v, "offer", Offers); ok {
			s.Offer, offer = Offers[i], v
		}
	}
	if v := m["billing"]; v != nil {
		d.billing(v, &c.Billing)
	}
	pools := d.pools(d.require(m, root, "", "pools", "a list of pools"), s, win)
	if v := m["quota"]; v != nil {
		c.Quotas = d.quotas(v)
	}
	fleets := d.fleets(d.require(m, root, "", "fleets", "a list of fleets"), s, pools, within)
	if v := m["actions"]; v != nil {
		c.Actions = d.actions(v, c, fleets, within)
	}
	d.offer(s, offer)
	return s
}

func victimNames() []string {
	return []string{sim.VictimsRandom.String(), sim.VictimsNewest.String(), sim.VictimsOldest.String()}
}

// start reads the scenario start: RFC 3339 with Z, in whole seconds, since
// every time in the simulation is whole seconds from it.
func (d *decoder) start(n *yaml.Node) (time.Time, bool) {
	const want = "an RFC 3339 time in UTC in whole seconds, such as 2026-01-05T00:00:00Z"
	s, ok := d.scalar(n, "start", want)
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil || !strings.HasSuffix(s, "Z") || t.Nanosecond() != 0 {
		d.reject(n, "start", want)
		return time.Time{}, false
	}
	return t.UTC(), true
}

// notice reads the notice lead (R8): one duration, or a {min, max} range
// drawn per notice.
func (d *decoder) notice(n *yaml.Node) sim.NoticeLead {
	const want = "a duration >= 0 such as 30s"
	lead := sim.NoticeLead{Min: DefaultNotice, Max: DefaultNotice}
	if deref(n).Kind != yaml.MappingNode {
		if v, ok := d.duration(n, "notice", 0, anyLength, want); ok {
			lead = sim.NoticeLead{Min: v, Max: v}
		}
		return lead
	}
	m := d.fields(n, "notice", "min", "max")
	lo := d.require(m, n, "notice", "min", want)
	hi := d.require(m, n, "notice", "max", want)
	if lo == nil || hi == nil {
		return lead
	}
	minV, ok1 := d.duration(lo, "notice.min", 0, anyLength, want)
	maxV, ok2 := d.duration(hi, "notice.max", 0, anyLength, want)
	if !ok1 || !ok2 {
		return lead
	}
	if maxV < minV {
		d.fail(deref(hi), "notice.max", "%s is less than notice.min %s; want max >= min", formatDuration(maxV), formatDuration(minV))
		return lead
	}
	return sim.NoticeLead{Min: minV, Max: maxV}
}

func (d *decoder) timings(n *yaml.Node, t *sim.Timings) {
	m := d.fields(n, "timings", timingKeys...)
	for i, p := range []*int64{&t.Create, &t.Start, &t.Stop, &t.Deallocate, &t.Delete} {
		if v := m[timingKeys[i]]; v != nil {
			if secs, ok := d.duration(v, "timings."+timingKeys[i], 0, anyLength, "a duration >= 0 such as 30s"); ok {
				*p = secs
			}
		}
	}
}

// billing overrides rows of Azure's billing table (R1, R2).
func (d *decoder) billing(n *yaml.Node, b *sim.Billing) {
	states := sim.StateNames()
	m := d.fields(n, "billing", states...)
	for i, name := range states {
		v := m[name]
		if v == nil {
			continue
		}
		path := "billing." + name
		row := d.fields(v, path, "compute", "disk")
		if c := row["compute"]; c != nil {
			if on, ok := d.boolean(c, path+".compute"); ok {
				b[i].Compute = on
			}
		}
		if k := row["disk"]; k != nil {
			if on, ok := d.boolean(k, path+".disk"); ok {
				b[i].Disk = on
			}
		}
	}
}

// poolIndex maps a pool to its index in Config.Pools, and lists the pools a
// fleet could have meant.
type poolIndex struct {
	byKey     map[pricing.Pool]int
	names     []string
	spotGiven []bool // whether the pool has a spot_price key, valid or not
}

func (d *decoder) pools(n *yaml.Node, s *Scenario, win *window) poolIndex {
	idx := poolIndex{byKey: map[pricing.Pool]int{}}
	if n == nil {
		return idx
	}
	for i, item := range d.list(n, "pools", "a list of pools") {
		path := index("pools", i)
		m := d.fields(item, path, poolKeys...)
		if m == nil {
			continue
		}
		var p sim.Pool
		ok := true
		region, sku := d.require(m, item, path, "region", "a region such as eastus"), d.require(m, item, path, "sku", "a VM size such as Standard_D2s_v5")
		if region != nil {
			p.Region, _ = d.word(region, path+".region", "a region such as eastus", ident)
		}
		if sku != nil {
			p.SKU, _ = d.word(sku, path+".sku", "a VM size such as Standard_D2s_v5", ident)
		}
		key := pricing.Pool{Region: p.Region, SKU: p.SKU}
		if p.Region == "" || p.SKU == "" {
			ok = false
		} else if prev, dup := idx.byKey[key]; dup {
			d.fail(deref(sku), path, "pool %s is already defined by pools[%d]; want each region and sku once", key, prev)
			ok = false
		}
		if v := d.require(m, item, path, "vcpus", "a whole number of vCPUs > 0"); v != nil {
			p.VCPUs, _ = d.integer(v, path+".vcpus", 1, maxVCPUs, fmt.Sprintf("a whole number of vCPUs from 1 to %d", maxVCPUs))
		}
		if v := d.require(m, item, path, "payg_price", "the pay-as-you-go price in USD per hour, such as 0.096"); v != nil {
			p.PAYG, _ = d.price(v, path+".payg_price", func(p pricing.Price) bool { return p > 0 }, "a decimal > 0 in USD per hour with at most 9 decimal places, such as 0.096")
		}
		if v := m["spot_price"]; v != nil && ok {
			if series, ok := d.spotPrice(v, path+".spot_price", s, key, win); ok {
				p.Spot = &series
			}
		}
		p.Capacity = pricing.Constant(pricing.Unlimited)
		if v := m["capacity"]; v != nil && ok {
			if series, ok := d.capacity(v, path+".capacity", s, key, win); ok {
				p.Capacity = series
			}
		}
		d.hazard(m, path, &p, s.sources[source{key, pricing.CapacityTrace}].path != "")
		// A pool with other problems is still defined, so that fleets naming
		// it get no second, misleading error; the Config is dropped anyway.
		if ok {
			idx.byKey[key] = len(s.Config.Pools)
			idx.names = append(idx.names, key.String())
			idx.spotGiven = append(idx.spotGiven, m["spot_price"] != nil)
			s.Config.Pools = append(s.Config.Pools, p)
		}
	}
	return idx
}

// EvictionBandHazards are the stochastic eviction rates, per VM per hour,
// that spotsim gives Azure's published eviction-rate bands: each band's
// midpoint, and 25% for 20+.
var EvictionBandHazards = map[string]float64{"0-5": 0.025, "5-10": 0.075, "10-15": 0.125, "15-20": 0.175, "20+": 0.25}

// hazard reads eviction_rate (a band) or hazard (per hour), for pools whose
// capacity is not a trace.
func (d *decoder) hazard(m map[string]*yaml.Node, path string, p *sim.Pool, capacityTrace bool) {
	band, rate := m["eviction_rate"], m["hazard"]
	switch {
	case band != nil && rate != nil:
		d.fail(deref(rate), path+".hazard", "give eviction_rate or hazard, not both")
		return
	case band == nil && rate == nil:
		return
	case capacityTrace:
		n, key := band, "eviction_rate"
		if n == nil {
			n, key = rate, "hazard"
		}
		d.fail(deref(n), path+"."+key, "the pool's capacity is a trace, which already says when VMs are reclaimed; stochastic evictions are for pools without one")
		return
	case band != nil:
		names := slices.Sorted(maps.Keys(EvictionBandHazards))
		if v, ok := d.scalar(band, path+".eviction_rate", oneOf(names)); ok {
			if h, known := EvictionBandHazards[v]; known {
				p.Hazard = h
			} else {
				d.reject(band, path+".eviction_rate", "one of Azure's bands "+oneOf([]string{"0-5", "5-10", "10-15", "15-20", "20+"})+" (percent per hour)")
			}
		}
	default:
		n := deref(rate)
		v, err := strconv.ParseFloat(n.Value, 64)
		if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!float" && n.ShortTag() != "!!int") || err != nil || v < 0 || v > 100 {
			d.reject(rate, path+".hazard", "evictions per running VM per hour, a number from 0 to 100, such as 0.03")
			return
		}
		p.Hazard = v
	}
}

func (d *decoder) spotPrice(n *yaml.Node, path string, s *Scenario, pool pricing.Pool, win *window) (pricing.Series, bool) {
	const want = "a decimal >= 0 in USD per hour such as 0.0192, {csv: PATH} or {file: PATH, format: F} (F: csv, azure-retail, azure-snapshots, resource-graph, aws)"
	if deref(n).Kind == yaml.MappingNode {
		return d.trace(n, path, s, pool, pricing.PriceTrace, win)
	}
	p, ok := d.price(n, path, func(p pricing.Price) bool { return p >= 0 }, want)
	return pricing.Constant(int64(p)), ok
}

func (d *decoder) capacity(n *yaml.Node, path string, s *Scenario, pool pricing.Pool, win *window) (pricing.Series, bool) {
	const want = "a whole number >= 0, unlimited, {csv: PATH} or {file: PATH, format: F} (F: csv, availability, fleet-log)"
	if deref(n).Kind == yaml.MappingNode {
		return d.trace(n, path, s, pool, pricing.CapacityTrace, win)
	}
	if is(n, "unlimited") {
		return pricing.Constant(pricing.Unlimited), true
	}
	c, ok := d.integer(n, path, 0, 1<<31-1, want)
	return pricing.Constant(c), ok
}

// vcpuLimit reads a quota: a whole number >= 0, or unlimited (-1), which is
// also what an absent key means.
func (d *decoder) vcpuLimit(m map[string]*yaml.Node, key, path string) int64 {
	const want = "a whole number of vCPUs >= 0, or unlimited"
	v := m[key]
	if v == nil {
		return -1
	}
	if is(v, "unlimited") {
		return -1
	}
	q, _ := d.integer(v, join(path, key), 0, 1<<53, want)
	return q
}

func (d *decoder) quotas(n *yaml.Node) []sim.Quota {
	var out []sim.Quota
	seen := map[string]int{}
	for i, item := range d.list(n, "quota", "a list of regional quotas") {
		path := index("quota", i)
		m := d.fields(item, path, quotaKeys...)
		if m == nil {
			continue
		}
		q := sim.Quota{SpotVCPUs: d.vcpuLimit(m, "spot_vcpus", path), RegularVCPUs: d.vcpuLimit(m, "regular_vcpus", path)}
		v := d.require(m, item, path, "region", "a region such as eastus")
		if v == nil {
			continue
		}
		region, ok := d.word(v, path+".region", "a region such as eastus", ident)
		if !ok {
			continue
		}
		if prev, dup := seen[region]; dup {
			d.fail(deref(v), path+".region", "%s already has a quota in quota[%d]; want each region once", region, prev)
			continue
		}
		seen[region] = i
		q.Region = region
		out = append(out, q)
	}
	return out
}

// fleetIndex maps fleet names to their index in Config.Fleets.
type fleetIndex struct {
	byName map[string]int
	names  []string
}

func (d *decoder) fleets(n *yaml.Node, s *Scenario, pools poolIndex, within int64) fleetIndex {
	idx := fleetIndex{byName: map[string]int{}}
	if n == nil {
		return idx
	}
	items := d.list(n, "fleets", "a list of fleets")
	if len(items) == 0 && deref(n).Kind == yaml.SequenceNode {
		d.fail(deref(n), "fleets", "is empty; want at least one fleet")
	}
	for i, item := range items {
		d.fleet(item, index("fleets", i), s, pools, &idx, within)
	}
	return idx
}

// workload reads {type: service} or {type: batch, work: DURATION,
// checkpoint_every: DURATION, checkpoint_time: DURATION, restart_overhead:
// DURATION, deadline: DURATION}; work is VM-time (500h = 500 VM-hours).
func (d *decoder) workload(n *yaml.Node, path string, f *sim.Fleet) {
	m := d.fields(n, path, "type", "work", "checkpoint_every", "checkpoint_time", "restart_overhead", "deadline")
	if m == nil {
		return
	}
	v := d.require(m, n, path, "type", "service or batch")
	if v == nil {
		return
	}
	i, ok := d.enum(v, path+".type", []string{"service", "batch"})
	if !ok {
		return
	}
	if i == 0 {
		f.Workload.Kind = sim.Service
		for _, k := range []string{"work", "checkpoint_every", "checkpoint_time", "restart_overhead", "deadline"} {
			if m[k] != nil {
				d.fail(deref(m[k]), path+"."+k, "only a batch workload takes %s", k)
			}
		}
		return
	}
	w := &f.Workload
	w.Kind = sim.Batch
	if v := d.require(m, n, path, "work", "the work to do in VM-time, such as 500h"); v != nil {
		w.Work, _ = d.duration(v, path+".work", 1, 1<<50, "a duration of VM-time > 0, such as 500h")
	}
	for _, k := range []struct {
		key string
		to  *int64
	}{{"checkpoint_every", &w.CheckpointEvery}, {"checkpoint_time", &w.CheckpointTime}, {"restart_overhead", &w.RestartOverhead}, {"deadline", &w.Deadline}} {
		if v := m[k.key]; v != nil {
			*k.to, _ = d.duration(v, path+"."+k.key, 0, 1<<50, "a duration >= 0")
		}
	}
}

// The tenant and subscription of a fleet that names none (R12).
const (
	DefaultTenant       = "default"
	DefaultSubscription = "00000000-0000-0000-0000-000000000000"
)

const billingIDFmt = "1 to 64 of A-Z a-z 0-9 _ . -, such as contoso or a subscription GUID"

func isBillingID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

// fleet decodes one fleet and adds it to the Config and to idx. A fleet with
// other problems is still added when its name is good, so that actions
// naming it get no second, misleading error.
func (d *decoder) fleet(n *yaml.Node, path string, s *Scenario, pools poolIndex, idx *fleetIndex, within int64) {
	f := sim.Fleet{MaxPrice: pricing.Uncapped, Pool: -1}
	m := d.fields(n, path, fleetKeys...)
	if m == nil {
		return
	}
	nameOK := false
	if v := d.require(m, n, path, "name", nameFmt); v != nil {
		f.Name, nameOK = d.word(v, path+".name", nameFmt, isName)
		if prev, dup := idx.byName[f.Name]; nameOK && dup {
			d.fail(deref(v), path+".name", "%q is already the name of fleets[%d]; want unique fleet names", f.Name, prev)
			nameOK = false
		}
	}
	var region, sku string
	regionNode := d.require(m, n, path, "region", "the region of a pool")
	skuNode := d.require(m, n, path, "sku", "the VM size of a pool")
	if regionNode != nil {
		region, _ = d.word(regionNode, path+".region", "a region such as eastus", ident)
	}
	if skuNode != nil {
		sku, _ = d.word(skuNode, path+".sku", "a VM size such as Standard_D2s_v5", ident)
	}
	if region != "" && sku != "" {
		key := pricing.Pool{Region: region, SKU: sku}
		if i, ok := pools.byKey[key]; ok {
			f.Pool = i
		} else if len(pools.names) == 0 {
			d.fail(deref(skuNode), path+".sku", "no pool %s is defined, nor any other; define it under pools", key)
		} else {
			d.fail(deref(skuNode), path+".sku", "no pool %s is defined; want one of %s", key, strings.Join(pools.names, ", "))
		}
	}
	if v := d.require(m, n, path, "count", "a whole number of VMs > 0"); v != nil {
		c, _ := d.integer(v, path+".count", 1, maxCount, fmt.Sprintf("a whole number of VMs from 1 to %d", maxCount))
		f.Count = int(c)
	}
	if v := m["priority"]; v != nil {
		if i, ok := d.enum(v, path+".priority", []string{sim.Spot.String(), sim.Regular.String()}); ok {
			f.Priority = sim.Priority(i)
		}
	}
	if v := m["max_price"]; v != nil {
		if f.Priority == sim.Regular {
			// -1 is accepted so that a resolved file, which writes every
			// key, stays valid.
			if p, ok := d.maxPrice(v, path+".max_price"); ok && p != pricing.Uncapped {
				d.fail(deref(v), path+".max_price", "%s is not accepted on a regular fleet, which pays the pay-as-you-go price and is never evicted (R11); remove it or use -1", p)
			}
		} else if p, ok := d.maxPrice(v, path+".max_price"); ok {
			f.MaxPrice = p
		}
	}
	if v := m["eviction_policy"]; v != nil {
		if i, ok := d.enum(v, path+".eviction_policy", []string{sim.Deallocate.String(), sim.Delete.String()}); ok {
			f.Policy = sim.EvictionPolicy(i)
		}
	}
	if v := m["disk_price"]; v != nil {
		f.DiskPrice, _ = d.price(v, path+".disk_price", func(p pricing.Price) bool { return p >= 0 }, "a decimal >= 0 in USD per hour per VM, such as 0.01")
	}
	if v := m["create_at"]; v != nil {
		f.CreateAt, _ = d.duration(v, path+".create_at", 0, within, "a duration >= 0 and less than the horizon")
	}
	f.Tenant, f.Subscription = DefaultTenant, DefaultSubscription
	if v := m["tenant"]; v != nil {
		f.Tenant, _ = d.word(v, path+".tenant", billingIDFmt, isBillingID)
	}
	if v := m["subscription"]; v != nil {
		f.Subscription, _ = d.word(v, path+".subscription", billingIDFmt, isBillingID)
	}
	if d.tenantOf == nil {
		d.tenantOf = map[string]owner{}
	}
	if prev, ok := d.tenantOf[f.Subscription]; !ok {
		d.tenantOf[f.Subscription] = owner{f.Tenant, path, deref(n).Line}
	} else if prev.tenant != f.Tenant {
		at := n
		if v := m["tenant"]; v != nil {
			at = v
		}
		d.fail(deref(at), path+".tenant", "%q, but subscription %q belongs to tenant %q (%s, line %d); a subscription has one tenant",
			f.Tenant, f.Subscription, prev.tenant, prev.path, prev.line)
	}
	if v := m["workload"]; v != nil {
		d.workload(v, path+".workload", &f)
	}
	if v := m["regular_base"]; v != nil {
		n, _ := d.integer(v, path+".regular_base", 0, 1_000_000, "a whole number of regular VMs from 0 to 1000000")
		f.RegularBase = int(n)
	}
	if v := m["regular_percent_above_base"]; v != nil {
		n, _ := d.integer(v, path+".regular_percent_above_base", 0, 100, "a whole percent from 0 to 100")
		f.RegularPercentAboveBase = int(n)
	}
	if v := m["fallback"]; v != nil {
		fm := d.fields(v, path+".fallback", "after_evictions", "deadline")
		if fm != nil {
			if n := fm["after_evictions"]; n != nil {
				k, _ := d.integer(n, path+".fallback.after_evictions", 1, 1_000_000, "a whole number of evictions >= 1")
				f.Fallback.AfterEvictions = int(k)
			}
			if n := fm["deadline"]; n != nil {
				f.Fallback.Deadline, _ = d.boolean(n, path+".fallback.deadline")
				if f.Fallback.Deadline && (f.Workload.Kind != sim.Batch || f.Workload.Deadline == 0) {
					d.fail(deref(n), path+".fallback.deadline", "needs a batch workload with a deadline")
				}
			}
		}
	}
	if (f.RegularBase > 0 || f.RegularPercentAboveBase > 0 || f.Fallback != (sim.Fallback{})) && f.Priority == sim.Regular {
		d.fail(deref(n), path, "a priority mix or a fallback is for a spot fleet; this one is regular")
	}
	if v := m["after_eviction"]; v != nil {
		d.afterEviction(v, path+".after_eviction", &f)
	}
	if f.Priority == sim.Spot {
		d.spotRules(f, path, regionNode, skuNode, region, sku, pools)
	}
	if nameOK {
		idx.byName[f.Name] = len(s.Config.Fleets)
		idx.names = append(idx.names, f.Name)
		s.Config.Fleets = append(s.Config.Fleets, f)
	}
}

// afterEviction reads the user's automation: none, {restart: DURATION} for a
// deallocate fleet, or {replace: DURATION} for a delete fleet.
func (d *decoder) afterEviction(n *yaml.Node, path string, f *sim.Fleet) {
	const want = "none, {restart: DURATION} or {replace: DURATION}"
	if deref(n).Kind != yaml.MappingNode {
		d.word(n, path, want, func(s string) bool { return s == "none" })
		return
	}
	m := d.fields(n, path, "restart", "replace")
	if m == nil {
		return
	}
	if len(m) != 1 {
		d.fail(deref(n), path, "want exactly one of restart or replace")
		return
	}
	for key, v := range m {
		secs, ok := d.duration(v, join(path, key), 1, anyLength, "an interval > 0 such as 5m")
		if !ok {
			return
		}
		f.After, f.Interval = sim.RestartAutomation, secs
		need := sim.Deallocate
		if key == "replace" {
			f.After, need = sim.ReplaceAutomation, sim.Delete
		}
		if f.Policy != need {
			d.fail(deref(n), path, "%s needs eviction_policy %s, and the fleet's is %s: %s", key, need, f.Policy, automationWhy[f.After])
		}
	}
}

var automationWhy = map[sim.Automation]string{
	sim.RestartAutomation: "restart starts a deallocated VM again, and a deleted one is gone",
	sim.ReplaceAutomation: "replace creates new VMs for deleted ones, and a deallocated VM still counts toward the fleet",
}

// spotRules applies R10 and the spot price requirement to a spot fleet.
func (d *decoder) spotRules(f sim.Fleet, path string, regionNode, skuNode *yaml.Node, region, sku string, pools poolIndex) {
	lower := strings.ToLower(sku)
	if strings.HasPrefix(lower, "standard_b") || strings.HasSuffix(lower, "_promo") {
		d.fail(deref(skuNode), path+".sku", "%s cannot be spot: B-series and promo sizes cannot be spot (R10); want another size or priority: regular", sku)
	}
	if strings.HasPrefix(strings.ToLower(region), "china") {
		d.fail(deref(regionNode), path+".region", "%s cannot host spot VMs: spot is not offered in Azure China 21Vianet (R10); want another region or priority: regular", region)
	}
	if f.Pool >= 0 && !pools.spotGiven[f.Pool] {
		d.fail(deref(skuNode), path+".sku", "pool %s has no spot_price, which a spot fleet needs; give pools[%d].spot_price or make the fleet priority: regular", pricing.Pool{Region: region, SKU: sku}, f.Pool)
	}
}

// offer applies R10's offer rules once every fleet is known.
func (d *decoder) offer(s *Scenario, at *yaml.Node) {
	spot := -1
	for i, f := range s.Config.Fleets {
		if f.Priority == sim.Spot {
			spot = i
			break
		}
	}
	if spot < 0 {
		return
	}
	switch s.Offer {
	case "benefits", "free_trial":
		d.fail(deref(at), "offer", "%s does not allow spot VMs (R10), and fleet %s is spot; want enterprise_agreement, pay_as_you_go, sponsored or csp, or only regular fleets", s.Offer, s.Config.Fleets[spot].Name)
	case "csp":
		s.Warnings = append(s.Warnings, CSPWarning)
	}
}

func (d *decoder) actions(n *yaml.Node, c *sim.Config, fleets fleetIndex, within int64) []sim.Action {
	var out []sim.Action
	ops := sim.OpNames()
	for i, item := range d.list(n, "actions", "a list of actions") {
		path := index("actions", i)
		m := d.fields(item, path, actionKeys...)
		if m == nil {
			continue
		}
		a := sim.Action{VM: -1, Fleet: -1}
		if v := d.require(m, item, path, "at", "a duration >= 0 and less than the horizon"); v != nil {
			a.At, _ = d.duration(v, path+".at", 0, within, "a duration >= 0 and less than the horizon")
		}
		if v := d.require(m, item, path, "fleet", "the name of a fleet"); v != nil {
			if name, ok := d.scalar(v, path+".fleet", "the name of a fleet"); ok {
				if fi, ok := fleets.byName[name]; ok {
					a.Fleet = fi
				} else if len(fleets.names) == 0 {
					d.fail(deref(v), path+".fleet", "no fleet %q is defined", name)
				} else {
					d.fail(deref(v), path+".fleet", "no fleet %q is defined; want one of %s", name, strings.Join(fleets.names, ", "))
				}
			}
		}
		opNode := d.require(m, item, path, "op", oneOf(ops))
		opOK := false
		if opNode != nil {
			var op int
			op, opOK = d.enum(opNode, path+".op", ops)
			a.Op = sim.Op(op)
		}
		if v := m["vm"]; v != nil {
			if opOK && a.Op == sim.OpScale {
				d.fail(deref(v), path+".vm", "is not accepted with op scale, which sets the fleet's count")
			} else if !is(v, "all") {
				vm, _ := d.integer(v, path+".vm", 0, 1<<31-1, "the number n of the VM <fleet>-<n>, or all")
				a.VM = int(vm)
			}
		}
		if v := m["max_price"]; v != nil {
			switch {
			case !opOK:
			case a.Op != sim.OpSetMaxPrice:
				d.fail(deref(v), path+".max_price", "is only accepted with op set_max_price, not %s", a.Op)
			case a.Fleet >= 0 && c.Fleets[a.Fleet].Priority == sim.Regular:
				d.fail(deref(opNode), path+".op", "set_max_price on regular fleet %s; only spot VMs have a max price", c.Fleets[a.Fleet].Name)
			default:
				a.MaxPrice, _ = d.maxPrice(v, path+".max_price")
			}
		} else if opOK && a.Op == sim.OpSetMaxPrice {
			d.fail(deref(item), path+".max_price", "missing; set_max_price needs a max_price: %s", maxPriceRule)
		}
		if v := m["count"]; v != nil {
			if opOK && a.Op != sim.OpScale {
				d.fail(deref(v), path+".count", "is only accepted with op scale, not %s", a.Op)
			} else {
				cnt, _ := d.integer(v, path+".count", 0, maxCount, fmt.Sprintf("a whole number of VMs from 0 to %d", maxCount))
				a.Count = int(cnt)
			}
		} else if opOK && a.Op == sim.OpScale {
			d.fail(deref(item), path+".count", "missing; scale needs a count: a whole number of VMs >= 0")
		}
		out = append(out, a)
	}
	return out
}
