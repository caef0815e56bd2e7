package serve

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	goldenfile "github.com/spotsim/spotsim/cmd/internal/golden"
	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
)

var start = time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)

// testRun: two spot VMs in one fleet (max 0.04, deallocate, 30 s to
// deallocate) and one regular VM; the spot price passes the max at 1 h, so
// both spot VMs get a notice at 3600 with NotBefore 3630, and are
// deallocated at 3660.
func testRun(t testing.TB) *sim.Result {
	t.Helper()
	cfg := &sim.Config{Name: "imds", Horizon: 86400, Seed: 1, Notice: sim.NoticeLead{Min: 30, Max: 30},
		Timings: sim.Timings{Deallocate: 30}, Billing: sim.AzureBilling, Record: sim.Record{Events: true, Notices: true},
		Pools: []sim.Pool{{Region: "eastus", SKU: "Standard_D2s_v5", VCPUs: 2, PAYG: 96_000_000,
			Spot:     &pricing.Series{Times: []int64{0, 3600}, Values: []int64{20_000_000, 50_000_000}},
			Capacity: pricing.Constant(pricing.Unlimited)}},
		Fleets: []sim.Fleet{
			{Name: "batch", Pool: 0, Count: 2, MaxPrice: 40_000_000, Policy: sim.Deallocate},
			{Name: "db", Pool: 0, Count: 1, Priority: sim.Regular, MaxPrice: pricing.Uncapped},
		}}
	res, err := sim.Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notices) != 2 || res.Notices[0].IssuedAt != 3600 || res.Notices[0].NotBefore != 3630 {
		t.Fatalf("notices %+v; want two at 3600", res.Notices)
	}
	return res
}

type client struct {
	t     *testing.T
	srv   *httptest.Server
	clock *ManualClock
}

func newClient(t *testing.T, vm string) (*client, *Server) {
	t.Helper()
	clock := NewManualClock(0)
	s, err := New(testRun(t), start, Options{Clock: clock, VM: vm})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &client{t, srv, clock}, s
}

func (c *client) do(method, path string, header bool, body string) (int, string) {
	c.t.Helper()
	return c.doWith(method, path, body, func(h http.Header) {
		if header {
			h.Set("Metadata", "true")
		}
	})
}

func (c *client) doWith(method, path, body string, header func(http.Header)) (int, string) {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.srv.URL+path, strings.NewReader(body))
	header(req.Header)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (c *client) doc(path string) Document {
	c.t.Helper()
	code, body := c.do("GET", path, true, "")
	if code != 200 {
		c.t.Fatalf("GET %s: %d %s", path, code, body)
	}
	var d Document
	if err := json.Unmarshal([]byte(body), &d); err != nil {
		c.t.Fatal(err)
	}
	return d
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), []byte(got))
}

const events = "/metadata/scheduledevents?api-version=2020-07-01"

// The request rules of IMDS (Azure Instance Metadata Service docs, "Errors
// and debugging" and FAQ: 400 "Required metadata header not specified"; a
// missing api-version lists the newest versions).
func TestRequestRules(t *testing.T) {
	c, _ := newClient(t, "batch-0")
	for _, tc := range []struct {
		name, method, path string
		header             bool
		code               int
		golden             string
	}{
		{"no header", "GET", events, false, 400, "no-header.json"},
		{"no api-version", "GET", "/metadata/scheduledevents", true, 400, "no-api-version.json"},
		{"unknown api-version", "GET", "/metadata/scheduledevents?api-version=2099-01-01", true, 400, "bad-api-version.json"},
		{"instance version on events", "GET", "/metadata/scheduledevents?api-version=2021-02-01", true, 400, ""},
		{"every documented version", "GET", "/metadata/scheduledevents?api-version=2017-11-01", true, 200, ""},
		{"compute without header", "GET", "/metadata/instance/compute?api-version=2021-02-01", false, 400, ""},
		{"unknown VM", "GET", "/vms/nope-0" + events, true, 404, ""},
		{"PUT", "PUT", events, true, 405, ""},
	} {
		code, body := c.do(tc.method, tc.path, tc.header, "")
		if code != tc.code {
			t.Errorf("%s: %d %s, want %d", tc.name, code, body, tc.code)
		}
		if tc.golden != "" {
			golden(t, tc.golden, body)
		}
	}
}

