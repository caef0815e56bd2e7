package serve

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// Every api-version the Azure pages document is accepted on its endpoint:
// Scheduled Events, the "Version and region availability" table of
// articles/virtual-machines/linux/scheduled-events.md; instance metadata,
// "Supported API versions" of articles/virtual-machines/instance-metadata-service.md
// (MicrosoftDocs/azure-docs).
func TestDocumentedVersions(t *testing.T) {
	c, _ := newClient(t, "batch-0")
	for _, v := range []string{"2020-07-01", "2019-08-01", "2019-04-01", "2019-01-01", "2017-11-01", "2017-08-01", "2017-03-01"} {
		if code, body := c.do("GET", "/metadata/scheduledevents?api-version="+v, true, ""); code != 200 {
			t.Errorf("scheduledevents %s: %d %s", v, code, body)
		}
	}
	for _, v := range []string{"2021-12-13", "2021-11-15", "2021-11-01", "2021-10-01", "2021-08-01", "2021-05-01", "2021-03-01",
		"2021-02-01", "2021-01-01", "2020-12-01", "2020-10-01", "2020-09-01", "2020-07-15", "2020-06-01", "2019-11-01", "2019-08-15",
		"2019-08-01", "2019-06-04", "2019-06-01", "2019-04-30", "2019-03-11", "2019-02-01", "2018-10-01", "2018-04-02", "2018-02-01",
		"2017-12-01", "2017-10-01", "2017-08-01", "2017-04-02", "2017-03-01"} {
		if code, body := c.do("GET", "/metadata/instance?api-version="+v, true, ""); code != 200 {
			t.Errorf("instance %s: %d %s", v, code, body)
		}
	}
	// The versions later revisions of the IMDS page list (MicrosoftDocs/azure-compute-docs,
	// "Supported API versions"), which public IMDS clients request:
	// /metadata/instance/compute?api-version=2025-04-07 to read compute.name,
	// /metadata/instance?api-version=2024-03-15 to tell Azure from other clouds.
	for _, v := range []string{"2025-04-07", "2024-07-17", "2024-03-15", "2023-11-15", "2023-07-01"} {
		if code, body := c.do("GET", "/metadata/instance/compute?api-version="+v, true, ""); code != 200 || !strings.Contains(body, `"name":"batch-0"`) {
			t.Errorf("instance %s: %d %s", v, code, body)
		}
	}
	// The page's example of the missing-version error lists these three.
	if code, body := c.do("GET", "/metadata/instance", true, ""); code != 400 || !strings.Contains(body, `"newest-versions":["2025-04-07","2024-07-17","2024-03-15"]`) {
		t.Errorf("no api-version: %d %s", code, body)
	}
	code, body := c.do("GET", "/metadata/versions", true, "")
	if code != 200 || !strings.Contains(body, `"2019-04-01"`) || !strings.Contains(body, `"2017-10-01"`) || !strings.Contains(body, `"2025-04-07"`) {
		t.Errorf("versions: %d %s", code, body)
	}
}

