package serve

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"spotsim/cmd/internal/report"
	"spotsim/sim"
)

// Azure's documented api-versions. Scheduled Events: 2017-03-01 to
// 2020-07-01; instance metadata: 2017-04-02 to 2023-07-01 (Azure Instance
// Metadata Service and Scheduled Events docs, learn.microsoft.com,
// "Supported API versions"). Newest first, as "newest-versions" lists them.
var (
	eventsVersions   = []string{"2020-07-01", "2019-08-01", "2019-01-01", "2017-11-01", "2017-08-01", "2017-03-01"}
	instanceVersions = []string{"2023-07-01", "2021-12-13", "2021-11-15", "2021-11-01", "2021-10-01", "2021-05-01",
		"2021-03-01", "2021-02-01", "2021-01-01", "2020-12-01", "2020-10-01", "2020-09-01", "2020-07-15",
		"2020-06-01", "2019-11-01", "2019-08-15", "2019-08-01", "2019-06-04", "2019-06-01", "2019-04-30",
		"2019-03-11", "2019-02-01", "2018-10-01", "2018-04-02", "2018-02-01", "2017-12-01", "2017-08-01", "2017-04-02"}
)

// Options configure a Server.
type Options struct {
	Clock Clock
	// VM, when set, answers every /metadata/ request as that VM.
	VM string
	// Log receives one line per acknowledgement and per first sight of an
	// event, and Polls one line per poll when set.
	Log, Polls io.Writer
	// SubscriptionID fills the instance metadata's subscriptionId.
	SubscriptionID string
}

// Server serves one finished run as IMDS.
type Server struct {
	res    *sim.Result
	start  time.Time
	tl     *timeline
	opt    Options
	byName map[string]int

	mu        sync.Mutex
	acked     map[int][]int64 // VM → per notice: acknowledged at (sim s), or -1
	firstSeen map[[2]int]int64
}

// New builds a server over res, a run that recorded events and notices;
// start is the scenario's start.
func New(res *sim.Result, start time.Time, opt Options) (*Server, error) {
	if !res.Config.Record.Events || !res.Config.Record.Notices {
		return nil, fmt.Errorf("serve: the run must record events and notices")
	}
	s := &Server{res: res, start: start, tl: newTimeline(res), opt: opt, byName: map[string]int{},
		acked: map[int][]int64{}, firstSeen: map[[2]int]int64{}}
	for i := range res.VMs {
		s.byName[res.VMName(i)] = i
	}
	if opt.VM != "" {
		if _, ok := s.byName[opt.VM]; !ok {
			return nil, fmt.Errorf("serve: --vm %s: the scenario makes no VM of that name", opt.VM)
		}
	}
	if s.opt.Log == nil {
		s.opt.Log = io.Discard
	}
	if s.opt.SubscriptionID == "" {
		s.opt.SubscriptionID = "00000000-0000-0000-0000-000000000000"
	}
	return s, nil
}

// Handler is the HTTP interface.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/metadata/scheduledevents", func(w http.ResponseWriter, r *http.Request) {
		s.scheduledEvents(w, r, s.opt.VM)
	})
	mux.HandleFunc("/metadata/instance/compute", func(w http.ResponseWriter, r *http.Request) {
		s.compute(w, r, s.opt.VM)
	})
	mux.HandleFunc("/vms/{name}/metadata/scheduledevents", func(w http.ResponseWriter, r *http.Request) {
		s.scheduledEvents(w, r, r.PathValue("name"))
	})
	mux.HandleFunc("/vms/{name}/metadata/instance/compute", func(w http.ResponseWriter, r *http.Request) {
		s.compute(w, r, r.PathValue("name"))
	})
	mux.HandleFunc("GET /spotsim/status", s.status)
	mux.HandleFunc("GET /spotsim/report", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, s.Report()) })
	mux.HandleFunc("POST /spotsim/advance", s.advance)
	return mux
}

