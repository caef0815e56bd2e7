package sim

import "testing"

// VMs keep their data across block boundaries, pointers stay valid while
// VMs are added, and releasing a block happens only after its last VM.
func TestVMStoreBlocks(t *testing.T) {
	var st vmStore
	const n = 3<<vmBlockBits + 5
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
		if block := i >> vmBlockBits; i+1 < n && (i+1)>>vmBlockBits == block && st.blocks[block] == nil {
			t.Fatalf("block %d released before its last VM (at %d)", block, i)
		}
	}
	for b, blk := range st.blocks {
		if blk != nil {
			t.Errorf("block %d not released", b)
		}
	}
}
