package scenario

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/spotsim/spotsim/cmd/internal/tracefile"
	"github.com/spotsim/spotsim/pricing/traces"
	"github.com/spotsim/spotsim/sim"
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

const nameFmt = "a name matching [a-z0-9_-]+, at most 100 characters"

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
	poolKeys   = []string{"region", "sku", "vcpus", "payg_price", "spot_price", "capacity", "eviction_rate", "hazard", "zone", "placement_score", "reclaims", "rebalance"}
	quotaKeys  = []string{"region", "spot_vcpus", "regular_vcpus"}
	fleetKeys  = []string{"name", "region", "sku", "count", "priority", "max_price", "eviction_policy", "disk_price", "create_at", "after_eviction", "tenant", "subscription", "tags", "workload", "regular_base", "regular_percent_above_base", "fallback", "sizes", "zones", "allocation", "capacity_unit", "min_capacity", "policy", "overprovision", "vm_names", "vm_name_prefix", "on_rebalance"}
	actionKeys = []string{"at", "fleet", "vm", "op", "max_price", "count"}
)

// Scenario is a decoded, validated scenario file.
type Scenario struct {
	Config sim.Config
	// Replications is how many seeds `spotsim run` runs (seed.Replication).
	Replications int
	Offer        string // one of Offers
	Warnings     []string
	// traces is the cache the scenario's trace files were read through:
	// it hashes on demand and times it (HashTime).
	traces *tracefile.Cache
	// name is the file name the scenario was parsed under, for the
	// resolved file's header.
	name string
	// sources records the trace file behind each pool's series, so the
	// resolved file names the file rather than inlining its points.
	sources map[source]traceRef
	// dir is the folder trace paths are relative to ("" for a scenario
	// parsed from memory, such as the built-in example); open reads a
	// trace by its path as written.
	dir    string
	open   func(rel string) ([]byte, error)
	stream func(rel string) (tracefile.Stream, error) // nil: only open
	// relocated: the trace paths were rewritten for the resolved file's
	// own folder (ResolvedYAMLIn).
	relocated bool
	// rates records how each pool's eviction rate was given — a band, or
	// a band read from a Resource Graph export — for the resolved file.
	rates map[poolKey]rateRef
}

type source struct {
	pool poolKey
	kind traces.Kind
}

// poolKey names a pool of the scenario: a region and size, and a zone of
// the region or "" for a regional pool.
type poolKey struct {
	traces.Pool
	Zone string
}

func (k poolKey) String() string {
	if k.Zone == "" {
		return k.Pool.String()
	}
	return k.Pool.String() + " zone " + k.Zone
}

// Load reads a scenario file; trace paths in it resolve against the file's
// own folder.
func Load(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	// The cache serves this scenario alone: its windows may take their
	// traces' times (a sweep's shared cache copies them instead).
	c := diskTraces(filepath.Dir(path))
	c.SpendTraces()
	s, err := parse(path, data, c)
	if err != nil {
		return nil, err
	}
	if s.dir, err = filepath.Abs(filepath.Dir(path)); err != nil {
		return nil, err
	}
	return s, nil
}

// diskTraces reads trace files and folders relative to dir.
func diskTraces(dir string) *tracefile.Cache {
	resolve := func(rel string) string {
		p := filepath.FromSlash(rel)
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		return p
	}
	c := tracefile.New(
		func(rel string) ([]byte, error) { return os.ReadFile(resolve(rel)) },
		func(rel string) (fs.FS, error) {
			p := resolve(rel)
			if st, err := os.Stat(p); err != nil {
				return nil, err
			} else if !st.IsDir() {
				return nil, fmt.Errorf("not a folder")
			}
			return os.DirFS(p), nil
		})
	c.StreamCSV(func(rel string) (tracefile.Stream, error) { return tracefile.OpenStream(resolve(rel)) })
	return c
}

// Parse decodes a scenario. name is the file name its errors carry; open
// reads a trace file given its path as written in the scenario. Every
// problem found is returned, as Errors.
func Parse(name string, data []byte, open func(rel string) ([]byte, error)) (*Scenario, error) {
	c := tracefile.New(open, nil)
	c.SpendTraces()
	return parse(name, data, c)
}

