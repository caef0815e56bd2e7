package main

import (
	"path/filepath"
	"strconv"
	"testing"

	"github.com/spotsim/spotsim/cmd/internal/bench"
)

// The benchmark scenarios must stay valid scenarios whose runs exercise what
// they are meant to: price and capacity evictions, restarts and replacements.
// (The bench command itself runs in CI at a reduced size.)
func TestBenchScenariosRun(t *testing.T) {
	for _, spec := range []bench.Spec{bench.B1(0.02), bench.B2(0.001)} {
		t.Run(spec.Name, func(t *testing.T) {
			dir := t.TempDir()
			path, err := bench.Write(dir, spec)
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "results")
			if code, _, errs := spotsim(t, "run", path, "--out", out, "--outputs", "summary"); code != exitOK {
				t.Fatalf("exit %d: %s", code, errs)
			}
			rows := readCSV(t, filepath.Join(out, "summary.csv"))
			if len(rows) != 2 {
				t.Fatalf("summary.csv: %d rows", len(rows))
			}
			col := map[string]int64{}
			for i, name := range rows[0] {
				col[name], _ = strconv.ParseInt(rows[1][i], 10, 64)
			}
			if col["vms"] < int64(spec.VMs) || col["price_evictions"] == 0 || col["capacity_evictions"] == 0 {
				t.Errorf("vms %d (want >= %d), price evictions %d, capacity evictions %d: want both kinds",
					col["vms"], spec.VMs, col["price_evictions"], col["capacity_evictions"])
			}
		})
	}
}
