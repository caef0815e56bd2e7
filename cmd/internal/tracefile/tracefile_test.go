package tracefile

import (
	"errors"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/spotsim/spotsim/pricing/traces"
)

// The table, row by row: what each format holds, whether it takes a start,
// names its pools, and is a folder (docs/traces.md).
func TestFormats(t *testing.T) {
	want := []struct {
		name                 string
		holds                Holds
		start, pools, folder bool
	}{
		{"csv", Either, false, true, false},
		{"azure-retail", Prices, false, true, false},
		{"azure-snapshots", Prices, false, true, true},
		{"resource-graph", Prices, false, true, false},
		{"aws", Prices, false, true, false},
		{"availability", Capacity, true, false, false},
		{"fleet-log", Capacity, true, false, false},
		{"skynomad-prices", Prices, true, false, false},
		{"skynomad-availability", Capacity, false, false, false},
		{"gcp", Prices, false, true, false},
	}
	if len(Formats) != len(want) {
		t.Fatalf("%d formats, want %d", len(Formats), len(want))
	}
	for i, w := range want {
		f := Formats[i]
		if f.Name != w.name || f.Holds != w.holds || f.Start != w.start || f.Pools != w.pools || f.Folder != w.folder || f.read == nil {
			t.Errorf("row %d: %+v, want %+v", i, f, w)
		}
		if g, ok := Lookup(w.name); !ok || g != &Formats[i] {
			t.Errorf("Lookup(%s) = %v, %v", w.name, g, ok)
		}
	}
	for _, c := range []struct{ got, want string }{
		{Help(), "csv, azure-retail, azure-snapshots (a folder), resource-graph, aws, gcp, availability, fleet-log, skynomad-prices, skynomad-availability"},
		{strings.Join(Names(Prices), ", "), "csv, azure-retail, azure-snapshots, resource-graph, aws, skynomad-prices, gcp"},
		{strings.Join(Names(Capacity), ", "), "csv, availability, fleet-log, skynomad-availability"},
		{strings.Join(StartNames(), ", "), "availability, fleet-log, skynomad-prices"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

const priceCSV = "timestamp,region,sku,spot_price_usd\n2026-01-01T00:00:00Z,eastus,Standard_D2s_v5,0.02\n"

// A file is opened and hashed once however many formats and kinds read it,
// parsed once per format (and kind, for csv), and its problem reported
// once per format.
func TestCache(t *testing.T) {
	opens := map[string]int{}
	files := map[string]string{"p.csv": priceCSV}
	c := New(func(path string) ([]byte, error) {
		opens[path]++
		if s, ok := files[path]; ok {
			return []byte(s), nil
		}
		return nil, fs.ErrNotExist
	}, nil)
	a := c.Read(CSV, "p.csv", traces.PriceTrace)
	b := c.Read(CSV, "p.csv", traces.PriceTrace)
	if a != b || a.Err != nil || len(a.Set.Order) != 1 || len(a.Sum) != 64 {
		t.Fatalf("csv read twice: %+v, %+v", a, b)
	}
	capacity := c.Read(CSV, "p.csv", traces.CapacityTrace)
	if capacity == a || capacity.Err == nil {
		t.Errorf("a price file read as capacity: %+v; want its own parse, failing", capacity)
	}
	aws, _ := Lookup("aws")
	if f := c.Read(aws, "p.csv", traces.PriceTrace); f.Err == nil || f.Sum != a.Sum {
		t.Errorf("csv read as aws: %+v; want a parse error and the file's sum", f)
	}
	if opens["p.csv"] != 1 {
		t.Errorf("p.csv opened %d times, want 1", opens["p.csv"])
	}
	missing := c.Read(CSV, "none.csv", traces.PriceTrace)
	if re, ok := errors.AsType[*ReadError](missing.Err); !ok || !errors.Is(re, fs.ErrNotExist) ||
		missing.Err.Error() != `cannot read trace file "none.csv": file does not exist` {
		t.Errorf("missing file: %v", missing.Err)
	}
	if c.Reported("csv", "none.csv") || !c.Reported("csv", "none.csv") || c.Reported("aws", "none.csv") {
		t.Error("Reported: want false the first time per format and file, then true")
	}
	snap, _ := Lookup("azure-snapshots")
	if f := c.Read(snap, "snaps", traces.PriceTrace); f.Err == nil || !strings.Contains(f.Err.Error(), "here") {
		t.Errorf("folder without openDir: %v", f.Err)
	}
	var sums []string
	for path, sum := range c.FileSums() {
		sums = append(sums, path+"="+sum[:min(4, len(sum))])
	}
	if len(sums) != 2 {
		t.Errorf("FileSums: %v; want p.csv and none.csv", sums)
	}
}

// Windows are cut once per trace, start and end. A cache that spends its
// traces gives the series a copying cache gives, from the trace's own
// arrays; asked again for the same window it gives the same series, and a
// window of a spent trace with another start is a bug (a panic), where a
// copying cache (a sweep's) gives it.
func TestCacheWindows(t *testing.T) {
	rows := priceCSV + "2026-01-01T01:00:00Z,eastus,Standard_D2s_v5,0.03\n" +
		"2026-01-01T02:00:00Z,eastus,Standard_D2s_v5,0.01\n" + "2026-01-01T03:00:00Z,eastus,Standard_D2s_v5,0.04\n"
	open := func(string) ([]byte, error) { return []byte(rows), nil }
	copying, spending := New(open, nil), New(open, nil)
	spending.SpendTraces()
	trOf := func(c *Cache) *traces.Trace {
		f := c.Read(CSV, "p.csv", traces.PriceTrace)
		if f.Err != nil {
			t.Fatal(f.Err)
		}
		return f.Set.Pools[f.Set.Order[0]]
	}
	ct, st := trOf(copying), trOf(spending)
	start, end := ct.Times[0]+1800, ct.Times[2]+1 // from half past 0:00 to just after 2:00: three points
	want, err := copying.Window(ct, start, end)
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Times) != 3 || want.Times[1] != 1800 {
		t.Fatalf("copying window %+v", want)
	}
	got, err := spending.Window(st, start, end)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("spending window %+v, %v; want %+v", got, err, want)
	}
	if &got.Times[0] != &st.Times[0] {
		t.Error("the spending cache copied the trace's times")
	}
	if &want.Times[0] == &ct.Times[0] || ct.Times[0] == 0 {
		t.Error("the copying cache shifted the trace's own times")
	}
	if again, err := spending.Window(st, start, end); err != nil || &again.Times[0] != &got.Times[0] {
		t.Errorf("the same window again: %+v, %v; want the first one", again, err)
	}
	if _, err := copying.Window(ct, start+1, end); err != nil {
		t.Errorf("a copying cache's second window: %v", err)
	}
	defer func() {
		if recover() == nil {
			t.Error("another window of a spent trace: want a panic")
		}
	}()
	spending.Window(st, start+1, end)
}

// A folder is hashed by its files' names and bytes, and read by its format.
func TestFolder(t *testing.T) {
	fsys := fstest.MapFS{"2026-01-01_a/Standard_D2s_v5.json": {Data: []byte(`{"Items": []}`)}}
	c := New(nil, func(string) (fs.FS, error) { return fsys, nil })
	snap, _ := Lookup("azure-snapshots")
	f := c.Read(snap, "snaps", traces.PriceTrace)
	if len(f.Sum) != 64 {
		t.Errorf("folder sum %q", f.Sum)
	}
	n := 0
	for path := range c.ForeignSums() {
		n++
		if path != "snaps" {
			t.Errorf("ForeignSums: %s", path)
		}
	}
	if n != 1 {
		t.Errorf("ForeignSums: %d entries, want 1", n)
	}
}

// `spotsim traces` inputs: the flags a format needs, the kind a csv
// header says.
func TestInput(t *testing.T) {
	c := New(func(path string) ([]byte, error) {
		if path == "cap.csv" {
			return []byte("timestamp,region,sku,capacity\n2026-01-01T00:00:00Z,eastus,Standard_D2s_v5,3\n"), nil
		}
		return []byte(priceCSV), nil
	}, nil)
	c.SkipSums()
	for _, tc := range []struct {
		in   Input
		path string
		err  string
		kind traces.Kind
	}{
		{Input{Format: "csv"}, "p.csv", "", traces.PriceTrace},
		{Input{Format: "csv"}, "cap.csv", "", traces.CapacityTrace},
		{Input{Format: "oracle"}, "p.csv", `--format "oracle": want one of csv, azure-retail`, 0},
		{Input{Format: "availability", SKU: "s"}, "a.json", "availability input needs --region, --sku and --start", traces.CapacityTrace},
		{Input{Format: "skynomad-prices"}, "a.json", "skynomad-prices input needs --sku and --start", traces.PriceTrace},
		{Input{Format: "skynomad-availability", SKU: "s"}, "a.json", "skynomad-availability input needs --region and --sku", traces.CapacityTrace},
		{Input{Format: "fleet-log", Region: "r", SKU: "s", Start: "soon"}, "a.json", `--start "soon": want an RFC 3339 time`, traces.CapacityTrace},
		// A flag the format does not take is refused, not ignored: the
		// file's own dates (or pools) would be written instead, silently.
		{Input{Format: "skynomad-availability", Region: "r", SKU: "s", Start: "2020-01-01T00:00:00Z"}, "a.csv", "--start: a skynomad-availability file has its own dates; only an availability, fleet-log or skynomad-prices input takes a start", traces.CapacityTrace},
		{Input{Format: "csv", Start: "2020-01-01T00:00:00Z"}, "p.csv", "--start: a csv file has its own dates", traces.PriceTrace},
		{Input{Format: "gcp", Region: "us-east1"}, "g.csv", "--region: a gcp file names its pools; only an availability, fleet-log or skynomad-availability input takes a region", traces.PriceTrace},
		{Input{Format: "csv", SKU: "s"}, "p.csv", "--sku: a csv file names its pools; only an availability, fleet-log, skynomad-prices or skynomad-availability input takes a sku", traces.PriceTrace},
		// Ignored, it left a price file read as prices after asking for capacity.
		{Input{Format: "gcp", Capacity: true}, "g.csv", "--capacity: a gcp file holds spot prices; only a csv input may hold either", traces.PriceTrace},
		{Input{Format: "skynomad-prices", Region: "r", SKU: "s", Start: "2020-01-01T00:00:00Z"}, "a.json", "--region: a skynomad-prices file names its pools (by zone)", traces.PriceTrace},
	} {
		set, kind, err := tc.in.Read(c, tc.path)
		switch {
		case tc.err == "" && (err != nil || len(set.Order) != 1):
			t.Errorf("%+v: %v", tc.in, err)
		case tc.err != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.err)):
			t.Errorf("%+v: %v; want %q", tc.in, err, tc.err)
		case kind != tc.kind:
			t.Errorf("%+v: kind %d, want %d", tc.in, kind, tc.kind)
		}
	}
	if c.Read(CSV, "p.csv", traces.PriceTrace).Sum != "" {
		t.Error("SkipSums: a sum was taken")
	}
}