// Requests Azure rejects (the IMDS page: "Must not contain an
// X-Forwarded-For header", "Requests with duplicate query parameter names
// will be rejected") and paths it does not serve (JSON 404, not Go's
// plain-text one).
func TestRejected(t *testing.T) {
	c, _ := newClient(t, "batch-0")
	for _, tc := range []struct {
		name, method, path string
		header             func(http.Header)
		code               int
		want               string
	}{
		// Accepted: clients in the field send "True" to IMDS.
		{"Metadata: True", "GET", events, func(h http.Header) { h.Set("Metadata", "True") }, 200, `"Events"`},
		{"Metadata: false", "GET", events, func(h http.Header) { h.Set("Metadata", "false") }, 400, "Required metadata header not specified"},
		{"X-Forwarded-For", "GET", events, func(h http.Header) { h.Set("Metadata", "true"); h.Set("X-Forwarded-For", "10.0.0.9") }, 400, "X-Forwarded-For"},
		{"X-Forwarded-For on instance", "GET", "/metadata/instance?api-version=2021-02-01", func(h http.Header) { h.Set("Metadata", "true"); h.Add("X-Forwarded-For", "") }, 400, "X-Forwarded-For"},
		{"duplicate api-version", "GET", events + "&api-version=2019-01-01", func(h http.Header) { h.Set("Metadata", "true") }, 400, "more than once: api-version"},
		{"duplicate format", "GET", "/metadata/instance/compute/name?api-version=2021-02-01&format=text&format=text", func(h http.Header) { h.Set("Metadata", "true") }, 400, "more than once: format"},
		{"unknown IMDS path", "GET", "/metadata/nope?api-version=2021-02-01", func(h http.Header) { h.Set("Metadata", "true") }, 404, `"error":"Not found`},
		{"unknown path", "GET", "/favicon.ico", func(h http.Header) {}, 404, `"error":"Not found`},
		{"unknown path under a VM", "GET", "/vms/batch-0/nope", func(h http.Header) {}, 404, `"error":"Not found`},
		{"unknown instance element", "GET", "/metadata/instance/compute/nope?api-version=2021-02-01&format=text", func(h http.Header) { h.Set("Metadata", "true") }, 404, `"error":"Not found`},
		{"POST instance", "POST", "/metadata/instance?api-version=2021-02-01", func(h http.Header) { h.Set("Metadata", "true") }, 405, `"error":"Method not allowed`},
	} {
		code, body := c.doWith(tc.method, tc.path, "", tc.header)
		if code != tc.code || !strings.Contains(body, tc.want) || !json.Valid([]byte(body)) {
			t.Errorf("%s: %d %s, want %d with %q in a JSON body", tc.name, code, body, tc.code, tc.want)
		}
	}
}

// An acknowledgement body over 1 MiB gets a message that says so.
func TestAckTooBig(t *testing.T) {
	c, _ := newClient(t, "batch-0")
	c.clock.Advance(3600)
	body := `{"StartRequests": [{"EventId": "` + strings.Repeat("x", 1<<20) + `"}]}`
	if code, msg := c.do("POST", events, true, body); code != 400 || !strings.Contains(msg, "over 1 MiB") {
		t.Fatalf("%d %s", code, msg)
	}
}

