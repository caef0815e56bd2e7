package scenario

import (
	"math"
	"reflect"
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/spotsim/spotsim/sim"
)

// The keys of the eviction models (sim/reclaim.go, sim/rebalance.go,
// docs/evictions.md): a notice lead as a distribution, a pool's reclaim
// model and rebalance recommendations, a fleet's on_rebalance.

// OperatorNotice is the `notice: operators` preset: what operators observe
// of Azure's "up to 30 s" notice, "best effort up to 30 seconds and often
// will actually evict in less than 10 seconds" (Azure AKS maintainers,
// Azure/karpenter-provider-azure#1769): 80% of leads under 10 s, 20% from
// 15 to 30 s. Mean 8.8 s.
var OperatorNotice = sim.Dist{Kind: sim.Empirical,
	Values:  []float64{2, 5, 8, 15, 30},
	Weights: []float64{0.2, 0.3, 0.3, 0.1, 0.1}}

// Defaults of the correlated model and of rebalance recommendations.
var (
	// DefaultReclaimShare: a reclaim takes a quarter to three quarters of
	// the pool, half on average, as `traces gen --depth` does.
	DefaultReclaimShare = sim.Dist{Kind: sim.Uniform, Min: 0.25, Max: 0.75}
	// DefaultRecovery: capacity comes back after 2 h on average
	// (exponential), as `traces gen --recovery` does.
	DefaultRecovery = sim.Dist{Kind: sim.Exponential, Min: 7200}
	// DefaultRebalanceLead is uniform over AWS's observed range, 17 min to
	// 8 h 42 min (aws/aws-node-termination-handler#141); Azure publishes none.
	DefaultRebalanceLead = sim.Dist{Kind: sim.Uniform, Min: 17 * 60, Max: 8*3600 + 42*60}
)

const (
	// DefaultRecall: Azure says only "best effort"; half is our guess.
	DefaultRecall = 0.5
	// DefaultFalseShare is AWS's 21 of 30 recommendations with no later
	// termination (aws/aws-node-termination-handler#141).
	DefaultFalseShare = 0.7
)

var (
	reclaimKeys   = []string{"model", "share", "recovery", "group"}
	rebalanceKeys = []string{"recall", "lead", "false_alarms"}
)

// distKind says how a distribution's values are written: durations or
// shares, and the key of an item of an empirical list.
type distKind struct {
	item    string // lead, share, recovery
	seconds bool
	want    string
}

// dist reads X, {min: X, max: X}, {mean: X} (durations: exponential), or a
// list of {ITEM: X, weight: W}.
func (d *decoder) dist(n *yaml.Node, path string, k distKind) (sim.Dist, bool) {
	value := func(n *yaml.Node, path string) (float64, bool) {
		if k.seconds {
			v, ok := d.duration(n, path, 0, anyLength, "a duration >= 0 such as 30s")
			return float64(v), ok
		}
		return d.fraction(n, path, "a share in (0, 1] such as 0.5")
	}
	n = deref(n)
	switch n.Kind {
	case yaml.SequenceNode:
		out := sim.Dist{Kind: sim.Empirical}
		ok := len(n.Content) > 0
		if !ok {
			d.reject(n, path, k.want)
		}
		for i, item := range n.Content {
			p := index(path, i)
			m := d.fields(item, p, k.item, "weight")
			if m == nil {
				ok = false
				continue
			}
			vn, wn := d.require(m, item, p, k.item, k.want), d.require(m, item, p, "weight", "a weight > 0")
			if vn == nil || wn == nil {
				ok = false
				continue
			}
			v, ok1 := value(vn, p+"."+k.item)
			w, ok2 := d.number(wn, p+".weight", "a weight > 0 such as 3", func(x float64) bool { return x > 0 && x < 1e12 })
			ok = ok && ok1 && ok2
			out.Values, out.Weights = append(out.Values, v), append(out.Weights, w)
		}
		return out, ok
	case yaml.MappingNode:
		keys := []string{"min", "max"}
		if k.seconds {
			keys = append(keys, "mean")
		}
		m := d.fields(n, path, keys...)
		if m == nil {
			return sim.Dist{}, false
		}
		if mean := m["mean"]; mean != nil {
			if len(m) != 1 {
				d.fail(mean, path, "give {mean} or {min, max}, not both")
				return sim.Dist{}, false
			}
			v, ok := value(mean, path+".mean")
			return sim.Dist{Kind: sim.Exponential, Min: v}, ok
		}
		lo, hi := d.require(m, n, path, "min", k.want), d.require(m, n, path, "max", k.want)
		if lo == nil || hi == nil {
			return sim.Dist{}, false
		}
		a, ok1 := value(lo, path+".min")
		b, ok2 := value(hi, path+".max")
		if ok1 && ok2 && b < a {
			d.fail(deref(hi), path+".max", "is less than min; want max >= min")
			return sim.Dist{}, false
		}
		return sim.Dist{Kind: sim.Uniform, Min: a, Max: b}, ok1 && ok2
	}
	v, ok := value(n, path)
	return sim.FixedDist(v), ok
}

