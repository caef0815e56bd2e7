package sim

import "testing"

// VMs keep their data across block boundaries, and pointers stay valid
// while VMs are added.
func TestBlockList(t *testing.T) {
	var st blockList[vm]
	const n = 3<<blockBits + 5
	first := st.at(st.add(vm{since: 0}))
	for i := 1; i < n; i++ {
		if id := st.add(vm{since: int64(i)}); id != int32(i) {
			t.Fatalf("add %d returned id %d", i, id)
		}
	}
	if first.since != 0 || first != st.at(0) {
		t.Fatal("a pointer to the first VM moved when others were added")
	}
	if st.len() != n {
		t.Fatalf("len %d, want %d", st.len(), n)
	}
	for i := range int32(n) {
		if got := st.at(i).since; got != int64(i) {
			t.Fatalf("vm %d holds %d", i, got)
		}
	}
}

// A result's VMs read the engine's blocks as they are: a VM's index finds
// its record in a slot (alive at the horizon) or in the done list
// (deleted), across block boundaries and in last blocks that are not full;
// At and All agree with the order of creation, and Unordered yields each
// VM once, skipping free slots; NewVMs holds a slice of any length.
func TestVMsOverBlocks(t *testing.T) {
	for _, n := range []int{0, 1, 1 << blockBits, 1<<blockBits + 1, 3<<blockBits - 1} {
		var slots blockList[vm]
		var done blockList[vmRecord]
		var slotOf blockList[int32]
		for i := range n {
			rec := vmRecord{number: int32(i)}
			if i%3 == 1 {
				slotOf.add(^done.add(rec))
				slots.add(vm{rec: rec, id: -1}) // the slot it was deleted from
			} else {
				slotOf.add(slots.add(vm{rec: rec, id: int32(i)}))
			}
		}
		vms := VMs{slots: slots.blocks, done: done.blocks, slotOf: slotOf.blocks, n: slotOf.len(),
			nSlots: slots.len(), nDone: done.len(), cfg: &Config{Fleets: []Fleet{{}}, Pools: []Pool{{}}}}
		plain := make([]VMResult, n)
		for i := range plain {
			plain[i].Number = int32(i)
		}
		for name, v := range map[string]VMs{"engine": vms, "NewVMs": NewVMs(plain)} {
			if v.Len() != n {
				t.Fatalf("%s n=%d: Len %d", name, n, v.Len())
			}
			seen := 0
			for i, r := range v.All() {
				if i != seen || r.Number != int32(i) || v.At(i) != r {
					t.Fatalf("%s n=%d: All yields %d (number %d) as item %d", name, n, i, r.Number, seen)
				}
				seen++
			}
			if seen != n {
				t.Fatalf("%s n=%d: All yielded %d", name, n, seen)
			}
			count := make([]int, n)
			for r := range v.Unordered() {
				count[r.Number]++
			}
			for i, c := range count {
				if c != 1 {
					t.Fatalf("%s n=%d: Unordered yielded VM %d %d times", name, n, i, c)
				}
			}
		}
	}
}

func TestBlockListDrain(t *testing.T) {
	for _, n := range []int{0, 1, 1 << blockBits, 1<<blockBits + 1, 3<<blockBits - 1} {
		var b blockList[int]
		for i := range n {
			b.add(i)
		}
		out := b.drain()
		if len(out) != n {
			t.Fatalf("n=%d: drained %d", n, len(out))
		}
		for i, v := range out {
			if v != i {
				t.Fatalf("n=%d: element %d is %d", n, i, v)
			}
		}
		if b.len() != 0 || b.blocks != nil {
			t.Fatalf("n=%d: not empty after drain", n)
		}
	}
}

// Elements fill the blocks in order: each block to its size, then the next
// from offset 0; sizes double from 64 to 4,096 and then stay.
func TestLocate(t *testing.T) {
	k, off := locate(0)
	if k != 0 || off != 0 {
		t.Fatalf("locate(0) = %d, %d", k, off)
	}
	for i := 1; i < 5<<blockBits; i++ {
		nk, noff := locate(i)
		want := [2]int{k, off + 1}
		if off+1 == blockSize(k) {
			want = [2]int{k + 1, 0}
		}
		if [2]int{nk, noff} != want {
			t.Fatalf("locate(%d) = %d, %d; want %v (after %d, %d)", i, nk, noff, want, k, off)
		}
		k, off = nk, noff
	}
	for k, want := range []int{64, 64, 128, 256, 512, 1024, 2048, 4096, 4096} {
		if got := blockSize(k); got != want {
			t.Errorf("blockSize(%d) = %d; want %d", k, got, want)
		}
	}
}
