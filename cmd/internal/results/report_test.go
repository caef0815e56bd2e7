package results

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	goldenfile "github.com/spotsim/spotsim/cmd/internal/golden"
	"github.com/spotsim/spotsim/cmd/internal/schedevents"
	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
)

var start = time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)

func price(t testing.TB, s string) pricing.Price {
	t.Helper()
	p, err := pricing.ParsePrice(s)
	if err != nil {
		t.Fatalf("price %q: %v", s, err)
	}
	return p
}

// sample is a small day of four fleets: batch (spot, max price, one price
// eviction, a create refused for quota, a failed restart), web (spot -1,
// delete policy, one capacity eviction), db (regular) and idle (no VMs).
// Its figures are made up but consistent: batch-0 is acceptance case a01.
func sample(t testing.TB) *sim.Result {
	t.Helper()
	var (
		eastPAYG  = price(t, "0.096")
		westPAYG  = price(t, "0.192")
		max04     = price(t, "0.04")
		spotEast  = price(t, "0.02")
		spotWest  = price(t, "0.0384")
		spotSpike = price(t, "0.05")
	)
	cfg := &sim.Config{
		Name:    "golden",
		Start:   start,
		Horizon: 86400,
		Seed:    7,
		Notice:  sim.NoticeLead{Min: 30, Max: 30},
		Billing: sim.AzureBilling,
		Pools: []sim.Pool{
			{Region: "eastus", SKU: "Standard_D2s_v5", VCPUs: 2, PAYG: eastPAYG},
			{Region: "westeurope", SKU: "Standard_D4s_v5", VCPUs: 4, PAYG: westPAYG},
		},
		Fleets: []sim.Fleet{
			{Name: "batch", Pool: 0, Count: 3, Priority: sim.Spot, MaxPrice: max04, Policy: sim.Deallocate, DiskPrice: price(t, "0.01"), After: sim.RestartAutomation, Interval: 3600},
			{Name: "web", Pool: 1, Count: 1, Priority: sim.Spot, MaxPrice: pricing.Uncapped, Policy: sim.Delete, DiskPrice: price(t, "0.0144"), CreateAt: 3600},
			{Name: "db", Pool: 1, Count: 1, Priority: sim.Regular, MaxPrice: pricing.Uncapped, Policy: sim.Deallocate},
			{Name: "idle", Pool: 0, Count: 0, Priority: sim.Spot, MaxPrice: pricing.Uncapped},
		},
		Record: sim.Record{Events: true, Notices: true},
	}
	vm := func(name string, fleet, number int, created int64, final sim.State, billed int64, rate, disk, payg pricing.Price, diskSeconds int64) sim.VMResult {
		if want := cfg.Fleets[fleet].Name + "-" + strconv.Itoa(number); name != want {
			t.Fatalf("vm %q is %q by its fleet and number", name, want)
		}
		return sim.VMResult{
			Fleet: int32(fleet), Number: int32(number), Priority: cfg.Fleets[fleet].Priority, CreatedAt: created, FinalState: final,
			MaxPrice:      cfg.Fleets[fleet].MaxPrice,
			BilledSeconds: billed,
			Compute:       pricing.Accrue(rate, billed),
			Disk:          pricing.Accrue(disk, diskSeconds),
			PAYGCompute:   pricing.Accrue(payg, billed),
		}
	}
	batch0 := vm("batch-0", 0, 0, 0, sim.Deallocated, 36030, spotEast, cfg.Fleets[0].DiskPrice, eastPAYG, 86400)
	// The 30 s of notice are billed at the max price, which the spike passed (R5).
	batch0.Compute = pricing.Accrue(spotEast, 36000).Add(pricing.Accrue(max04, 30))
	batch0.Notices = 1
	batch0.Evictions[sim.PriceEviction] = 1
	batch0.StateSeconds[sim.Running] = 36030
	batch0.StateSeconds[sim.Deallocated] = 50370
	batch1 := vm("batch-1", 0, 1, 0, sim.Stopped, 86400, spotEast, cfg.Fleets[0].DiskPrice, eastPAYG, 86400)
	batch1.StateSeconds[sim.Running] = 43200
	batch1.StateSeconds[sim.Stopped] = 43200
	web0 := vm("web-0", 1, 0, 3600, sim.Deleted, 18030, spotWest, cfg.Fleets[1].DiskPrice, westPAYG, 18030)
	web0.Notices = 1
	web0.Evictions[sim.CapacityEviction] = 1
	web0.StateSeconds[sim.Running] = 18030
	web0.StateSeconds[sim.Deleted] = 64770
	db0 := vm("db-0", 2, 0, 0, sim.Running, 86400, westPAYG, 0, westPAYG, 86400)
	db0.StateSeconds[sim.Running] = 86400

	ev := func(at int64, vmIdx, fleet int, name string, kind sim.EventKind, from, to sim.State, spot pricing.Price, reason string) sim.Event {
		n, err := strconv.Atoi(name[strings.LastIndexByte(name, '-')+1:])
		if err != nil {
			t.Fatalf("event for %q: %v", name, err)
		}
		why := sim.Why(0)
		for why < sim.NumReasons && why.String() != reason {
			why++
		}
		if why == sim.NumReasons {
			t.Fatalf("unknown reason %q", reason)
		}
		e := sim.Event{Time: at, VM: vmIdx, Fleet: fleet, Number: int32(n), Kind: kind, From: from, To: to, SpotPrice: spot, Reason: why}
		if kind == sim.EvNotice {
			e.Lead = 30 // the evictions below come 30 s later
		}
		return e
	}
	return &sim.Result{
		Config: cfg,
		VMs:    sim.NewVMs([]sim.VMResult{batch0, batch1, web0, db0}),
		Fleets: []sim.FleetResult{{FailedCreates: 1, FailedStarts: 1}, {}, {}, {}},
		Events: []sim.Event{
			ev(0, 0, 0, "batch-0", sim.EvCreate, sim.Creating, sim.Running, spotEast, ""),
			ev(0, 1, 0, "batch-1", sim.EvCreate, sim.Creating, sim.Running, spotEast, ""),
			ev(0, -1, 0, "batch-2", sim.EvCreateFailed, sim.NoState, sim.NoState, spotEast, "OperationNotAllowed"),
			ev(0, 3, 2, "db-0", sim.EvCreate, sim.Creating, sim.Running, -1, ""),
			ev(3600, 2, 1, "web-0", sim.EvCreate, sim.Creating, sim.Running, spotWest, ""),
			ev(21600, 2, 1, "web-0", sim.EvNotice, sim.Running, sim.Running, spotWest, "capacity"),
			ev(21630, 2, 1, "web-0", sim.EvEvict, sim.Running, sim.Deleted, spotWest, "capacity"),
			ev(36000, 0, 0, "batch-0", sim.EvNotice, sim.Running, sim.Running, spotSpike, "price"),
			ev(36030, 0, 0, "batch-0", sim.EvEvict, sim.Running, sim.Deallocated, spotSpike, "price"),
			ev(39630, 0, 0, "batch-0", sim.EvStartFailed, sim.Deallocated, sim.Deallocated, spotSpike, "SpotPriceGreaterThanProvidedMaxPrice"),
			ev(43200, 1, 0, "batch-1", sim.EvStop, sim.Running, sim.Stopped, spotSpike, "stop"),
		},
		Notices: []sim.Notice{
			{VM: 2, IssuedAt: 21600, NotBefore: 21630, Reason: sim.CapacityEviction, EventID: sim.EventID{0x5D6F1E2A93B44C1D, 0x8E2F0A1B2C3D4E5F}, Incarnation: 1},
			{VM: 0, IssuedAt: 36000, NotBefore: 36030, Reason: sim.PriceEviction, EventID: sim.EventID{0x0C9B8A7D6E5F4A3B, 0x9C2D1E0F9A8B7C6D}, Incarnation: 1},
		},
	}
}

