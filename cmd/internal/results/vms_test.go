package results

import (
	"bytes"
	"encoding/csv"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
)

// vmRow is a vms.csv row built the plain way, a string per field, as the
// writer once did: WriteVMs, which quotes each fleet's and pool's texts once
// and formats numbers into one buffer, must write exactly what encoding/csv
// writes of these rows.
func vmRow(res *sim.Result, v sim.VMResult) []string {
	f, pool := &res.Config.Fleets[v.Fleet], &res.Config.Pools[v.Pool]
	prefix, sep := f.VMNaming()
	itoa := func(n int64) string { return strconv.FormatInt(n, 10) }
	mp, policy := "", ""
	if v.Priority == sim.Spot {
		mp, policy = maxPrice(v.MaxPrice), f.Policy.String()
	}
	compute, disk := v.Compute.Micros(), v.Disk.Micros()
	return []string{
		prefix + string(sep) + strconv.Itoa(int(v.Number)), f.Name, pool.Region, pool.SKU, v.Priority.String(), mp, policy,
		at(res.Config.Start, v.CreatedAt), v.FinalState.String(), itoa(int64(v.Evictions[0] + v.Evictions[1])), itoa(v.BilledSeconds),
		compute.String(), disk.String(), itoa(int64(v.Notices)), itoa(int64(v.Evictions[0])), itoa(int64(v.Evictions[1])),
		itoa(v.StateSeconds[sim.Running]), itoa(v.StateSeconds[sim.Stopped]), itoa(v.StateSeconds[sim.Deallocated]),
		v.PAYGCompute.Micros().String(), compute.Add(disk).String(), pool.Zone,
	}
}

// Fleets and pools whose texts need quotes (commas, quotes, a leading
// space, Postgres' \.), names from a VM prefix and scale-set names, spot
// VMs capped, uncapped and at odd prices, regular VMs, every final state,
// times across days from a start that is not midnight, and amounts past
// int64 micro-dollars.
func TestVMsAreEncodingCSVs(t *testing.T) {
	cfg := &sim.Config{
		Name: "quoting", Start: time.Date(2026, 2, 28, 22, 59, 30, 0, time.UTC), Horizon: 5 * 86400,
		Pools: []sim.Pool{
			{Region: "eastus", SKU: "Standard_D2s_v5"},
			{Region: "west,us", Zone: "1", SKU: `D"4"`},
			{Region: " lead", Zone: `\.`, SKU: "x\ny"},
		},
		Fleets: []sim.Fleet{
			{Name: "web", Policy: sim.Delete},
			{Name: "a,b", VMPrefix: "vm", Policy: sim.Deallocate},
			{Name: "ss", VMPrefix: `p"q`, ScaleSetNames: true},
			{Name: "\tdb", Priority: sim.Regular},
		},
	}
	res := &sim.Result{Config: cfg}
	var vs []sim.VMResult
	huge := pricing.Accrue(math.MaxInt64, math.MaxInt64)
	for i := range 400 {
		f := int32(i % len(cfg.Fleets))
		v := sim.VMResult{
			Fleet: f, Pool: int32(i % len(cfg.Pools)), Number: int32(i * 37), Notices: int32(i % 3),
			Evictions: [2]int32{int32(i % 5), int32(i % 2)}, Priority: cfg.Fleets[f].Priority,
			FinalState: sim.State(i % sim.NumStates), CreatedAt: int64(i) * 1234, MaxPrice: pricing.Price(int64(i) * 12_345_679),
			BilledSeconds: int64(i) * 3601, Compute: pricing.Accrue(pricing.Price(i*999_999), int64(i)*77),
			Disk: pricing.Units(int64(i) * 1_799_999), PAYGCompute: pricing.Accrue(96_000_000, int64(i)),
		}
		switch i % 7 {
		case 0:
			v.MaxPrice = pricing.Uncapped
		case 1:
			v.Compute, v.PAYGCompute = huge, huge.Add(huge)
		}
		for s := range v.StateSeconds {
			v.StateSeconds[s] = int64(i*s) * 61
		}
		vs = append(vs, v)
	}
	res.VMs = sim.NewVMs(vs)

	var want bytes.Buffer
	cw := csv.NewWriter(&want)
	cw.Write(vmColumns)
	for _, v := range vs {
		cw.Write(vmRow(res, v))
	}
	cw.Flush()
	var got bytes.Buffer
	if err := WriteVMs(&got, res); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		g, w := bytes.Split(got.Bytes(), []byte("\n")), bytes.Split(want.Bytes(), []byte("\n"))
		for i := range min(len(g), len(w)) {
			if !bytes.Equal(g[i], w[i]) {
				t.Fatalf("line %d:\n got %s\nwant %s", i+1, g[i], w[i])
			}
		}
		t.Fatalf("%d lines; want %d", len(g), len(w))
	}
}