// IMDS allows 5 requests per second per VM and answers the sixth with 429
// (the IMDS page, "Rate limiting"); other VMs are not affected.
func TestThrottle(t *testing.T) {
	wall := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	s, err := New(testRun(t), start, Options{Clock: NewManualClock(0), Throttle: 5, Wall: func() time.Time { return wall }})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	get := func(vm string) int {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/vms/"+vm+events, nil)
		req.Header.Set("Metadata", "true")
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	for i := range 5 {
		if code := get("batch-0"); code != 200 {
			t.Fatalf("request %d: %d", i+1, code)
		}
	}
	if code := get("batch-0"); code != 429 {
		t.Fatalf("sixth request in a second: %d, want 429", code)
	}
	if code := get("batch-1"); code != 200 {
		t.Fatalf("another VM: %d", code)
	}
	wall = wall.Add(200 * time.Millisecond) // one token back
	if get("batch-0") != 200 || get("batch-0") != 429 {
		t.Fatal("200 ms later: want one more request, then 429")
	}
	// A handler polling once a second is never throttled.
	for range 100 {
		wall = wall.Add(time.Second)
		if code := get("batch-0"); code != 200 {
			t.Fatalf("polling once a second: %d", code)
		}
	}
}

// The instance document: compute and network as the IMDS page shapes them,
// single fields with format=text, and only the fields an api-version had.
func TestInstance(t *testing.T) {
	c, _ := newClient(t, "batch-0")
	code, body := c.do("GET", "/metadata/instance?api-version=2021-02-01", true, "")
	if code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	golden(t, "instance-batch-0.json", body)
	var doc struct {
		Compute map[string]any `json:"compute"`
		Network struct {
			Interface []struct {
				IPv4 struct {
					IPAddress []struct {
						Private string `json:"privateIpAddress"`
					} `json:"ipAddress"`
				} `json:"ipv4"`
				MAC string `json:"macAddress"`
			} `json:"interface"`
		} `json:"network"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Compute["name"] != "batch-0" || doc.Compute["priority"] != "Spot" || doc.Network.Interface[0].IPv4.IPAddress[0].Private != "10.0.0.4" {
		t.Fatalf("document %+v", doc)
	}
	for _, tc := range []struct{ path, code, want string }{
		{"/metadata/instance/compute/name?api-version=2021-02-01&format=text", "200", "batch-0"},
		{"/metadata/instance/compute/vmScaleSetName?api-version=2017-12-01&format=text", "200", "batch"},
		{"/metadata/instance/network/interface/0/ipv4/ipAddress/0/privateIpAddress?api-version=2021-02-01&format=text", "200", "10.0.0.4"},
		{"/metadata/instance/network/interface/0/macAddress?api-version=2021-02-01&format=text", "200", "000D3A000000"},
		{"/metadata/instance/compute/name?api-version=2021-02-01", "400", "format=text"},
		{"/metadata/instance/compute/name?api-version=2021-02-01&format=xml", "400", "json or text"},
		{"/metadata/instance/network/interface/0?api-version=2021-02-01&format=text", "200", "ipv4/\nipv6/\nmacAddress"},
		{"/metadata/instance/network/interface/1?api-version=2021-02-01", "404", "Not found"},
		// priority came in 2020-12-01: an older version does not show it.
		{"/metadata/instance/compute/priority?api-version=2020-09-01&format=text", "404", "Not found"},
		{"/metadata/instance/compute/priority?api-version=2020-12-01&format=text", "200", "Spot"},
	} {
		code, body := c.do("GET", tc.path, true, "")
		if got := http.StatusText(code); strings.TrimSpace(body) != tc.want && !strings.Contains(body, tc.want) || tc.code != itoa(code) {
			t.Errorf("%s: %d (%s) %q, want %s %q", tc.path, code, got, body, tc.code, tc.want)
		}
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// With --epoch now, served times are the wall clock's: NotBefore is as far
// ahead of the Date header as the notice is long.
func TestEpoch(t *testing.T) {
	epoch := time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC)
	clock := NewManualClock(3600)
	s, err := New(testRun(t), start, Options{Clock: clock, VM: "batch-0", Epoch: epoch})
	if err != nil {
		t.Fatal(err)
	}
	d := s.Document(0, clock.Now())
	if d.Events[0].NotBefore != "Wed, 02 Dec 2026 15:00:30 GMT" {
		t.Fatalf("NotBefore %q; want the epoch + 3630 s", d.Events[0].NotBefore)
	}
}

// The report counts a poll only while the event is Scheduled, and keeps
// the first and last such poll apart from the acknowledgement.
func TestReportPolls(t *testing.T) {
	c, s := newClient(t, "")
	c.clock.Advance(3600)
	c.doc("/vms/batch-0" + events) // 3600: seen Scheduled
	c.clock.Advance(20)
	c.doc("/vms/batch-0" + events) // 3620: last poll before the eviction
	c.clock.Advance(15)
	c.doc("/vms/batch-0" + events) // 3635: Started; does not count
	c.doc("/vms/batch-1" + events) // batch-1 first polled once Started: never saw it
	rep := s.Report()
	if r := rep[0]; r.FirstSeen != "2026-01-05T01:00:00Z" || r.LastPoll != "2026-01-05T01:00:20Z" || r.AckedAt != "" || *r.WarningSec != 30 {
		t.Errorf("batch-0: %+v", r)
	}
	if r := rep[1]; r.FirstSeen != "" || r.LastPoll != "" || r.WarningSec != nil {
		t.Errorf("batch-1 polled only after the eviction began: %+v", r)
	}
}

// A fleet named as a scale set: the VM's name, its scale set and its
// resource ID are a scale-set instance's (AKS: aks-<pool>-<id>-vmss_<n>).
func TestScaleSetNames(t *testing.T) {
	res := testRun(t)
	res.Config.Fleets[0].VMPrefix, res.Config.Fleets[0].ScaleSetNames = "aks-spot-1234-vmss", true
	res.Config.Fleets[0].Tags = `{"pool":"spot","team":"ml"}`
	s, err := New(res, start, Options{Clock: NewManualClock(3600), VM: "aks-spot-1234-vmss_1"})
	if err != nil {
		t.Fatal(err)
	}
	c := s.Instance(1, "2021-02-01")["compute"].(map[string]any)
	if c["name"] != "aks-spot-1234-vmss_1" || c["vmScaleSetName"] != "aks-spot-1234-vmss" ||
		c["resourceId"] != "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/imds/providers/Microsoft.Compute/virtualMachineScaleSets/aks-spot-1234-vmss/virtualMachines/1" {
		t.Fatalf("compute %+v", c)
	}
	if os := c["osProfile"].(map[string]any); os["computerName"] != "aks-spot-1234-vmss000001" {
		t.Fatalf("computerName %q; want aks-spot-1234-vmss000001 (prefix + six base-36 digits)", os["computerName"])
	}
	for n, want := range map[int64]string{0: "nsgvmss000000", 85: "nsgvmss00002D", 36*36*36*36*36*36 - 1: "nsgvmssZZZZZZ"} {
		if got := scaleSetComputerName("nsgvmss", n); got != want {
			t.Errorf("computer name of instance %d: %s; want %s", n, got, want)
		}
	}
	if tl, _ := json.Marshal(c["tagsList"]); c["tags"] != "pool:spot;team:ml" || string(tl) != `[{"name":"pool","value":"spot"},{"name":"team","value":"ml"}]` {
		t.Fatalf("tags %q, tagsList %s", c["tags"], tl)
	}
	if d := s.Document(1, 3600); d.Events[0].Resources[0] != "aks-spot-1234-vmss_1" {
		t.Fatalf("document %+v", d)
	}
}

// A handler that only honours HTTP_PROXY reaches spotsim by naming it as
// its proxy: the request for http://169.254.169.254/metadata/... arrives in
// absolute form and is answered as any other.
func TestAsProxy(t *testing.T) {
	c, _ := newClient(t, "batch-0")
	proxy, _ := url.Parse(c.srv.URL)
	cl := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(proxy)}}
	req, _ := http.NewRequest("GET", "http://169.254.169.254/metadata/instance/compute/name?api-version=2021-02-01&format=text", nil)
	req.Header.Set("Metadata", "true")
	resp, err := cl.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || string(b) != "batch-0" {
		t.Fatalf("through the proxy setting: %d %q", resp.StatusCode, b)
	}
}

// A document shows the fields of the api-version asked for, as the
// Scheduled Events page's version table dates them: Preempt from
// 2017-11-01, Description from 2019-04-01, EventSource from 2019-08-01,
// DurationInSeconds from 2020-07-01 (Azure's Preempt sample at 2019-08-01,
// spot-cli.md, has no DurationInSeconds). Before 2017-11-01 the handler is
// shown no notice, and the report does not count its polls as seeing one.
func TestEventFieldsByVersion(t *testing.T) {
	c, s := newClient(t, "batch-0")
	c.clock.Advance(3600) // batch-0 under notice (TestReportPolls)
	keys := func(version string) []string {
		code, body := c.do("GET", "/metadata/scheduledevents?api-version="+version, true, "")
		if code != 200 {
			t.Fatalf("%s: %d %s", version, code, body)
		}
		var doc struct{ Events []map[string]any }
		if err := json.Unmarshal([]byte(body), &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Events) == 0 {
			return nil
		}
		var out []string
		for _, k := range []string{"EventType", "NotBefore", "Description", "EventSource", "DurationInSeconds"} {
			if _, ok := doc.Events[0][k]; ok {
				out = append(out, k)
			}
		}
		return out
	}
	for _, tc := range []struct{ version, want string }{
		{"2017-03-01", ""},
		{"2017-08-01", ""},
		{"2017-11-01", "EventType NotBefore"},
		{"2019-01-01", "EventType NotBefore"},
		{"2019-04-01", "EventType NotBefore Description"},
		{"2019-08-01", "EventType NotBefore Description EventSource"},
		{"2020-07-01", "EventType NotBefore Description EventSource DurationInSeconds"},
	} {
		if got := strings.Join(keys(tc.version), " "); got != tc.want {
			t.Errorf("api-version %s shows %q; want %q", tc.version, got, tc.want)
		}
	}
	// The newest version's document is Document, byte for byte.
	_, body := c.do("GET", events, true, "")
	want, _ := json.Marshal(s.Document(0, 3600))
	if strings.TrimSpace(body) != string(want) {
		t.Errorf("2020-07-01 serves\n%s\nwant\n%s", body, want)
	}

	old, s := newClient(t, "batch-0")
	old.clock.Advance(3600)
	old.do("GET", "/metadata/scheduledevents?api-version=2017-08-01", true, "")
	if r := s.Report()[0]; r.FirstSeen != "" {
		t.Errorf("a poll at 2017-08-01 counted as seeing the notice: %+v", r)
	}
}