const resolved = "# resolved by spotsim test\nname: golden\nseed: 7\n"

// golden compares got with testdata/name, or rewrites it under -update. Read
// the diff before committing a rewrite: it is the review of the change.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), got)
}

func TestGoldenFolder(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, sample(t), []byte(resolved), sampleOutputs, false); err != nil {
		t.Fatal(err)
	}
	for o := range numOutputs {
		if !sampleOutputs.Has(o) {
			continue
		}
		got, err := os.ReadFile(filepath.Join(dir, o.File()))
		if err != nil {
			t.Fatal(err)
		}
		golden(t, filepath.Join("golden", o.File()), got)
	}
}

// The io.Writer forms must give the same bytes as the folder.
func TestWritersMatchFolder(t *testing.T) {
	res := sample(t)
	dir := t.TempDir()
	if err := Write(dir, res, nil, sampleOutputs, false); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		out   Output
		write func(*bytes.Buffer) error
	}{
		{Summary, func(b *bytes.Buffer) error { return WriteSummary(b, res) }},
		{Fleets, func(b *bytes.Buffer) error { return WriteFleets(b, res) }},
		{VMs, func(b *bytes.Buffer) error { return WriteVMs(b, res) }},
		{Events, func(b *bytes.Buffer) error { return WriteEvents(b, res) }},
		{Notices, func(b *bytes.Buffer) error { return WriteNotices(b, res) }},
	} {
		var b bytes.Buffer
		if err := tc.write(&b); err != nil {
			t.Fatalf("%s: %v", tc.out, err)
		}
		file, err := os.ReadFile(filepath.Join(dir, tc.out.File()))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b.Bytes(), file) {
			t.Errorf("%s: writer and folder differ", tc.out)
		}
	}
}

