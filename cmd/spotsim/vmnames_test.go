package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	examples "github.com/spotsim/spotsim/scenarios"
)

// A fleet's VM naming (vm_names, vm_name_prefix) reaches every output that
// names a VM, not just serve: the example's batch fleet named as an AKS
// node pool's scale set.
func TestVMNamesInEveryOutput(t *testing.T) {
	dir := t.TempDir()
	if err := examples.CopyExample(dir); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "example.yaml")
	src, _ := os.ReadFile(path)
	named := strings.Replace(string(src), "  - name: batch\n", "  - name: batch\n    vm_names: scale_set\n    vm_name_prefix: aks-batch-1234-vmss\n", 1)
	if named == string(src) {
		t.Fatal("the example has no batch fleet")
	}
	os.WriteFile(path, []byte(named), 0o644)
	out := filepath.Join(dir, "out")
	if code, _, errs := spotsim(t, "run", path, "--out", out, "--usage-by-resource"); code != 0 {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	old := regexp.MustCompile(`(?:^|[,"\s/\[])batch-[0-9]`)
	seen := map[string]bool{}
	files, _ := os.ReadDir(out)
	for _, f := range files {
		b, _ := os.ReadFile(filepath.Join(out, f.Name()))
		if loc := old.FindIndex(b); loc != nil {
			t.Errorf("%s still names a VM batch-<n>: %q", f.Name(), b[max(0, loc[0]-40):min(len(b), loc[1]+40)])
		}
		if strings.Contains(string(b), "aks-batch-1234-vmss_0") {
			seen[f.Name()] = true
		}
	}
	// Without --usage-by-resource the cost rows are the scale set's: named
	// as the prefix.
	out2 := filepath.Join(dir, "out2")
	if code, _, errs := spotsim(t, "run", path, "--out", out2, "--outputs", "focus"); code != 0 {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	if b, _ := os.ReadFile(filepath.Join(out2, "focus.csv")); !strings.Contains(string(b), "virtualMachineScaleSets/aks-batch-1234-vmss") {
		t.Errorf("focus.csv per fleet does not name the scale set aks-batch-1234-vmss:\n%s", firstLines(b, 3))
	}
	for _, f := range []string{"vms.csv", "events.csv", "notices.jsonl", "usage_hourly.csv", "focus.csv"} {
		if !seen[f] {
			t.Errorf("%s does not name aks-batch-1234-vmss_0 (files naming it: %v)", f, seen)
		}
	}
}