type imdsError struct {
	Error          string   `json:"error"`
	NewestVersions []string `json:"newest-versions,omitempty"`
}

// check applies IMDS's request rules: the Metadata: true header (else 400,
// "Required metadata header not specified") and a known api-version (else
// 400 with the newest versions, as IMDS answers).
func check(w http.ResponseWriter, r *http.Request, versions []string) bool {
	if r.Header.Get("Metadata") != "true" {
		writeJSON(w, http.StatusBadRequest, imdsError{Error: "Bad request. Required metadata header not specified"})
		return false
	}
	v := r.URL.Query().Get("api-version")
	switch {
	case v == "":
		writeJSON(w, http.StatusBadRequest, imdsError{Error: "Bad request. api-version was not specified in the request. For more information refer to aka.ms/azureimds", NewestVersions: versions[:3]})
		return false
	case !slices.Contains(versions, v):
		writeJSON(w, http.StatusBadRequest, imdsError{Error: "Bad request. api-version is invalid or was not specified in the correct format. For more information refer to aka.ms/azureimds", NewestVersions: versions[:3]})
		return false
	}
	return true
}

func (s *Server) vm(w http.ResponseWriter, name string) (int, bool) {
	if name == "" {
		writeJSON(w, http.StatusNotFound, imdsError{Error: "Not found. This server serves many VMs: ask /vms/NAME/metadata/..., or start it with --vm NAME"})
		return 0, false
	}
	v, ok := s.byName[name]
	if !ok {
		writeJSON(w, http.StatusNotFound, imdsError{Error: fmt.Sprintf("Not found. The scenario makes no VM named %q", name)})
		return 0, false
	}
	return v, true
}

// Document and Event are the Scheduled Events document, as notices.jsonl
// writes it.
type (
	Document = report.ScheduledEvents
	Event    = report.ScheduledEvent
)

// Document is VM v's document at simulated second t.
func (s *Server) Document(v int, t int64) Document {
	s.mu.Lock()
	acked := slices.Clone(s.acked[v])
	s.mu.Unlock()
	vw := s.tl.at(v, t, acked)
	doc := Document{DocumentIncarnation: vw.incarnation, Events: []Event{}}
	if vw.status == None {
		return doc
	}
	n := s.tl.byVM[v][vw.notice]
	e := Event{EventID: n.id.String(), EventType: "Preempt", ResourceType: "VirtualMachine",
		Resources: []string{s.res.VMName(v)}, EventStatus: "Started", Description: "", EventSource: "Platform", DurationInSeconds: -1}
	if vw.status == Scheduled {
		e.EventStatus, e.NotBefore = "Scheduled", gmt(s.start, vw.notBefore)
	}
	doc.Events = append(doc.Events, e)
	s.mu.Lock()
	if _, seen := s.firstSeen[[2]int{v, vw.notice}]; !seen {
		s.firstSeen[[2]int{v, vw.notice}] = t
		fmt.Fprintf(s.opt.Log, "%s  %s first saw %s (%s)\n", s.simTime(t), s.res.VMName(v), e.EventID, e.EventStatus)
	}
	s.mu.Unlock()
	return doc
}

func (s *Server) simTime(t int64) string {
	return s.start.Add(time.Duration(t) * time.Second).UTC().Format(time.RFC3339)
}

func (s *Server) scheduledEvents(w http.ResponseWriter, r *http.Request, name string) {
	if !check(w, r, eventsVersions) {
		return
	}
	v, ok := s.vm(w, name)
	if !ok {
		return
	}
	t := s.opt.Clock.Now()
	switch r.Method {
	case http.MethodGet:
		doc := s.Document(v, t)
		if s.opt.Polls != nil {
			s.mu.Lock()
			fmt.Fprintf(s.opt.Polls, "%s %s GET incarnation=%d events=%d\n", s.simTime(t), name, doc.DocumentIncarnation, len(doc.Events))
			s.mu.Unlock()
		}
		writeJSON(w, http.StatusOK, doc)
	case http.MethodPost:
		s.acknowledge(w, r, v, t)
	default:
		w.Header().Set("Allow", "GET, POST")
		writeJSON(w, http.StatusMethodNotAllowed, imdsError{Error: "Method not allowed"})
	}
}