func TestHumanGolden(t *testing.T) {
	var b bytes.Buffer
	if err := Human(&b, sample(t), "results/golden"); err != nil {
		t.Fatal(err)
	}
	golden(t, "human.golden", b.Bytes())
	if n := bytes.Count(b.Bytes(), []byte("\n")); n < 6 || n > 8 {
		t.Errorf("Human wrote %d lines, want 6 to 8", n)
	}
}

func TestByteStable(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if err := Write(dir, sample(t), []byte(resolved), sampleOutputs, false); err != nil {
			t.Fatal(err)
		}
	}
	for o := range numOutputs {
		x, _ := os.ReadFile(filepath.Join(a, o.File()))
		y, _ := os.ReadFile(filepath.Join(b, o.File()))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two writes of the same result", o.File())
		}
	}
}

// sampleOutputs is every output the hand-made sample can feed: it has no
// billed intervals for the usage files (those are tested in package usage),
// nor a workload series.
const sampleOutputs = AllOutputs &^ (1<<UsageHourly | 1<<UsageDaily | 1<<FOCUS | 1<<WorkloadSeries | 1<<AzureEA | 1<<AzureMCA)

// The hand-written notices.jsonl is exactly what encoding/json makes of the
// schedevents.Document struct, field order included.
func TestNoticesAreScheduledEvents(t *testing.T) {
	var b bytes.Buffer
	if err := WriteNotices(&b, sample(t)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines", len(lines))
	}
	for _, line := range lines {
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		var doc schedevents.Document
		if err := dec.Decode(&doc); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		var again bytes.Buffer
		enc := json.NewEncoder(&again)
		enc.SetEscapeHTML(false)
		enc.Encode(&doc)
		if again.String() != line+"\n" {
			t.Errorf("hand-written\n%s\nencoding/json\n%s", line, again.String())
		}
	}
}

// changeVM replaces res's VMs with a copy in which change has edited VM i:
// a result's VMs are read-only.
func changeVM(res *sim.Result, i int, change func(*sim.VMResult)) {
	vs := make([]sim.VMResult, 0, res.VMs.Len())
	for _, v := range res.VMs.All() {
		vs = append(vs, v)
	}
	change(&vs[i])
	res.VMs = sim.NewVMs(vs)
}