func parse(name string, data []byte, traces *tracefile.Cache) (*Scenario, error) {
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
	s.traces = traces
	s.open, s.stream = traces.Opener(), traces.Streamer()
	s.Warnings = append(s.Warnings, s.traceEndWarnings()...)
	return s, nil
}

// HashTime is the time spent so far taking the SHA-256 of the scenario's
// trace files (spotsim run --timings): while they were read, for the
// formats read whole, and on demand (a resolved file, a sweep's inputs)
// for canonical CSVs.
func (s *Scenario) HashTime() time.Duration { return s.traces.HashTime() }

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
		rates:   map[poolKey]rateRef{},
	}
	c := &s.Config
	if v := m["version"]; v != nil {
		d.integer(v, "version", 1, 1, "1, the only scenario version")
	}
	if v := m["spotsim_version"]; v != nil {
		d.scalar(v, "spotsim_version", "a version string")
	}
	if v := d.require(m, root, "", "name", nameFmt); v != nil {
		c.Name, _ = d.word(v, "name", nameFmt, func(s string) bool { return isName(s) && len(s) <= maxNameLen })
	}
	startOK, horizonOK := false, false
	if v := d.require(m, root, "", "start", "an RFC 3339 time in UTC such as 2026-01-05T00:00:00Z"); v != nil {
		c.Start, startOK = d.start(v)
	}
	if v := d.require(m, root, "", "horizon", "a duration > 0 such as 36h or 7d"); v != nil {
		c.Horizon, horizonOK = d.duration(v, "horizon", 1, anyLength, "a duration > 0 such as 36h or 7d")
	}
	if startOK && horizonOK && c.Start.Unix()+c.Horizon > lastEnd.Unix() {
		// A run writes times up to its end and the end of its last
		// billing month; past the year 9999 they lose RFC 3339's
		// four-digit year, and no reader (ours included) takes them.
		v := m["horizon"]
		d.fail(deref(v), "horizon", "%s from %s ends at %s; want a run that ends by %s, so that every time written (billing months included) has a four-digit year",
			deref(v).Value, c.Start.Format(time.RFC3339), time.Unix(c.Start.Unix()+c.Horizon, 0).UTC().Format(time.RFC3339), lastEnd.Format(time.RFC3339))
		horizonOK = false
	}
	var win *window
	if startOK && horizonOK {
		win = &window{start: c.Start.Unix(), end: c.Start.Unix() + c.Horizon}
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
		r, _ := d.integer(v, "replications", 1, MaxReplications, fmt.Sprintf("a whole number of seeds to run, from 1 to %d", MaxReplications))
		s.Replications = max(1, int(r))
	}
	if v := m["notice"]; v != nil {
		c.Notice, c.NoticeLeads = d.noticeAny(v)
		if end := c.Start.Unix() + c.Horizon; win != nil && end+c.Notice.Max > lastNotBefore.Unix() {
			d.fail(deref(v), "notice", "%s: a notice at the run's end (%s) would be due at %s; want notices due by %s, so that a Scheduled Events NotBefore has a four-digit year",
				noticeText(v), time.Unix(end, 0).UTC().Format(time.RFC3339), time.Unix(end+c.Notice.Max, 0).UTC().Format(time.RFC3339), lastNotBefore.Format(time.RFC3339))
		}
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
		c.Quotas = d.quotas(v, s)
	}
	fleetsNode := d.require(m, root, "", "fleets", "a list of fleets")
	fleets := d.fleets(fleetsNode, s, pools, within)
	if v := m["actions"]; v != nil {
		c.Actions = d.actions(v, c, fleets, within)
	}
	d.checkFleetTotal(fleetsNode, PeakCounts(c))
	d.offer(s, offer)
	return s
}

// lastNotBefore is the latest time a notice may fall due: RFC 1123, as
// NotBefore is written, has a four-digit year.
var lastNotBefore = time.Date(9999, time.December, 31, 23, 59, 59, 0, time.UTC)

// noticeText is the notice as written, for an error: its text when it is
// one duration, else "the longest lead".
func noticeText(n *yaml.Node) string {
	if n := deref(n); n.Kind == yaml.ScalarNode {
		return n.Value
	}
	return "the longest lead"
}

// lastEnd is the latest end of a run: its billing month, December 9999,
// still ends within the year 9999.
var lastEnd = time.Date(9999, time.December, 1, 0, 0, 0, 0, time.UTC)

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
