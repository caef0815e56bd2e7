package serve

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/spotsim/spotsim/cmd/internal/scenario"
	"github.com/spotsim/spotsim/cmd/internal/schedevents"
	"github.com/spotsim/spotsim/cmd/internal/timefmt"
	"github.com/spotsim/spotsim/sim"
)

// Options configure a Server.
type Options struct {
	Clock Clock
	// VM, when set, answers every /metadata/ request as that VM.
	VM string
	// Log receives one line per acknowledgement and per first sight of an
	// event, and Polls one line per poll when set.
	Log, Polls io.Writer
	// SubscriptionID, when set, is every VM's subscriptionId; otherwise
	// each fleet's subscription.
	SubscriptionID string
	// Epoch is the served time of simulated second 0: the scenario's start
	// by default; --epoch now moves it so that the simulated clock reads
	// the wall clock.
	Epoch time.Time
	// Throttle is IMDS's limit in requests per second per VM (0: none).
	Throttle int
	// Wall is the wall clock for the throttle (time.Now by default).
	Wall func() time.Time
	// RebalanceVersion is the api-version under which Scheduled Events
	// serves rebalance recommendations ("": not served; rebalance.go).
	RebalanceVersion string
}

// Server serves one finished run as IMDS.
type Server struct {
	res    *sim.Result
	tl     *timeline
	opt    Options
	byName map[string]int
	limit  *throttle
	recs   [][]recommendation // per VM (rebalance.go)
	states [][]stateChange    // per VM, in time order (GET /spotsim/status)

	mu    sync.Mutex
	acked map[int][]int64 // VM → per notice: acknowledged at (sim s), or -1
	polls map[[2]int]seen // (VM, notice) → the polls that returned it Scheduled
	// preemptHidden: VMs told (in the log) that their api-version shows
	// no Preempt event.
	preemptHidden map[int]bool
}

// seen is the first and last poll that returned a notice while Scheduled.
type seen struct{ first, last int64 }

// New builds a server over res, a run that recorded events and notices;
// start is the scenario's start.
func New(res *sim.Result, start time.Time, opt Options) (*Server, error) {
	if !res.Config.Record.Events || !res.Config.Record.Notices {
		return nil, errors.New("the run must record events and notices")
	}
	if opt.Epoch.IsZero() {
		opt.Epoch = start
	}
	if opt.Wall == nil {
		opt.Wall = time.Now
	}
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	s := &Server{res: res, tl: newTimeline(res), opt: opt, byName: map[string]int{},
		limit: newThrottle(opt.Throttle, res.VMs.Len(), opt.Wall), acked: map[int][]int64{}, polls: map[[2]int]seen{}, preemptHidden: map[int]bool{},
		recs: newRecommendations(res), states: newStates(res)}
	for i := range res.VMs.Len() {
		s.byName[res.VMName(i)] = i
	}
	if opt.VM != "" {
		if _, ok := s.byName[opt.VM]; !ok {
			return nil, fmt.Errorf("--vm %s: the scenario makes no VM of that name", opt.VM)
		}
	}
	return s, nil
}

// Handler is the HTTP interface: /metadata/... (as --vm), /vms/NAME/metadata/...,
// and /spotsim/... for the clock, status and report. Anything else is a
// JSON 404, as IMDS answers.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case p == "/metadata" || strings.HasPrefix(p, "/metadata/"):
		s.metadata(w, r, s.opt.VM, p)
		return
	case strings.HasPrefix(p, "/vms/"):
		name, rest, _ := strings.Cut(strings.TrimPrefix(p, "/vms/"), "/")
		if rest = "/" + rest; rest == "/metadata" || strings.HasPrefix(rest, "/metadata/") {
			s.metadata(w, r, name, rest)
			return
		}
	case p == "/spotsim/status" && r.Method == http.MethodGet:
		s.status(w, r)
		return
	case p == "/spotsim/report" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, s.Report())
		return
	case p == "/spotsim/advance" && r.Method == http.MethodPost:
		s.advance(w, r)
		return
	case p == "/spotsim/status" || p == "/spotsim/report" || p == "/spotsim/advance":
		writeJSON(w, http.StatusMethodNotAllowed, imdsError{Error: "Method not allowed"})
		return
	}
	writeJSON(w, http.StatusNotFound, imdsError{Error: errNotFound})
}

