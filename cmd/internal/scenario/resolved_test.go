package scenario

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	goldenfile "github.com/spotsim/spotsim/cmd/internal/golden"
	examples "github.com/spotsim/spotsim/scenarios"
)

// roundTrip checks that the resolved file of s parses back to the same
// scenario.
func roundTrip(t testing.TB, s *Scenario, open func(string) ([]byte, error)) []byte {
	t.Helper()
	out, err := s.ResolvedYAML("test")
	if err != nil {
		t.Fatalf("ResolvedYAML: %v", err)
	}
	back, err := Parse("scenario.resolved.yaml", out, open)
	if err != nil {
		t.Fatalf("resolved file does not parse: %v\n%s", err, out)
	}
	if !reflect.DeepEqual(back.Config, s.Config) {
		t.Fatalf("resolved file gives Config\n%+v\nwant\n%+v\nfile:\n%s", back.Config, s.Config, out)
	}
	if !back.Config.Start.Equal(s.Config.Start) || back.Offer != s.Offer || !reflect.DeepEqual(back.Warnings, s.Warnings) {
		t.Fatalf("resolved file gives start %v offer %q warnings %q; want %v %q %q", back.Config.Start, back.Offer, back.Warnings, s.Config.Start, s.Offer, s.Warnings)
	}
	again, err := back.ResolvedYAML("test")
	if err != nil || !bytes.Equal(withoutHeader(again), withoutHeader(out)) {
		t.Fatalf("resolving the resolved file changes it (%v):\n%s\nthen\n%s", err, out, again)
	}
	return out
}

func loadExample(t *testing.T) *Scenario {
	t.Helper()
	data, err := examples.Example.ReadFile(examples.ExampleFile)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse(examples.ExampleFile, data, func(rel string) ([]byte, error) { return fs.ReadFile(examples.Example, rel) })
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestResolvedExample compares the example's resolved file with a golden
// copy; run with -update to rewrite it, then read the diff.
func TestResolvedExample(t *testing.T) {
	s := loadExample(t)
	out := roundTrip(t, s, func(rel string) ([]byte, error) { return fs.ReadFile(examples.Example, rel) })
	golden := filepath.Join("testdata", "example.resolved.yaml.golden")
	if goldenfile.Update() {
		if err := os.WriteFile(golden, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, want) {
		t.Errorf("resolved example differs from %s (run go test -update and read the diff):\n%s", golden, out)
	}
}

func TestResolvedHeader(t *testing.T) {
	s := mustParse(t, valid)
	out, err := s.ResolvedYAML("1.2.3")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\nspotsim_version: 1.2.3\n", "\nversion: 1\n", "\ntimings: {create: 1m, start: 30s, stop: 15s, deallocate: 30s, delete: 30s}\n"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("resolved file lacks %q:\n%s", strings.TrimSpace(want), out)
		}
	}
}

// The CLI overrides the seed after Parse; the resolved file must carry the
// seed the run used.
func TestResolvedWritesTheConfigAsChanged(t *testing.T) {
	s := mustParse(t, valid)
	s.Config.Seed = 99
	out := roundTrip(t, s, openTest)
	if !bytes.Contains(out, []byte("\nseed: 99\n")) {
		t.Errorf("resolved file lacks seed: 99:\n%s", out)
	}
}

func TestRoundTripOfTrickyValues(t *testing.T) {
	for _, src := range []string{
		// Names that read as numbers or booleans must come back as strings.
		strings.Replace(valid, "name: t", "name: \"2026\"", 1) + "notice: 0s\n",
		strings.Replace(valid, "name: t", "name: \"true\"", 1),
		strings.Replace(valid, "count: 1", "count: 1, max_price: 0.00001, disk_price: 0.000000001", 1),
		head("0, capacity: 0") + fleet(", create_at: 23h59m59s") + "timings: {create: 0, start: 1d1s}\n",
		head("{csv: prices.csv, sha256: "+strings.ToUpper(sha256Hex(testTraces["prices.csv"]))+"}") + fleet(""),
	} {
		roundTrip(t, mustParse(t, src), openTest)
	}
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// withoutHeader drops the leading comment, which names the file parsed.
func withoutHeader(b []byte) []byte {
	for bytes.HasPrefix(b, []byte("#")) {
		b = b[bytes.IndexByte(b, '\n')+1:]
	}
	return b
}