// number reads a float that check accepts.
func (d *decoder) number(n *yaml.Node, path, want string, check func(float64) bool) (float64, bool) {
	n = deref(n)
	v, err := strconv.ParseFloat(n.Value, 64)
	if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!float" && n.ShortTag() != "!!int") || err != nil || math.IsNaN(v) || !check(v) {
		d.reject(n, path, want)
		return 0, false
	}
	return v, true
}

func (d *decoder) fraction(n *yaml.Node, path, want string) (float64, bool) {
	return d.number(n, path, want, func(x float64) bool { return x > 0 && x <= 1 })
}

// noticeAny reads `notice`: a duration, {min, max}, the preset `operators`,
// or a list of {lead, weight}.
func (d *decoder) noticeAny(n *yaml.Node) (sim.NoticeLead, *sim.Dist) {
	switch {
	case is(n, "operators"):
		dist := OperatorNotice
		return sim.NoticeLead{Min: 2, Max: 30}, &dist
	case deref(n).Kind == yaml.SequenceNode:
		dist, ok := d.dist(n, "notice", distKind{item: "lead", seconds: true, want: "a list of {lead: DURATION, weight: W}"})
		if !ok {
			return sim.NoticeLead{Min: DefaultNotice, Max: DefaultNotice}, nil
		}
		lo, hi := math.Inf(1), 0.0
		for _, v := range dist.Values {
			lo, hi = min(lo, v), max(hi, v)
		}
		return sim.NoticeLead{Min: int64(lo), Max: int64(hi)}, &dist
	}
	return d.notice(n), nil
}

// evictionModels reads a pool's reclaims and rebalance keys; both need the
// pool's stochastic evictions (eviction_rate or hazard).
func (d *decoder) evictionModels(m map[string]*yaml.Node, path string, p *sim.Pool) {
	stochastic := m["eviction_rate"] != nil || m["hazard"] != nil
	for _, key := range []string{"reclaims", "rebalance"} {
		if v := m[key]; v != nil && !stochastic {
			d.fail(deref(v), path+"."+key, "needs the pool's stochastic evictions: give eviction_rate or hazard")
			return
		}
	}
	if v := m["reclaims"]; v != nil {
		d.reclaims(v, path+".reclaims", &p.Reclaim)
	}
	if v := m["rebalance"]; v != nil {
		d.rebalance(v, path+".rebalance", &p.Rebalance)
	}
}

func (d *decoder) reclaims(n *yaml.Node, path string, rc *sim.Reclaim) {
	names := []string{sim.Independent.String(), sim.Correlated.String()}
	correlated := func() {
		*rc = sim.Reclaim{Model: sim.Correlated, Share: DefaultReclaimShare, Recovery: DefaultRecovery}
	}
	if deref(n).Kind != yaml.MappingNode {
		if i, ok := d.enum(n, path, names); ok && sim.ReclaimModel(i) == sim.Correlated {
			correlated()
		}
		return
	}
	m := d.fields(n, path, reclaimKeys...)
	if m == nil {
		return
	}
	model := sim.Correlated
	if v := m["model"]; v != nil {
		if i, ok := d.enum(v, path+".model", names); ok {
			model = sim.ReclaimModel(i)
		}
	}
	if model != sim.Correlated {
		if len(m) > 1 {
			d.fail(deref(n), path, "share, recovery and group are for model correlated")
		}
		return
	}
	correlated()
	if v := m["share"]; v != nil {
		rc.Share, _ = d.dist(v, path+".share", distKind{item: "share", want: "a share in (0, 1], {min, max} or a list of {share, weight}"})
	}
	if v := m["recovery"]; v != nil {
		rc.Recovery, _ = d.dist(v, path+".recovery", distKind{item: "recovery", seconds: true, want: "a duration, {min, max}, {mean} or a list of {recovery, weight}"})
	}
	if v := m["group"]; v != nil {
		if g, ok := d.word(v, path+".group", nameFmt, isName); ok {
			rc.Group = g
			d.sameShare(v, path, rc)
		}
	}
}

// groupRef is where a reclaim group was first named, and its share.
type groupRef struct {
	path  string
	share sim.Dist
}

