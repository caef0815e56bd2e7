package sim

import (
	"testing"
	"unsafe"
)

// A state's seconds keep 34 bits: every value up to the longest horizon
// reads back as added, states do not disturb each other, and passing 34
// bits is a bug that panics rather than a wrapped figure.
func TestStateClock(t *testing.T) {
	var c stateClock
	want := [NumStates]int64{}
	steps := []int64{1, 1<<32 - 1, 1, 1 << 31, MaxHorizon - (1<<32 + 1<<31 + 1), 0}
	for s := range State(NumStates) {
		for _, d := range steps {
			if want[s]+d > MaxHorizon {
				continue
			}
			c.add(s, d)
			want[s] += d
			for o := range State(NumStates) {
				if got := c.get(o); got != want[o] {
					t.Fatalf("after adding %d to %v: %v holds %d, want %d", d, s, o, got, want[o])
				}
			}
		}
	}
	if want[Running] != MaxHorizon {
		t.Fatalf("the steps reach %d, not the longest horizon", want[Running])
	}
	defer func() {
		if recover() == nil {
			t.Fatal("adding past 34 bits did not panic")
		}
	}()
	c.add(Running, 1<<clockBits-MaxHorizon)
}

// A deleted VM's record is closed when it is deleted as the horizon would
// close it: under Azure's table its slot is released and its deleted
// seconds run to the horizon, billing nothing; under a table that bills a
// deleted VM's disk it is kept to the end, and its disk and usage rows
// count the deleted stretch as before.
func TestDeletedVMsClosedAsAtTheHorizon(t *testing.T) {
	for _, billDeleted := range []bool{false, true} {
		cfg := base(steps(0.0, "0.02", 10.0, "0.05", 20.0, "0.015"),
			Fleet{Name: "w", Count: 2, MaxPrice: usd("0.04"), DiskPrice: usd("0.01"), Policy: Delete})
		cfg.Timings.Delete = 60
		cfg.Record.Usage = true
		if billDeleted {
			cfg.Billing[Deleted].Disk = true
		}
		res := run(t, cfg)
		deletedAt := int64(10*hour + 30 + 60)
		for i, v := range res.VMs.All() {
			if v.FinalState != Deleted || v.StateSeconds[Deleted] != 24*hour-deletedAt {
				t.Fatalf("bill deleted %v: vm %d ends %v with %d s deleted; want deleted, %d s", billDeleted, i, v.FinalState, v.StateSeconds[Deleted], 24*hour-deletedAt)
			}
			diskSeconds := deletedAt
			if billDeleted {
				diskSeconds = 24 * hour
			}
			if got, want := micros(v.Disk), diskSeconds*10_000/3600; got != want {
				t.Errorf("bill deleted %v: vm %d disk %d µ$, want %d", billDeleted, i, got, want)
			}
		}
		last := res.Usage[len(res.Usage)-1]
		if billDeleted != (last.To == 24*hour && last.Disk && !last.Compute) {
			t.Errorf("bill deleted %v: the last usage row is %+v", billDeleted, last)
		}
	}
}

// The sizes the memory figures rest on (README, Performance): a slot is
// three whole cache lines and a deleted VM keeps 104 bytes.
func TestRecordSizes(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("the sizes are those of a 64-bit platform")
	}
	if got := unsafe.Sizeof(vm{}); got != 192 {
		t.Errorf("a VM's slot is %d bytes; want 192 (three cache lines)", got)
	}
	if got := unsafe.Sizeof(vmRecord{}); got != 104 {
		t.Errorf("a VM's record is %d bytes; want 104", got)
	}
	if got := unsafe.Offsetof(vm{}.rec); got != 64 {
		t.Errorf("a slot's record starts at byte %d; want 64, after the engine's busy fields", got)
	}
}