// A full notice → Started → gone cycle, polled through the manual clock:
// the incarnation changes exactly when the document does.
func TestNoticeCycle(t *testing.T) {
	c, s := newClient(t, "batch-0")
	var bodies []string
	step := func(by int64, want string, incarnation int) {
		t.Helper()
		c.clock.Advance(by)
		_, body := c.do("GET", events, true, "")
		d := c.doc(events)
		if d.DocumentIncarnation != incarnation {
			t.Fatalf("at %d: incarnation %d, want %d", c.clock.Now(), d.DocumentIncarnation, incarnation)
		}
		status := "none"
		if len(d.Events) == 1 {
			status = d.Events[0].EventStatus
		}
		if status != want {
			t.Fatalf("at %d: %s, want %s (%s)", c.clock.Now(), status, want, body)
		}
		bodies = append(bodies, body)
	}
	step(0, "none", 0)
	step(3599, "none", 0)
	step(1, "Scheduled", 1) // 3600: the notice
	step(29, "Scheduled", 1)
	step(1, "Started", 2) // 3630: NotBefore
	step(29, "Started", 2)
	step(1, "none", 3) // 3660: deallocated, the event is gone
	step(3600, "none", 3)
	golden(t, "cycle.jsonl", bodies[2]+bodies[4]+bodies[6])
	rep := s.Report()
	if len(rep) != 2 || rep[0].VM != "batch-0" || rep[0].FirstSeen != "2026-01-05T01:00:00Z" || rep[0].EvictedAt != "2026-01-05T01:00:30Z" || *rep[0].WarningSec != 30 {
		t.Fatalf("report %+v", rep[0])
	}
	if rep[1].FirstSeen != "" || rep[1].WarningSec != nil {
		t.Fatalf("batch-1 was never polled, report says %+v", rep[1])
	}
}

// Acknowledging a Preempt (POST StartRequests) starts the eviction at once,
// the earliest Azure may (docs/serve.md); an unknown or finished EventId is
// an error.
func TestAcknowledge(t *testing.T) {
	c, s := newClient(t, "")
	path := "/vms/batch-1" + events
	c.clock.Advance(3605)
	d := c.doc(path)
	if len(d.Events) != 1 || d.Events[0].EventStatus != "Scheduled" || d.Events[0].Resources[0] != "batch-1" {
		t.Fatalf("before the ack: %+v", d)
	}
	id := d.Events[0].EventID
	if code, body := c.do("POST", path, true, `{"StartRequests": [{"EventId": "00000000-0000-4000-8000-000000000000"}]}`); code != 400 {
		t.Fatalf("unknown EventId: %d %s", code, body)
	}
	if code, body := c.do("POST", path, true, `{"StartRequests": [`); code != 400 {
		t.Fatalf("bad body: %d %s", code, body)
	}
	if code, body := c.do("POST", path, false, `{"StartRequests": [{"EventId": "`+id+`"}]}`); code != 400 || !strings.Contains(body, "metadata header") {
		t.Fatalf("ack without header: %d %s", code, body)
	}
	if code, body := c.do("POST", path, true, `{"StartRequests": [{"EventId": "`+id+`"}]}`); code != 200 {
		t.Fatalf("ack: %d %s", code, body)
	}
	d = c.doc(path)
	if d.DocumentIncarnation != 2 || d.Events[0].EventStatus != "Started" || d.Events[0].NotBefore != "" {
		t.Fatalf("after the ack: %+v", d)
	}
	// The eviction takes its 30 s from the ack: gone at 3635, not 3660.
	c.clock.Advance(30)
	if d = c.doc(path); len(d.Events) != 0 || d.DocumentIncarnation != 3 {
		t.Fatalf("30 s after the ack: %+v", d)
	}
	if code, _ := c.do("POST", path, true, `{"StartRequests": [{"EventId": "`+id+`"}]}`); code != 400 {
		t.Fatal("acknowledging a finished event succeeded")
	}
	// The other VM is untouched by batch-1's ack.
	if d = c.doc("/vms/batch-0" + events); d.Events[0].EventStatus != "Started" {
		t.Fatalf("batch-0 at 3635: %+v", d)
	}
	rep := s.Report()
	if rep[1].VM != "batch-1" || rep[1].AckedAt != "2026-01-05T01:00:05Z" || rep[1].EvictedAt != "2026-01-05T01:00:05Z" || *rep[1].WarningSec != 0 {
		t.Fatalf("report %+v", rep[1])
	}
}

