package traces

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestReadTickPrices(t *testing.T) {
	tp, err := ReadTickPrices([]byte(`{"us-west-2a_v100_1": [0.918, 0.918, 1.0461], "us-east-1c_v100_1": [1.2e0]}`), "p.json")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(tp.Zones, ",") != "us-east-1c_v100_1,us-west-2a_v100_1" {
		t.Errorf("zones %v", tp.Zones)
	}
	tr := tp.Trace("us-west-2a_v100_1", 1000, 195)
	if len(tr.Times) != 2 || tr.Times[1] != 1390 || tr.Values[0] != 918_000_000 || tr.Values[1] != 1_046_100_000 {
		t.Errorf("trace %+v; want 0.918 at 1000, 1.0461 at 1390", tr)
	}
	set, err := tp.Set("p.json", "p3.2xlarge", 0, 195)
	if err != nil || set.Pools[Pool{"us-east-1c", "p3.2xlarge"}] == nil {
		t.Errorf("set %+v %v", set, err)
	}
	for _, c := range []struct{ in, want string }{
		{`[1]`, "p.json: $: want {\"<zone>\": [price per tick, ...], ...} with at least one zone, got a list"},
		{`{"z": []}`, "p.json: z: want a non-empty list of prices"},
		{`{"z": [0.1, "x"]}`, "p.json: z[1]: want a price (a number), got a string"},
		{`{"z": [-0.1]}`, "p.json: z[0]: -0.1: negative"},
	} {
		if _, err := ReadTickPrices([]byte(c.in), "p.json"); err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: %v; want %s", c.in, err, c.want)
		}
	}
}

func TestReadTimedAvailability(t *testing.T) {
	a, err := ReadTimedAvailability([]byte("date,availability\n2023-02-15 22:08:16,0\n2023-02-15 22:11:31,1\n2023-02-15 22:14:47,1\n2023-02-15 22:18:02,0\n"), "a.csv")
	if err != nil {
		t.Fatal(err)
	}
	if a.Start != time.Date(2023, 2, 15, 22, 8, 16, 0, time.UTC).Unix() || a.Gap != 195 || len(a.Counts) != 4 || a.Counts[1] != 1 {
		t.Errorf("%+v; want start 22:08:16, gap 195, 4 ticks", a)
	}
	for _, c := range []struct{ in, want string }{
		{"day,availability\n", "a.csv:1:1: header"},
		{"date,availability\n2023-02-15 22:08:16,0\n", "a.csv: 1 rows; want at least 2"},
		{"date,availability\n2023-02-15T22:08:16,0\n2023-02-15 22:11:31,1\n", "a.csv:2:1: date"},
		{"date,availability\n2023-02-15 22:08:16,0\n2023-02-15 22:11:31,x\n", "a.csv:3:21: availability \"x\""},
		{"date,availability\n2023-02-15 22:08:16,0\n2023-02-15 22:08:16,1\n", "a.csv:3:1: date 2023-02-15 22:08:16 is not after"},
	} {
		if _, err := ReadTimedAvailability([]byte(c.in), "a.csv"); err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: %v; want %s", c.in, err, c.want)
		}
	}
}

func TestReadGCPPriceHistory(t *testing.T) {
	const head = "commit_date,git_commit,pricing_generated,machine_type,region,ondemand_usd_per_hour,spot_usd_per_hour\n"
	g, err := ReadGCPPriceHistory([]byte(head+
		"2023-05-01T00:00:00,a,,n2-standard-4,us-central1,0.194236,\n"+
		"2023-05-08T00:00:00,b,,n2-standard-4,us-central1,0.194236,0.04\n"+
		"2023-05-09T00:00:00,c,,n2-standard-4,us-central1,0.194236,0.04\n"+
		"2023-05-10T00:00:00,d,,n2-standard-4,us-central1,0.194236,0.05\n"+
		"2023-05-11T00:00:00,e,,n2-standard-4,us-central1,114.2782929672335,0.05\n"), "g.csv")
	if err != nil {
		t.Fatal(err)
	}
	p := Pool{"us-central1", "n2-standard-4"}
	sp, od := g.Spot.Pools[p], g.OnDemand.Pools[p]
	may := func(d int) int64 { return time.Date(2023, 5, d, 0, 0, 0, 0, time.UTC).Unix() }
	if sp == nil || len(sp.Times) != 2 || sp.Times[0] != may(8) || sp.Times[1] != may(10) || sp.Values[1] != 50_000_000 {
		t.Errorf("spot %+v; want 0.04 from May 8, 0.05 from May 10", sp)
	}
	if od == nil || len(od.Times) != 2 || od.Values[0] != 194_236_000 || od.Values[1] != 114_278_292_967 {
		t.Errorf("on-demand %+v; want 0.194236, then 114.278292967 (rounded)", od)
	}
	for _, c := range []struct{ in, want string }{
		{"a,b\n", "g.csv:1:"},
		{head + "2023-05-01,a,,m,r,0.1,\n", "g.csv:2:1: commit_date"},
		{head + "2023-05-01T00:00:00,a,,m,r,0.1,x\n", "g.csv:2:"},
		{head + "2023-05-02T00:00:00,a,,m,r,0.1,\n2023-05-01T00:00:00,a,,m,r,0.2,\n", "g.csv:3:1: 2023-05-01T00:00:00 for r/m is before"},
	} {
		if _, err := ReadGCPPriceHistory([]byte(c.in), "g.csv"); err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: %v; want %s", c.in, err, c.want)
		}
	}
}

