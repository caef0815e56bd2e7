package sim

import "testing"

// VMs keep their data across block boundaries, pointers stay valid while
// VMs are added, and releasing a block happens only after its last VM.
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
		st.release(i)
		if block := i >> blockBits; i+1 < n && (i+1)>>blockBits == block && st.blocks[block] == nil {
			t.Fatalf("block %d released before its last VM (at %d)", block, i)
		}
	}
	for b, blk := range st.blocks {
		if blk != nil {
			t.Errorf("block %d not released", b)
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