// metadata answers an IMDS path (p starts with /metadata) as VM name.
func (s *Server) metadata(w http.ResponseWriter, r *http.Request, name, p string) {
	if p == "/metadata/versions" {
		// Unversioned (the IMDS page, "Versions"): every api-version, oldest first.
		if _, ok := checkRequest(w, r); ok {
			all := slices.Concat(instanceVersions, eventsVersions)
			slices.Sort(all)
			writeJSON(w, http.StatusOK, map[string][]string{"apiVersions": slices.Compact(all)})
		}
		return
	}
	var versions []string
	switch {
	case p == "/metadata/scheduledevents":
		versions = eventsVersions
	case p == "/metadata/instance" || strings.HasPrefix(p, "/metadata/instance/"):
		versions = instanceVersions
	default:
		writeJSON(w, http.StatusNotFound, imdsError{Error: errNotFound})
		return
	}
	v, ok := s.vm(w, name)
	if !ok {
		return
	}
	if !s.limit.allow(v) {
		writeJSON(w, http.StatusTooManyRequests, imdsError{Error: errThrottled})
		return
	}
	q, ok := checkRequest(w, r)
	if !ok {
		return
	}
	if rv := s.opt.RebalanceVersion; rv != "" && versions[0] == eventsVersions[0] && q.Get("api-version") == rv {
		s.scheduledEvents(w, r, v, rv, true)
		return
	}
	version, ok := checkVersion(w, q, versions)
	if !ok {
		return
	}
	if versions[0] == instanceVersions[0] {
		s.instance(w, r, v, strings.TrimPrefix(p, "/metadata/instance"), q, version)
		return
	}
	s.scheduledEvents(w, r, v, version, false)
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
	Document = schedevents.Document
	Event    = schedevents.Event
)

// Document is VM v's document at simulated second t. Each kind of event
// adds its own entries (only Preempt so far; another kind gets its own
// timeline and a line here).
func (s *Server) Document(v int, t int64) Document {
	s.mu.Lock()
	acked := slices.Clone(s.acked[v])
	s.mu.Unlock()
	return s.document(v, s.tl.at(v, t, acked))
}

func (s *Server) document(v int, vw view) Document {
	doc := Document{DocumentIncarnation: vw.incarnation, Events: []Event{}}
	if e, ok := s.preempt(v, vw); ok {
		doc.Events = append(doc.Events, e)
	}
	return doc
}

// preempt is the Preempt event of a view, if it shows one.
func (s *Server) preempt(v int, vw view) (Event, bool) {
	if vw.status == None {
		return Event{}, false
	}
	n := s.tl.byVM[v][vw.notice]
	e := Event{EventID: n.id.String(), EventType: "Preempt", ResourceType: "VirtualMachine",
		Resources: []string{s.res.VMName(v)}, EventStatus: "Started", Description: "", EventSource: "Platform", DurationInSeconds: -1}
	if vw.status == Scheduled {
		e.EventStatus, e.NotBefore = "Scheduled", timefmt.GMT(s.opt.Epoch, vw.notBefore)
	}
	return e, true
}

// served is simulated second t as the server shows it: the scenario's time,
// or the wall clock's with --epoch now.
func (s *Server) served(t int64) string {
	return timefmt.At(s.opt.Epoch, t)
}

// scheduledEvents answers /metadata/scheduledevents at an api-version;
// rebalance: it is the rebalance api-version (rebalance.go), which shows
// rebalance recommendations beside the Preempt events.
func (s *Server) scheduledEvents(w http.ResponseWriter, r *http.Request, v int, version string, rebalance bool) {
	t := s.opt.Clock.Now()
	switch r.Method {
	case http.MethodGet:
		s.poll(w, v, t, version, rebalance)
	case http.MethodPost:
		s.acknowledge(w, r, v, t, rebalance)
	default:
		w.Header().Set("Allow", "GET, POST")
		writeJSON(w, http.StatusMethodNotAllowed, imdsError{Error: "Method not allowed. Scheduled Events answers GET and POST"})
	}
}

