package sim

import "fmt"

// State is a VM's power state (R1), plus the provisioning state creating.
type State uint8

const (
	Creating State = iota
	Starting
	Running
	Stopping
	Stopped
	Deallocating
	Deallocated
	Deleting
	Deleted
	NumStates int = iota
)

var stateNames = [NumStates]string{"creating", "starting", "running", "stopping", "stopped", "deallocating", "deallocated", "deleting", "deleted"}

func (s State) String() string {
	if int(s) < NumStates {
		return stateNames[s]
	}
	return fmt.Sprintf("State(%d)", uint8(s))
}

// StateNames lists every state in order, for docs and error messages.
func StateNames() []string { return stateNames[:] }

// Allocated reports whether the VM holds hardware: it can be evicted (R4, R6)
// and holds spot capacity.
func (s State) Allocated() bool { return s <= Stopped }

// Billing says, per state, whether compute and disks are charged. It is data,
// not code: a scenario may override it.
type Billing [NumStates]struct{ Compute, Disk bool }

// AzureBilling is Azure's table: compute in starting, running, stopping and
// stopped (R1, seed 001 over the older seed 000); disks in every state from
// creating until the VM is deleted (R2).
var AzureBilling = Billing{
	Creating:     {Compute: false, Disk: true},
	Starting:     {Compute: true, Disk: true},
	Running:      {Compute: true, Disk: true},
	Stopping:     {Compute: true, Disk: true},
	Stopped:      {Compute: true, Disk: true},
	Deallocating: {Compute: false, Disk: true},
	Deallocated:  {Compute: false, Disk: true},
	Deleting:     {Compute: false, Disk: true},
	Deleted:      {Compute: false, Disk: false},
}