// The real files of ../shared/traces, when present.
func TestSharedSkyNomadAndGCP(t *testing.T) {
	if _, err := os.Stat(sharedTraces); err != nil {
		skipWithoutTraces(t, sharedTraces, err)
	}
	data, err := os.ReadFile(filepath.Join(sharedTraces, "skynomad-artifact", "data", "v100_spot_prices.json"))
	if err != nil {
		t.Fatal(err)
	}
	tp, err := ReadTickPrices(data, "v100_spot_prices.json")
	if err != nil || len(tp.Zones) != 9 || len(tp.Prices["us-east-2b_v100_1"]) != 20158 {
		t.Fatalf("%d zones, %d ticks, %v; want 9 zones of 20158 ticks", len(tp.Zones), len(tp.Prices["us-east-2b_v100_1"]), err)
	}
	data, err = os.ReadFile(filepath.Join(sharedTraces, "skynomad-artifact", "data", "real", "availability", "2023-02-15", "processed", "us-east-2b_v100_1.csv"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := ReadTimedAvailability(data, "us-east-2b_v100_1.csv")
	if err != nil || a.Gap != 195 || len(a.Counts) != 20158 {
		t.Fatalf("%+v %v", a, err)
	}
	// The same ticks as the Can't Be Late JSON (SOURCE.md: element-wise
	// identical).
	data, err = os.ReadFile(filepath.Join(sharedTraces, "cant-be-late-spot-traces", "availability", "1-node", "aws-02-15-2023", "us-east-2b_v100_1.json"))
	if err != nil {
		t.Fatal(err)
	}
	j, err := ReadAvailability(data, "json")
	if err != nil {
		t.Fatal(err)
	}
	for i := range j.Counts {
		if j.Counts[i] != a.Counts[i] {
			t.Fatalf("tick %d: JSON %d, CSV %d", i, j.Counts[i], a.Counts[i])
		}
	}
	data, err = os.ReadFile(filepath.Join(sharedTraces, "gcp-spot-price-history-cyclenerd", "gcp_price_history_selected_machines.csv"))
	if err != nil {
		t.Fatal(err)
	}
	g, err := ReadGCPPriceHistory(data, "gcp.csv")
	if err != nil {
		t.Fatal(err)
	}
	// SOURCE.md: n2-standard-4 us-central1 has 28 spot changes.
	if tr := g.Spot.Pools[Pool{"us-central1", "n2-standard-4"}]; tr == nil || len(tr.Times) != 29 {
		t.Errorf("n2-standard-4 us-central1: %d spot points; want 29 (28 changes)", len(tr.Times))
	}
}

func FuzzReadTickPrices(f *testing.F) {
	f.Add([]byte(`{"a_b": [1, 2.5]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tp, err := ReadTickPrices(data, "f")
		if err == nil && len(tp.Zones) == 0 {
			t.Error("no zones and no error")
		}
	})
}

func FuzzReadTimedAvailability(f *testing.F) {
	f.Add([]byte("date,availability\n2023-02-15 22:08:16,0\n2023-02-15 22:11:31,1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ReadTimedAvailability(data, "f")
		if err == nil && (a.Gap <= 0 || len(a.Counts) < 2) {
			t.Errorf("gap %d, %d ticks, no error", a.Gap, len(a.Counts))
		}
	})
}

func FuzzReadGCPPriceHistory(f *testing.F) {
	f.Add([]byte("commit_date,git_commit,pricing_generated,machine_type,region,ondemand_usd_per_hour,spot_usd_per_hour\n2023-05-01T00:00:00,a,,m,r,0.1,0.02\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := ReadGCPPriceHistory(data, "f")
		if err != nil {
			return
		}
		for _, set := range []*TraceSet{g.Spot, g.OnDemand} {
			for _, tr := range set.Pools {
				for i := 1; i < len(tr.Times); i++ {
					if tr.Times[i] <= tr.Times[i-1] || tr.Values[i] == tr.Values[i-1] {
						t.Fatalf("points not strictly increasing changes: %+v", tr)
					}
				}
			}
		}
	})
}