// poll answers a GET, as api-version version shows the document, and
// records, per notice, the first and last poll that returned it while
// Scheduled: what a handler could act on.
func (s *Server) poll(w http.ResponseWriter, v int, t int64, version string, rebalance bool) {
	s.mu.Lock()
	acked := slices.Clone(s.acked[v])
	s.mu.Unlock()
	vw := s.tl.at(v, t, acked)
	if rebalance {
		version = eventsVersions[0] // newer than every documented version: every field
	}
	doc := shown(s.document(v, vw), version)
	if rebalance {
		doc = s.withRecommendation(doc, v, t, version)
	}
	s.mu.Lock()
	if vw.status == Scheduled && !showsPreempt(version) && !s.preemptHidden[v] {
		s.preemptHidden[v] = true
		fmt.Fprintf(s.opt.Log, "%s  %s polls at api-version %s, which predates Preempt events (%s): it is not shown its notice\n", s.served(t), s.res.VMName(v), version, preemptSince)
	}
	if vw.status == Scheduled && showsPreempt(version) {
		key := [2]int{v, vw.notice}
		p, ok := s.polls[key]
		if !ok {
			p.first = t
			fmt.Fprintf(s.opt.Log, "%s  %s first saw %s (Scheduled)\n", s.served(t), s.res.VMName(v), doc.Events[0].EventID)
		}
		p.last = t
		s.polls[key] = p
	}
	if s.opt.Polls != nil {
		fmt.Fprintf(s.opt.Polls, "%s %s GET incarnation=%d events=%d\n", s.served(t), s.res.VMName(v), doc.DocumentIncarnation, len(doc.Events))
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, doc)
}

// maxBody is the largest acknowledgement body read.
const maxBody = 1 << 20