// acknowledge takes {"StartRequests": [{"EventId": ...}]}: for a Preempt
// that is still Scheduled, the eviction starts now, as Azure starts an
// approved event without waiting for NotBefore.
func (s *Server) acknowledge(w http.ResponseWriter, r *http.Request, v int, t int64) {
	var body struct {
		StartRequests []struct {
			EventID string `json:"EventId"`
		} `json:"StartRequests"`
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	if err := dec.Decode(&body); err != nil || len(body.StartRequests) == 0 {
		writeJSON(w, http.StatusBadRequest, imdsError{Error: `Bad request. Want a JSON body {"StartRequests": [{"EventId": "..."}]}`})
		return
	}
	ns := s.tl.byVM[v]
	s.mu.Lock()
	vw := s.tl.at(v, t, slices.Clone(s.acked[v]))
	s.mu.Unlock()
	var ks []int
	for _, sr := range body.StartRequests {
		k := slices.IndexFunc(ns, func(n notice) bool { return strings.EqualFold(n.id.String(), sr.EventID) })
		if k < 0 || vw.status == None || vw.notice != k {
			writeJSON(w, http.StatusBadRequest, imdsError{Error: fmt.Sprintf("Bad request. EventId %q is not a current event of this VM", sr.EventID)})
			return
		}
		ks = append(ks, k)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	acked := s.acked[v]
	for len(acked) < len(ns) {
		acked = append(acked, -1)
	}
	for _, k := range ks {
		if acked[k] < 0 {
			acked[k] = t
			fmt.Fprintf(s.opt.Log, "%s  %s acknowledged %s\n", s.simTime(t), s.res.VMName(v), ns[k].id)
		}
	}
	s.acked[v] = acked
	w.WriteHeader(http.StatusOK)
}

// Compute is the part of /metadata/instance/compute a drain handler reads.
type Compute struct {
	AzEnvironment     string `json:"azEnvironment"`
	EvictionPolicy    string `json:"evictionPolicy"`
	Location          string `json:"location"`
	Name              string `json:"name"`
	OSType            string `json:"osType"`
	Priority          string `json:"priority"`
	ResourceGroupName string `json:"resourceGroupName"`
	ResourceID        string `json:"resourceId"`
	SubscriptionID    string `json:"subscriptionId"`
	VMScaleSetName    string `json:"vmScaleSetName"`
	VMSize            string `json:"vmSize"`
}

// ComputeOf is VM v's instance metadata: the fleet is its scale set and the
// scenario its resource group.
func (s *Server) ComputeOf(v int) Compute {
	vr := &s.res.VMs[v]
	f := &s.res.Config.Fleets[vr.Fleet]
	p := &s.res.Config.Pools[vr.Pool]
	name := s.res.VMName(v)
	c := Compute{AzEnvironment: "AzurePublicCloud", Location: p.Region, Name: name, OSType: "Linux", Priority: "Regular",
		ResourceGroupName: s.res.Config.Name, SubscriptionID: s.opt.SubscriptionID, VMScaleSetName: f.Name, VMSize: p.SKU}
	if vr.Priority == sim.Spot {
		c.Priority, c.EvictionPolicy = "Spot", map[sim.EvictionPolicy]string{sim.Deallocate: "Deallocate", sim.Delete: "Delete"}[f.Policy]
	}
	c.ResourceID = fmt.Sprintf("/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Compute/virtualMachines/%s", c.SubscriptionID, c.ResourceGroupName, name)
	return c
}

func (s *Server) compute(w http.ResponseWriter, r *http.Request, name string) {
	if !check(w, r, instanceVersions) {
		return
	}
	v, ok := s.vm(w, name)
	if !ok {
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		writeJSON(w, http.StatusMethodNotAllowed, imdsError{Error: "Method not allowed"})
		return
	}
	writeJSON(w, http.StatusOK, s.ComputeOf(v))
}

// StatusReport is GET /spotsim/status.
type StatusReport struct {
	SimulatedTime string            `json:"simulated_time"`
	Seconds       int64             `json:"seconds_from_start"`
	VMs           map[string]string `json:"vms"` // name → event status: none, scheduled, started
}

func (s *Server) status(w http.ResponseWriter, r *http.Request) {
	t := s.opt.Clock.Now()
	st := StatusReport{SimulatedTime: s.simTime(t), Seconds: t, VMs: map[string]string{}}
	for v := range s.res.VMs {
		s.mu.Lock()
		acked := slices.Clone(s.acked[v])
		s.mu.Unlock()
		st.VMs[s.res.VMName(v)] = [...]string{"none", "scheduled", "started"}[s.tl.at(v, t, acked).status]
	}
	writeJSON(w, http.StatusOK, st)
}

func (s *Server) advance(w http.ResponseWriter, r *http.Request) {
	mc, ok := s.opt.Clock.(*ManualClock)
	if !ok {
		writeJSON(w, http.StatusConflict, imdsError{Error: "the clock is not manual; start spotsim serve with --clock manual"})
		return
	}
	d, err := time.ParseDuration(r.URL.Query().Get("by"))
	if err != nil || d < 0 || d%time.Second != 0 {
		writeJSON(w, http.StatusBadRequest, imdsError{Error: "by: want a whole number of seconds >= 0, such as 30s or 5m"})
		return
	}
	t := mc.Advance(int64(d / time.Second))
	writeJSON(w, http.StatusOK, map[string]any{"simulated_time": s.simTime(t), "seconds_from_start": t})
}

// NoticeReport is, per notice, how much warning the handler really had.
type NoticeReport struct {
	VM         string `json:"vm"`
	EventID    string `json:"event_id"`
	IssuedAt   string `json:"issued_at"`
	FirstSeen  string `json:"first_seen_at"` // "" when no poll saw it
	AckedAt    string `json:"acknowledged_at"`
	EvictedAt  string `json:"evicted_at"`
	WarningSec *int64 `json:"warning_seconds"` // evicted − first seen; null when never seen
}

// Report lists every notice issued up to now, in time order.
func (s *Server) Report() []NoticeReport {
	t := s.opt.Clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []NoticeReport
	type key struct {
		at   int64
		v, k int
	}
	var keys []key
	for v, ns := range s.tl.byVM {
		for k, n := range ns {
			if n.issued <= t {
				keys = append(keys, key{n.issued, v, k})
			}
		}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := cmp.Compare(a.at, b.at); c != 0 {
			return c
		}
		return a.v - b.v
	})
	for _, kk := range keys {
		n := s.tl.byVM[kk.v][kk.k]
		ack := int64(-1)
		if a := s.acked[kk.v]; kk.k < len(a) {
			ack = a[kk.k]
		}
		evicted := s.tl.evictedAt(kk.v, kk.k, ack)
		r := NoticeReport{VM: s.res.VMName(kk.v), EventID: n.id.String(), IssuedAt: s.simTime(n.issued)}
		if evicted <= t {
			r.EvictedAt = s.simTime(evicted)
		}
		if ack >= 0 {
			r.AckedAt = s.simTime(ack)
		}
		if seen, ok := s.firstSeen[[2]int{kk.v, kk.k}]; ok {
			r.FirstSeen = s.simTime(seen)
			w := evicted - seen
			r.WarningSec = &w
		}
		out = append(out, r)
	}
	return out
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	w.Write(b.Bytes())
}
