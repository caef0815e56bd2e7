package sim

import (
	"time"

	"github.com/spotsim/spotsim/pricing"
)

// Config is one fully resolved scenario: every default filled in, every trace
// cut to the horizon, every name turned into an index. Times are whole
// seconds from the scenario start. The simulation never reads files; the
// scenario package builds a Config from YAML.
type Config struct {
	Name string
	// Start is the calendar instant of second 0, in UTC. The engine never
	// reads it (nor any clock): it is carried so that whoever turns the
	// result into dates — files, meters, a server — has it from the result.
	Start   time.Time
	Horizon int64 // seconds; > 0
	Seed    uint64
	Notice  NoticeLead
	// NoticeLeads, when set, replaces Notice: each notice's lead in
	// seconds is drawn from it (an empirical list of leads, say).
	NoticeLeads *Dist
	Timings     Timings
	Victims     VictimPolicy
	Billing     Billing
	Pools       []Pool
	Quotas      []Quota
	Fleets      []Fleet
	Actions     []Action // in file order
	Record      Record
	// Market, when set, holds what the run would derive from its pools'
	// price series before it starts (NewMarket): a pool whose spot series
	// and pay-as-you-go price are the ones the market was made from takes
	// its curve from there instead of building it; any other pool builds
	// its own. The runs of a sweep or of replications over one trace share
	// one market. It never changes a result.
	Market *Market
}

// NoticeLead is the time from a Preempt notice to its eviction (R8): fixed
// when Min == Max, else drawn uniformly in whole seconds per notice.
type NoticeLead struct{ Min, Max int64 }

// Timings are the durations of the transitional states, in seconds.
type Timings struct{ Create, Start, Stop, Deallocate, Delete int64 }

// VictimPolicy chooses which VMs a capacity drop evicts (R6).
type VictimPolicy uint8

const (
	VictimsRandom VictimPolicy = iota
	VictimsNewest
	VictimsOldest
)

var victimNames = [...]string{"random", "newest", "oldest"}

func (v VictimPolicy) String() string { return victimNames[v] }

// Pool is one spot market (region + size, optionally one availability
// zone of the region) and its traces.
type Pool struct {
	Region string
	Zone   string // "" for a regional pool
	SKU    string
	VCPUs  int64
	PAYG   pricing.Price
	// Spot is the spot price series (nil when only regular fleets use the pool).
	Spot *pricing.Series
	// Capacity is how many spot VMs of this run the pool can host;
	// pricing.Unlimited for no limit.
	Capacity pricing.Series
	// Hazard is a stochastic eviction rate, per running spot VM per hour
	// (0: none): each VM entering running draws its time to a notice from
	// an exponential distribution, so evictions come at this rate without a
	// capacity trace. They count as capacity evictions.
	Hazard float64
	// Placement is an Azure Spot Placement Score for the pool, the capacity
	// signal of the capacity-aware allocation strategies when given.
	Placement PlacementScore
	// Reclaim chooses how those stochastic evictions arrive (reclaim.go);
	// the zero value is the independent model.
	Reclaim Reclaim
	// Rebalance is the advisory Spot Rebalance Recommendation before
	// stochastic evictions (rebalance.go); off when Recall is 0.
	Rebalance Rebalance
}

// Quota is a region's vCPU quotas (R7, R11); -1 means unlimited.
type Quota struct {
	Region       string
	SpotVCPUs    int64
	RegularVCPUs int64
}

// Priority is spot or regular (R11).
type Priority uint8

const (
	Spot Priority = iota
	Regular
)

func (p Priority) String() string {
	if p == Regular {
		return "regular"
	}
	return "spot"
}

// EvictionPolicy is what eviction does to a spot VM (R9).
type EvictionPolicy uint8

const (
	Deallocate EvictionPolicy = iota
	Delete
)

func (e EvictionPolicy) String() string {
	if e == Delete {
		return "delete"
	}
	return "deallocate"
}

// Automation is the user's reaction to evictions: the platform itself never
// restarts anything (R4).
type Automation uint8

const (
	NoAutomation Automation = iota
	// RestartAutomation tries to start an evicted, deallocated VM every
	// interval until it succeeds.
	RestartAutomation
	// ReplaceAutomation creates a new VM every interval until the fleet is
	// back to its count (a scale set's "try & restore").
	ReplaceAutomation
)

var automationNames = [...]string{"none", "restart", "replace"}

func (a Automation) String() string { return automationNames[a] }