// acknowledge takes {"StartRequests": [{"EventId": ...}]}: for a Preempt
// that is still Scheduled, the eviction starts now. That is the earliest
// Azure may start it: an approval "can shorten the minimum notification
// time (when possible). The event may not start immediately upon approval"
// (Scheduled Events page, "Start an event"). Azure "always returns a
// 200 success code if it is passed a valid event ID ... A 400 error code
// indicates that the request header or payload was malformed" (Scheduled
// Events page, "Start an event").
func (s *Server) acknowledge(w http.ResponseWriter, r *http.Request, v int, t int64, rebalance bool) {
	var body struct {
		StartRequests []struct {
			EventID string `json:"EventId"`
		} `json:"StartRequests"`
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		writeJSON(w, http.StatusBadRequest, imdsError{Error: "Bad request. The body is over 1 MiB; an acknowledgement is a few hundred bytes"})
		return
	}
	if err != nil || json.Unmarshal(data, &body) != nil || len(body.StartRequests) == 0 {
		writeJSON(w, http.StatusBadRequest, imdsError{Error: `Bad request. Want a JSON body {"StartRequests": [{"EventId": "..."}]}`})
		return
	}
	ns := s.tl.byVM[v]
	s.mu.Lock()
	vw := s.tl.at(v, t, slices.Clone(s.acked[v]))
	s.mu.Unlock()
	var rec *recommendation // shown under the rebalance api-version only
	if rebalance {
		_, rec = s.rebalanceDocument(v, t)
	}
	var ks []int
	recAcked := false
	for _, sr := range body.StartRequests {
		if rec != nil && strings.EqualFold(rec.id.String(), sr.EventID) {
			recAcked = true // advisory: acknowledging it "has no effect"
			continue
		}
		k := slices.IndexFunc(ns, func(n notice) bool { return strings.EqualFold(n.id.String(), sr.EventID) })
		if k < 0 || vw.status == None || vw.notice != k {
			writeJSON(w, http.StatusBadRequest, imdsError{Error: fmt.Sprintf("Bad request. EventId %q is not a current event of this VM", sr.EventID)})
			return
		}
		ks = append(ks, k)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if recAcked {
		fmt.Fprintf(s.opt.Log, "%s  %s acknowledged %s (a rebalance recommendation: no effect)\n", s.served(t), s.res.VMName(v), rec.id)
	}
	acked := s.acked[v]
	for len(acked) < len(ns) {
		acked = append(acked, -1)
	}
	for _, k := range ks {
		if acked[k] < 0 {
			acked[k] = t
			fmt.Fprintf(s.opt.Log, "%s  %s acknowledged %s\n", s.served(t), s.res.VMName(v), ns[k].id)
		}
	}
	s.acked[v] = acked
	w.WriteHeader(http.StatusOK)
}

// StatusReport is GET /spotsim/status.
type StatusReport struct {
	SimulatedTime string `json:"simulated_time"`
	Seconds       int64  `json:"seconds_from_start"`
	// Horizon is the scenario's length; past it (Ended) the clock runs on
	// but the run has no more events: every VM keeps its last state.
	Horizon int64             `json:"horizon_seconds"`
	Ended   bool              `json:"ended"`
	VMs     map[string]string `json:"vms"`    // name → event status: none, scheduled, started
	States  map[string]string `json:"states"` // name → lifecycle state in the run: creating, running, ..., deleted; none before it is created
}

// stateChange is a VM entering a lifecycle state at a simulated second.
type stateChange struct {
	at    int64
	state sim.State
}

// newStates indexes each VM's lifecycle from the run's events.
func newStates(res *sim.Result) [][]stateChange {
	byVM := make([][]stateChange, res.VMs.Len())
	for _, e := range res.Events {
		if e.VM >= 0 && e.From != e.To {
			byVM[e.VM] = append(byVM[e.VM], stateChange{e.Time, e.To})
		}
	}
	return byVM
}

// stateAt is VM v's lifecycle state at simulated second t in the run (an
// acknowledgement's overlay does not change it), "none" before it exists.
func (s *Server) stateAt(v int, t int64) string {
	cs := s.states[v]
	k, _ := slices.BinarySearchFunc(cs, t, func(c stateChange, t int64) int { return cmp.Compare(c.at, t+1) })
	if k == 0 {
		return "none"
	}
	return cs[k-1].state.String()
}

func (s *Server) status(w http.ResponseWriter, r *http.Request) {
	t := s.opt.Clock.Now()
	h := s.res.Config.Horizon
	st := StatusReport{SimulatedTime: s.served(t), Seconds: t, Horizon: h, Ended: t >= h, VMs: map[string]string{}, States: map[string]string{}}
	for v := range s.res.VMs.Len() {
		s.mu.Lock()
		acked := slices.Clone(s.acked[v])
		s.mu.Unlock()
		name := s.res.VMName(v)
		st.VMs[name] = [...]string{"none", "scheduled", "started"}[s.tl.at(v, t, acked).status]
		st.States[name] = s.stateAt(v, t)
	}
	writeJSON(w, http.StatusOK, st)
}

// advance moves the manual clock: POST /spotsim/advance?by=DURATION, with
// the Metadata: true header, which a browser cannot send across origins
// without a preflight, so that no web page can move the clock.
func (s *Server) advance(w http.ResponseWriter, r *http.Request) {
	if !hasMetadataHeader(r) {
		writeJSON(w, http.StatusBadRequest, imdsError{Error: errNoHeader})
		return
	}
	mc, ok := s.opt.Clock.(*ManualClock)
	if !ok {
		writeJSON(w, http.StatusConflict, imdsError{Error: "the clock is not manual; start spotsim serve with --clock manual"})
		return
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	var by int64
	if err == nil && len(q["by"]) == 1 {
		by, err = scenario.ParseDuration(q.Get("by"))
	} else {
		err = errors.New("want one by")
	}
	if err != nil || by < 0 {
		writeJSON(w, http.StatusBadRequest, imdsError{Error: "by: want a whole number of seconds >= 0, such as 30s, 5m or 1d"})
		return
	}
	t := mc.Advance(by)
	writeJSON(w, http.StatusOK, map[string]any{"simulated_time": s.served(t), "seconds_from_start": t})
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