// sameShare requires the pools of a group to share one share distribution:
// one draw per event applies to them all, and each pool's rate is derived
// from its mean (sim/reclaim.go).
func (d *decoder) sameShare(at *yaml.Node, path string, rc *sim.Reclaim) {
	if d.groups == nil {
		d.groups = map[string]groupRef{}
	}
	first, ok := d.groups[rc.Group]
	if !ok {
		d.groups[rc.Group] = groupRef{path, rc.Share}
		return
	}
	if !reflect.DeepEqual(first.share, rc.Share) {
		d.fail(deref(at), path+".group", "%s's share differs from %s's; the pools of a group lose the same share in each event", rc.Group, first.path)
	}
}

func (d *decoder) rebalance(n *yaml.Node, path string, rb *sim.Rebalance) {
	*rb = sim.Rebalance{Recall: DefaultRecall, Lead: DefaultRebalanceLead, FalseShare: DefaultFalseShare}
	m := d.fields(n, path, rebalanceKeys...)
	if m == nil {
		return
	}
	if v := m["recall"]; v != nil {
		rb.Recall, _ = d.fraction(v, path+".recall", "the share of evictions warned, in (0, 1], such as 0.5")
	}
	if v := m["lead"]; v != nil {
		rb.Lead, _ = d.dist(v, path+".lead", distKind{item: "lead", seconds: true, want: "a duration, {min, max}, {mean} or a list of {lead, weight}"})
	}
	if v := m["false_alarms"]; v != nil {
		rb.FalseShare, _ = d.number(v, path+".false_alarms", "the share of recommendations followed by no eviction, in [0, 1), such as 0.7",
			func(x float64) bool { return x >= 0 && x < 1 })
	}
}

// onRebalance reads a fleet's on_rebalance: none, launch, or
// {launch_before_terminate: DELAY}.
func (d *decoder) onRebalance(n *yaml.Node, path string, f *sim.Fleet) {
	const want = "none, launch or {launch_before_terminate: DURATION}"
	if deref(n).Kind != yaml.MappingNode {
		if i, ok := d.enum(n, path, []string{"none", "launch"}); ok {
			f.OnRebalance = sim.OnRebalance{Action: sim.RebalanceAction(i)}
		}
		return
	}
	m := d.fields(n, path, "launch_before_terminate")
	if v := m["launch_before_terminate"]; v != nil {
		if secs, ok := d.duration(v, path+".launch_before_terminate", 0, anyLength, "a delay >= 0 such as 2m"); ok {
			f.OnRebalance = sim.OnRebalance{Action: sim.LaunchBeforeTerminate, Delay: secs}
		}
	} else if m != nil {
		d.fail(deref(n), path, "want %s", want)
	}
}

// Resolved forms: every default written out, so that Parse gives the same
// Config back.

func distNode(dist sim.Dist, item string, seconds bool) *yaml.Node {
	val := func(x float64) *yaml.Node {
		if seconds {
			return duration(int64(x))
		}
		return num(strconv.FormatFloat(x, 'g', -1, 64))
	}
	switch dist.Kind {
	case sim.Uniform:
		return newMap(true).add("min", val(dist.Min)).add("max", val(dist.Max)).Node
	case sim.Exponential:
		return newMap(true).add("mean", val(dist.Min)).Node
	case sim.Empirical:
		l := newList()
		for i, v := range dist.Values {
			l.Content = append(l.Content, newMap(true).add(item, val(v)).add("weight", num(strconv.FormatFloat(dist.Weights[i], 'g', -1, 64))).Node)
		}
		return l
	}
	return val(dist.Min)
}

// resolvedModels adds a pool's reclaims and rebalance keys.
func resolvedModels(m mapNode, p sim.Pool) {
	if p.Hazard <= 0 {
		return
	}
	rc := p.Reclaim
	if rc.Model == sim.Correlated {
		r := newMap(false).add("model", str(rc.Model.String())).add("share", distNode(rc.Share, "share", false)).
			add("recovery", distNode(rc.Recovery, "recovery", true))
		if rc.Group != "" {
			r.add("group", str(rc.Group))
		}
		m.add("reclaims", r.Node)
	} else {
		m.add("reclaims", str(rc.Model.String()))
	}
	if rb := p.Rebalance; rb.Recall > 0 {
		m.add("rebalance", newMap(false).add("recall", num(strconv.FormatFloat(rb.Recall, 'g', -1, 64))).
			add("lead", distNode(rb.Lead, "lead", true)).
			add("false_alarms", num(strconv.FormatFloat(rb.FalseShare, 'g', -1, 64))).Node)
	}
}

// resolvedOnRebalance is a fleet's on_rebalance key, or nil for none.
func resolvedOnRebalance(o sim.OnRebalance) *yaml.Node {
	switch o.Action {
	case sim.LaunchOnRebalance:
		return str("launch")
	case sim.LaunchBeforeTerminate:
		return newMap(true).add("launch_before_terminate", duration(o.Delay)).Node
	}
	return nil
}
