package tracefile

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spotsim/spotsim/pricing/traces"
)

// A canonical CSV read a block at a time is hashed only when its SHA-256 is
// asked for, gives the SHA-256 of its bytes, and refuses to give one for a
// file that changed since it was parsed; a second parse of a changed file
// (as the other kind) fails too.
func TestStreamedSumOnDemand(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.csv")
	data := "timestamp,region,sku,spot_price_usd,capacity\n2026-01-05T00:00:00Z,eastus,D2,0.02,5\n"
	if err := os.WriteFile(path, []byte(data), 0o666); err != nil {
		t.Fatal(err)
	}
	newCache := func() *Cache {
		c := New(func(p string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, p)) }, nil)
		c.StreamCSV(func(p string) (Stream, error) { return OpenStream(filepath.Join(dir, p)) })
		return c
	}

	c := newCache()
	f := c.Read(CSV, "p.csv", traces.PriceTrace)
	if f.Err != nil {
		t.Fatal(f.Err)
	}
	if f.Sum != "" || c.files["p.csv\x00stream"].sum != "" {
		t.Fatal("hashed while parsing; want on demand")
	}
	sum, err := f.Digest()
	want := sha256.Sum256([]byte(data))
	if err != nil || sum != hex.EncodeToString(want[:]) {
		t.Fatalf("Digest = %q, %v; want %x", sum, err, want)
	}
	if err := c.Digests(); err != nil {
		t.Fatal(err)
	}

	// Changed after parsing, before anyone asked for the sum.
	c = newCache()
	f = c.Read(CSV, "p.csv", traces.PriceTrace)
	changed := strings.Replace(data, "0.02", "0.025", 1)
	if err := os.WriteFile(path, []byte(changed), 0o666); err != nil {
		t.Fatal(err)
	}
	if sum, err := f.Digest(); err == nil || sum != "" {
		t.Fatalf("Digest of a changed file = %q, %v; want an error", sum, err)
	}
	if err := c.Digests(); err == nil || !strings.Contains(err.Error(), "changed") {
		t.Fatalf("Digests = %v; want the change reported", err)
	}

	// Changed between parsing it as prices and as capacity. The same size
	// with another modification time counts as a change.
	c = newCache()
	if f := c.Read(CSV, "p.csv", traces.PriceTrace); f.Err != nil {
		t.Fatal(f.Err)
	}
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}
	if f := c.Read(CSV, "p.csv", traces.CapacityTrace); f.Err == nil || !strings.Contains(f.Err.Error(), "changed") {
		t.Fatalf("second parse of a changed file: %v; want an error", f.Err)
	}

	// A cache that does not hash gives no sum and no error.
	c = newCache()
	c.SkipSums()
	f = c.Read(CSV, "p.csv", traces.PriceTrace)
	if sum, err := f.Digest(); sum != "" || err != nil {
		t.Fatalf("Digest without sums = %q, %v", sum, err)
	}
}