func TestComputeAndStatus(t *testing.T) {
	c, _ := newClient(t, "")
	for _, vm := range []string{"batch-0", "db-0"} {
		code, body := c.do("GET", "/vms/"+vm+"/metadata/instance/compute?api-version=2021-02-01", true, "")
		if code != 200 {
			t.Fatalf("%s: %d %s", vm, code, body)
		}
		golden(t, "compute-"+vm+".json", body)
	}
	if code, _ := c.do("GET", events, true, ""); code != 404 {
		t.Fatal("/metadata/ without --vm must say which paths to use")
	}
	c.clock.Advance(3600)
	code, body := c.do("GET", "/spotsim/status", false, "")
	if code != 200 || !strings.Contains(body, `"batch-0":"scheduled"`) || !strings.Contains(body, `"db-0":"none"`) {
		t.Fatalf("status: %d %s", code, body)
	}
	// The clock moves only with the Metadata header, so that no web page
	// in the user's browser can move it.
	if code, _ := c.do("POST", "/spotsim/advance?by=90s", false, ""); code != 400 || c.clock.Now() != 3600 {
		t.Fatalf("advance without the header: %d, clock %d", code, c.clock.Now())
	}
	code, body = c.do("POST", "/spotsim/advance?by=90s", true, "")
	if code != 200 || c.clock.Now() != 3690 {
		t.Fatalf("advance: %d %s, clock %d", code, body, c.clock.Now())
	}
	if code, body := c.do("POST", "/spotsim/advance?by=1d", true, ""); code != 200 || c.clock.Now() != 3690+86400 {
		t.Fatalf("advance by 1d: %d %s, clock %d", code, body, c.clock.Now())
	}
	for _, by := range []string{"1.5s", "-5s", "", "x", "1s&by=2s"} {
		if code, _ := c.do("POST", "/spotsim/advance?by="+by, true, ""); code != 400 {
			t.Errorf("advance by %q accepted", by)
		}
	}
	if code, _ := c.do("GET", "/spotsim/advance?by=1s", true, ""); code != 405 {
		t.Errorf("GET advance: %d, want 405", code)
	}
	wall, err := New(testRun(t), start, Options{Clock: NewScaledClock(0, 60, time.Now)})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/spotsim/advance?by=1s", nil)
	req.Header.Set("Metadata", "true")
	wall.Handler().ServeHTTP(rec, req)
	if rec.Code != 409 {
		t.Fatalf("advance on the wall clock: %d", rec.Code)
	}
}

// GET /spotsim/status gives, beside each VM's event status, its lifecycle
// state in the run (issue 8: "simulated time, VM states"): testRun's spot
// VMs run until NotBefore (3630), deallocate for 30 s and stay deallocated;
// the regular VM runs throughout.
func TestStatusStates(t *testing.T) {
	c, _ := newClient(t, "")
	for _, step := range []struct {
		to         int64
		batch, evs string
	}{
		{0, "running", "none"},
		{3600, "running", "scheduled"},
		{3629, "running", "scheduled"},
		{3630, "deallocating", "started"},
		{3659, "deallocating", "started"},
		{3660, "deallocated", "none"},
		{86399, "deallocated", "none"},
	} {
		c.clock.Advance(step.to - c.clock.Now())
		code, body := c.do("GET", "/spotsim/status", false, "")
		var st StatusReport
		if code != 200 || json.Unmarshal([]byte(body), &st) != nil {
			t.Fatalf("at %d: %d %s", step.to, code, body)
		}
		for _, vm := range []string{"batch-0", "batch-1"} {
			if st.States[vm] != step.batch || st.VMs[vm] != step.evs {
				t.Errorf("at %d: %s is %s with event status %s; want %s, %s", step.to, vm, st.States[vm], st.VMs[vm], step.batch, step.evs)
			}
		}
		if st.States["db-0"] != "running" || st.VMs["db-0"] != "none" {
			t.Errorf("at %d: db-0 is %s, %s; want running, none", step.to, st.States["db-0"], st.VMs["db-0"])
		}
		if st.Horizon != 86400 || st.Ended {
			t.Errorf("at %d: horizon %d, ended %v; want 86400, false", step.to, st.Horizon, st.Ended)
		}
	}
	// Past the horizon the clock runs on (a scaled clock outruns a short
	// scenario): the status says the run has ended instead of going quiet.
	c.clock.Advance(86400 + 5 - c.clock.Now())
	if _, body := c.do("GET", "/spotsim/status", false, ""); !strings.Contains(body, `"horizon_seconds":86400,"ended":true`) {
		t.Errorf("past the horizon: %s; want ended", body)
	}
}

