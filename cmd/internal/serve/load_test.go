package serve

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
)

// TestLoad: 1,000 simulated VMs each polled once per second for a minute of
// wall time, with throttling on. It takes a minute, so it runs only when asked:
//
//	SPOTSIM_LOAD=1 go test -run TestLoad -v ./cmd/internal/serve
func TestLoad(t *testing.T) {
	if os.Getenv("SPOTSIM_LOAD") == "" {
		t.Skip("set SPOTSIM_LOAD=1 to run the one-minute load test")
	}
	const vms, seconds = 1000, 60
	cfg := &sim.Config{Name: "load", Horizon: 7 * 86400, Seed: 1, Notice: sim.NoticeLead{Min: 30, Max: 30},
		Timings: sim.Timings{Deallocate: 30}, Billing: sim.AzureBilling, Record: sim.Record{Events: true, Notices: true},
		Pools: []sim.Pool{{Region: "eastus", SKU: "Standard_D2s_v5", VCPUs: 2, PAYG: 96_000_000,
			Spot:     &pricing.Series{Times: []int64{0, 600, 3600}, Values: []int64{20_000_000, 50_000_000, 20_000_000}},
			Capacity: pricing.Constant(pricing.Unlimited)}},
		Fleets: []sim.Fleet{{Name: "w", Pool: 0, Count: vms, MaxPrice: 40_000_000, Policy: sim.Deallocate, After: sim.RestartAutomation, Interval: 3600}}}
	res, err := sim.Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// 10× speed from 500 s: the notices at 600 s come 10 wall seconds in.
	// Throttling on (5 requests/s per VM, as spotsim serve runs), behind
	// the server's timeouts: a VM polling once a second is never throttled.
	s, err := New(res, start, Options{Clock: NewScaledClock(500, 10, time.Now), Throttle: 5})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(nil)
	srv.Config = NewHTTPServer(s.Handler(), DefaultTimeouts)
	srv.Start()
	defer srv.Close()
	tr := &http.Transport{MaxIdleConnsPerHost: vms}
	cl := &http.Client{Transport: tr, Timeout: 5 * time.Second}
	var mu sync.Mutex
	var lat []time.Duration
	errs := 0
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	var heapAt10 uint64
	began := time.Now()
	var wg sync.WaitGroup
	for v := range vms {
		wg.Go(func() {
			url := fmt.Sprintf("%s/vms/w-%d/metadata/scheduledevents?api-version=2020-07-01", srv.URL, v)
			time.Sleep(time.Duration(v) * time.Second / vms) // spread the polls over each second
			tick := time.NewTicker(time.Second)
			defer tick.Stop()
			for time.Since(began) < seconds*time.Second {
				req, _ := http.NewRequest("GET", url, nil)
				req.Header.Set("Metadata", "true")
				t0 := time.Now()
				resp, err := cl.Do(req)
				d := time.Since(t0)
				ok := err == nil && resp.StatusCode == 200
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				mu.Lock()
				lat = append(lat, d)
				if !ok {
					errs++
				}
				mu.Unlock()
				<-tick.C
			}
		})
	}
	time.Sleep(10 * time.Second)
	heapAt10 = heap()
	wg.Wait()
	heapAtEnd := heap()
	elapsed := time.Since(began)
	slices.Sort(lat)
	t.Logf("%d requests in %.1f s: %.0f requests/s; latency median %v, p99 %v, max %v; errors %d; heap %d KiB at 10 s, %d KiB at the end",
		len(lat), elapsed.Seconds(), float64(len(lat))/elapsed.Seconds(), lat[len(lat)/2], lat[len(lat)*99/100], lat[len(lat)-1],
		errs, heapAt10>>10, heapAtEnd>>10)
	if errs > 0 {
		t.Errorf("%d requests failed", errs)
	}
	if heapAtEnd > 2*heapAt10+8<<20 {
		t.Errorf("heap grew from %d KiB to %d KiB", heapAt10>>10, heapAtEnd>>10)
	}
	if rep := s.Report(); len(rep) != vms || rep[0].FirstSeen == "" {
		t.Errorf("report has %d notices, first seen %q; want every VM's notice seen", len(rep), rep[0].FirstSeen)
	}
}

// BenchmarkPoll is the server's own work for one Scheduled Events poll,
// without the network: what the load test's latency is made of when the
// machine is not busy with something else.
//
//	go test -run XXX -bench Poll ./cmd/internal/serve
func BenchmarkPoll(b *testing.B) {
	res := testRun(b)
	for _, rate := range []int{0, 5} {
		b.Run(fmt.Sprintf("throttle=%d", rate), func(b *testing.B) {
			wall := start
			s, _ := New(res, start, Options{Clock: NewManualClock(3600), Throttle: rate, Wall: func() time.Time { return wall }})
			h := s.Handler()
			req := httptest.NewRequest("GET", "/vms/batch-0/metadata/scheduledevents?api-version=2020-07-01", nil)
			req.Header.Set("Metadata", "true")
			for b.Loop() {
				wall = wall.Add(time.Second) // one poll a second: never throttled
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatal(rec.Code)
				}
			}
		})
	}
}
