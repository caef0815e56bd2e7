package sim

// Azure's error codes (R3, R5, R7), as Azure's "Error messages for Azure
// Spot Virtual Machines and scale sets" (azure-compute-docs,
// articles/virtual-machines/error-codes-spot.md, 2023-02-28) names them. A
// max price change on an allocated VM is MaxPriceChangeNotAllowedForAllocatedVMs
// there; the product specification's MaxPriceUpdateRequiresVMToBeDeallocated
// is the 2019 preview page's name, since replaced (as its
// VariablePriceGreaterThanProvidedMaxPrice became SpotPriceGreaterThanProvidedMaxPrice).
const (
	CodePriceAboveMax        = "SpotPriceGreaterThanProvidedMaxPrice"
	CodeNoCapacity           = "SkuNotAvailable"
	CodeQuota                = "OperationNotAllowed"
	CodeMaxPriceInvalid      = "MaxPriceValueInvalid"
	CodeMaxPriceNeedsDealloc = "MaxPriceChangeNotAllowedForAllocatedVMs"
)

// settlesTo is where each transitional state ends when its timing elapses.
var settlesTo = [NumStates]State{
	Creating:     Running,
	Starting:     Running,
	Stopping:     Stopped,
	Deallocating: Deallocated,
	Deleting:     Deleted,
	// Stable states settle to themselves.
	Running:     Running,
	Stopped:     Stopped,
	Deallocated: Deallocated,
	Deleted:     Deleted,
}

// legal is every state change a VM may make, one row per state: where a
// transitional state settles, and what an operation enters (an eviction
// enters what deallocate or delete would; automation starts or deletes a
// deallocated VM). A new VM enters creating from creating. enter refuses
// any other change with a panic naming the VM and both states, as raft's
// state machine does, so an engine bug fails the run (exit 1) instead of
// billing a state the VM could not be in (TestLegalTransitions).
var legal = [NumStates][NumStates]bool{
	Creating:     {Creating: true, Running: true, Deallocating: true, Deleting: true},
	Starting:     {Running: true, Stopping: true, Deallocating: true, Deleting: true},
	Running:      {Stopping: true, Deallocating: true, Deleting: true},
	Stopping:     {Stopped: true, Deallocating: true, Deleting: true},
	Stopped:      {Starting: true, Deallocating: true, Deleting: true},
	Deallocating: {Deallocated: true, Deleting: true},
	Deallocated:  {Starting: true, Deleting: true},
	Deleting:     {Deleted: true},
	Deleted:      {},
}

// Transitional reports whether the state ends by itself after a timing.
func (s State) Transitional() bool { return settlesTo[s] != s }

// outcome is what a user operation does to a VM in a given state.
type outcome uint8

const (
	// ignore: the VM is already there or on its way; nothing happens and
	// nothing is logged (Azure answers such calls with success).
	ignore outcome = iota
	// proceed: the operation starts its transition.
	proceed
	// checked: proceed only if R3 (price, capacity) allows it; else a
	// failed attempt with Azure's code.
	checked
	// refuse: Azure refuses the call; logged as a failure with a code.
	refuse
)

// opRules is the lifecycle table: for each scripted operation and each state,
// what happens. Deleted VMs are never targeted. Set_max_price and scale are
// not state transitions; set_max_price uses the start row's shape only in
// that it needs a deallocated VM (R5).
var opRules = [...][NumStates]outcome{
	OpStart: {
		Creating: ignore, Starting: ignore, Running: ignore,
		Stopping: refuse, Stopped: proceed,
		Deallocating: refuse, Deallocated: checked,
		Deleting: refuse, Deleted: refuse,
	},
	OpStop: {
		Creating: ignore, Starting: proceed, Running: proceed,
		Stopping: ignore, Stopped: ignore,
		Deallocating: ignore, Deallocated: ignore,
		Deleting: ignore, Deleted: ignore,
	},
	OpDeallocate: {
		Creating: proceed, Starting: proceed, Running: proceed,
		Stopping: proceed, Stopped: proceed,
		Deallocating: ignore, Deallocated: ignore,
		Deleting: ignore, Deleted: ignore,
	},
	OpDelete: {
		Creating: proceed, Starting: proceed, Running: proceed,
		Stopping: proceed, Stopped: proceed,
		Deallocating: proceed, Deallocated: proceed,
		Deleting: ignore, Deleted: ignore,
	},
	OpSetMaxPrice: {
		Creating: refuse, Starting: refuse, Running: refuse,
		Stopping: refuse, Stopped: refuse,
		Deallocating: refuse, Deallocated: proceed,
		Deleting: refuse, Deleted: refuse,
	},
}

// opTarget is the transitional state a proceeding operation enters.
var opTarget = [...]State{
	OpStart:      Starting,
	OpStop:       Stopping,
	OpDeallocate: Deallocating,
	OpDelete:     Deleting,
}

// CodeOperationNotAllowed is also Azure's answer to an operation the VM's
// state forbids, such as starting a VM that is being deleted.
const CodeOperationNotAllowed = "OperationNotAllowed"