func TestScaledClock(t *testing.T) {
	now := start
	c := NewScaledClock(100, 60, func() time.Time { return now })
	now = now.Add(1500 * time.Millisecond)
	if got := c.Now(); got != 190 {
		t.Fatalf("1.5 s at 60×, from 100: %d, want 190", got)
	}
}

func TestWallClock(t *testing.T) {
	epoch := time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC)
	now := epoch.Add(3630*time.Second + 999*time.Millisecond)
	c := NewWallClock(epoch, func() time.Time { return now })
	if got := c.Now(); got != 3630 {
		t.Fatalf("3630.999 s after the epoch: %d, want 3630", got)
	}
	now = epoch.Add(-500 * time.Millisecond)
	if got := c.Now(); got != -1 {
		t.Fatalf("0.5 s before the epoch: %d, want -1", got)
	}
}

// Bad requests never crash the server.
func FuzzHandler(f *testing.F) {
	f.Add("GET", "/metadata/scheduledevents?api-version=2020-07-01", "")
	f.Add("POST", "/vms/batch-0/metadata/scheduledevents?api-version=2020-07-01", `{"StartRequests":[{"EventId":"x"}]}`)
	f.Add("GET", "/vms/batch-0/metadata/instance/network/interface/0/ipv4?api-version=2021-02-01&format=text", "")
	f.Add("GET", "/vms/batch-0/metadata/instance/compute/name?api-version=2021-02-01&format=text&format=json", "")
	f.Add("GET", "/vms/db-0/metadata/versions", "")
	f.Add("POST", "/vms/batch-1/metadata/scheduledevents?api-version=2099-01-01", `{"StartRequests":[{"EventId":"x"},{"EventId":"y"}]}`)
	res := testRun(f)
	s, err := New(res, start, Options{Clock: NewManualClock(3600), RebalanceVersion: "2099-01-01"})
	if err != nil {
		f.Fatal(err)
	}
	h := s.Handler()
	f.Fuzz(func(t *testing.T, method, path, body string) {
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(method, " \t\r\n") || method == "" {
			return
		}
		req, err := http.NewRequest(method, "http://x"+path, bytes.NewReader([]byte(body)))
		if err != nil {
			return
		}
		req.Header.Set("Metadata", "true")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		// Whatever a client sends is answered as IMDS would, never with a
		// server error.
		if rec.Code >= 500 {
			t.Fatalf("%s %s: status %d: %s", method, path, rec.Code, rec.Body.String())
		}
	})
}

// The example handler in scenarios/ sees the Preempt, acknowledges it, and
// the server records the acknowledgement.
func TestExampleHandler(t *testing.T) {
	for _, tool := range []string{"sh", "curl", "sed"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s here", tool)
		}
	}
	clock := NewManualClock(3590)
	s, err := New(testRun(t), start, Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	cmd := exec.Command("sh", "../../../scenarios/drain-handler.sh")
	cmd.Env = append(os.Environ(), "IMDS="+srv.URL+"/vms/batch-0", "POLL=0.05")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // a few polls with nothing to see
	clock.Advance(10)                  // 3600: the notice
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("handler: %v\n%s", err, out.String())
		}
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("handler did not see the Preempt:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "Preempt D8AB52A5-4853-4008-8462-59BBF539A0A3, not before: Mon, 05 Jan 2026 01:00:30 GMT") ||
		!strings.Contains(out.String(), "acknowledged") {
		t.Fatalf("handler output:\n%s", out.String())
	}
	if rep := s.Report(); rep[0].AckedAt != "2026-01-05T01:00:00Z" || *rep[0].WarningSec != 0 {
		t.Fatalf("report %+v", rep[0])
	}
}
