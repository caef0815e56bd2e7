package csvw

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/spotsim/spotsim/sim"
)

// quoteCases are fields encoding/csv quotes and fields it leaves alone.
var quoteCases = []string{"", "plain", "a,b", `say "hi"`, "line\nbreak", "cr\r", " lead", "\tlead", `\.`, "trail ", "é", "x,\"y\"\n"}

// A row written field by field (Str, and Raw of Quote) is byte for byte the
// row encoding/csv writes, so the files read back the same.
func TestRowsAreEncodingCSVs(t *testing.T) {
	var want, got, raw bytes.Buffer
	cw := csv.NewWriter(&want)
	cw.Write([]string{"h1", "h 2"})
	cw.Write(quoteCases)
	cw.Flush()
	w := New(&got, []string{"h1", "h 2"})
	r := New(&raw, []string{"h1", "h 2"})
	for _, s := range quoteCases {
		w.Str(s)
		r.Raw(Quote(s))
	}
	w.End()
	r.End()
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	r.Flush()
	if got.String() != want.String() {
		t.Errorf("Str:\n%q\nencoding/csv:\n%q", got.String(), want.String())
	}
	if raw.String() != want.String() {
		t.Errorf("Raw(Quote):\n%q\nencoding/csv:\n%q", raw.String(), want.String())
	}
}

// Fuzzed fields: NeedsQuotes agrees with encoding/csv on every string.
func FuzzQuote(f *testing.F) {
	for _, s := range quoteCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		cw := csv.NewWriter(&want)
		cw.Write([]string{s, "x"})
		cw.Flush()
		if got := Quote(s) + ",x\n"; got != want.String() {
			t.Fatalf("Quote(%q) row %q; encoding/csv %q", s, got, want.String())
		}
	})
}

// VMName, with each fleet's prefix checked once, writes what Name writes,
// for plain prefixes, ones that need quotes, and scale-set names.
func TestVMNameIsName(t *testing.T) {
	fleets := []sim.Fleet{{Name: "web"}, {Name: "x", VMPrefix: "a,b"}, {Name: " lead"}, {Name: "ss", ScaleSetNames: true}, {Name: `q"`}}
	var a, b bytes.Buffer
	wa, wb := New(&a, []string{"vm"}), New(&b, []string{"vm"})
	names := NewNames(fleets)
	for i := range fleets {
		for _, n := range []int{0, 7, 12345} {
			wa.Name(&fleets[i], n)
			wa.End()
			wb.VMName(names, i, n)
			wb.End()
		}
	}
	wa.Flush()
	wb.Flush()
	if a.String() != b.String() {
		t.Fatalf("VMName:\n%s\nName:\n%s", b.String(), a.String())
	}
}