// Fleet is N VMs (or N vCPUs) of one or more pools, with one priority,
// policy and max price. A fleet over one size in one region is the case
// of a single entry in Pools.
type Fleet struct {
	Name string
	// Pool is the first of Pools; Pools may be empty when there is only
	// this one (a Config built by hand).
	Pool int // index into Config.Pools
	// Pools are the sizes and zones the fleet may use (Instance Mix,
	// Compute Fleet), in the order the scenario lists them.
	Pools      []FleetPool
	Allocation Allocation
	// Unit is what Count, RegularBase and MinCapacity count.
	Unit CapacityUnit
	// MinCapacity is Compute Fleet's minimum starting capacity: the fleet's
	// first creation succeeds only if it can place at least this many
	// units at once, else it creates nothing (0: no minimum).
	MinCapacity int
	Count       int
	Priority    Priority
	MaxPrice    pricing.Price // pricing.Uncapped for -1; ignored for regular
	Policy      EvictionPolicy
	DiskPrice   pricing.Price // per VM per hour
	CreateAt    int64
	After       Automation
	Interval    int64 // automation interval, seconds
	// Tenant and Subscription are who is billed (R12); the engine only
	// carries them to the results.
	Tenant, Subscription string
	// Tags are the fleet's Azure resource tags as a JSON object with keys
	// sorted ("" for none); like the tenant, the engine only carries them
	// to the cost files. A string keeps Fleet comparable.
	Tags     string
	Workload Workload
	// Spot priority mix (a spot fleet only): the first RegularBase VMs are
	// regular, and RegularPercentAboveBase percent of the rest, rounded
	// down (sim/mix.go).
	RegularBase, RegularPercentAboveBase int
	Fallback                             Fallback
	// Batch is a batch fleet's deadline policy, Service a service fleet's
	// overprovision and dynamic fallback (batchpolicy.go, servicepolicy.go).
	Batch   BatchPolicy
	Service ServicePolicy
	// VMPrefix and ScaleSetNames name the fleet's VMs: <prefix>-<n>, or
	// <prefix>_<n> as Azure names scale-set instances (AKS nodes are
	// aks-<pool>-<id>-vmss_<n>). VMPrefix "" is the fleet's name.
	VMPrefix      string
	ScaleSetNames bool
	// OnRebalance is the user's reaction to a rebalance recommendation
	// (rebalance.go).
	OnRebalance OnRebalance
}

// VMNaming is how the fleet's VMs are named: the prefix and the separator
// before the number.
func (f *Fleet) VMNaming() (prefix string, sep byte) {
	prefix, sep = f.VMPrefix, '-'
	if prefix == "" {
		prefix = f.Name
	}
	if f.ScaleSetNames {
		sep = '_'
	}
	return prefix, sep
}

// Fallback replaces a spot fleet's capacity with regular VMs: after
// AfterEvictions evictions (0: never) each evicted spot VM is replaced by a
// regular one at once; with Deadline, when a batch workload's deadline
// could no longer be met otherwise, every spot VM is.
type Fallback struct {
	AfterEvictions int
	Deadline       bool
}

// WorkloadKind is what a fleet runs, for the workload measures.
type WorkloadKind uint8

const (
	// NoWorkload: only the platform measures.
	NoWorkload WorkloadKind = iota
	// Service wants the fleet's count of VMs running at all times.
	Service
	// Batch has Work VM-seconds to do; the fleet is deleted when done.
	Batch
)

var workloadNames = [...]string{"", "service", "batch"}

func (k WorkloadKind) String() string { return workloadNames[k] }

// Workload is what a fleet runs.
type Workload struct {
	Kind WorkloadKind
	// Batch, all in seconds: the work to do (VM-seconds); how much of its
	// own progress a VM does between checkpoints (0: never); how long a
	// checkpoint takes to write (the notice saves everything when it is at
	// least this long); the time from running to progress (boot, reload);
	// the deadline from create_at (0: none).
	Work, CheckpointEvery, CheckpointTime, RestartOverhead, Deadline int64
}

// Op is a scripted user action.
type Op uint8

const (
	OpStart Op = iota
	OpStop
	OpDeallocate
	OpDelete
	OpSetMaxPrice
	OpScale
)

var opNames = [...]string{"start", "stop", "deallocate", "delete", "set_max_price", "scale"}

func (o Op) String() string { return opNames[o] }

// OpNames lists the scripted operations, for docs and error messages.
func OpNames() []string { return opNames[:] }

// Action is one scripted operation on a fleet, or on one VM of it.
type Action struct {
	At       int64
	Fleet    int
	VM       int // VM number within the fleet, or -1 for every VM
	Op       Op
	MaxPrice pricing.Price // OpSetMaxPrice
	Count    int           // OpScale
}

// Record chooses what the run keeps beyond the per-VM and per-fleet totals.
// A summary-only run records nothing and allocates nothing per event.
type Record struct {
	Events  bool
	Notices bool
	// Usage keeps every billed interval (Result.Usage), for usage and
	// invoice files that split costs by hour.
	Usage bool
	// Workload keeps the workload fleets' measures over time
	// (Result.Workload), for charts.
	Workload bool
}
