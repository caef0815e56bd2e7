package serve

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Azure's documented api-versions, newest first as "newest-versions" lists
// them. Scheduled Events: the "Version and region availability" table of
// articles/virtual-machines/linux/scheduled-events.md (MicrosoftDocs/azure-docs,
// ms.date 01/25/2023). Instance metadata: "Supported API versions" of
// articles/virtual-machines/instance-metadata-service.md (ms.date
// 04/11/2023), plus 2023-07-01, 2023-11-15, 2024-03-15, 2024-07-17 and 2025-04-07,
// which later revisions of the page list (MicrosoftDocs/azure-compute-docs); fields
// introduced by those versions (physicalZone, ...) are not served.
var (
	eventsVersions   = []string{"2020-07-01", "2019-08-01", "2019-04-01", "2019-01-01", "2017-11-01", "2017-08-01", "2017-03-01"}
	instanceVersions = []string{"2025-04-07", "2024-07-17", "2024-03-15", "2023-11-15", "2023-07-01", "2021-12-13", "2021-11-15", "2021-11-01", "2021-10-01", "2021-08-01", "2021-05-01",
		"2021-03-01", "2021-02-01", "2021-01-01", "2020-12-01", "2020-10-01", "2020-09-01", "2020-07-15",
		"2020-06-01", "2019-11-01", "2019-08-15", "2019-08-01", "2019-06-04", "2019-06-01", "2019-04-30",
		"2019-03-11", "2019-02-01", "2018-10-01", "2018-04-02", "2018-02-01", "2017-12-01", "2017-10-01",
		"2017-08-01", "2017-04-02", "2017-03-01"}
)

// The error bodies. The header and missing-version ones are Azure's own
// (the IMDS page's FAQ and "Versioning"); the rest are worded by spotsim,
// as the pages give the status codes only.
const (
	errNoHeader       = "Bad request. Required metadata header not specified"
	errForwarded      = "Bad request. The request has an X-Forwarded-For header: IMDS rejects requests that came through a proxy"
	errNoVersion      = "Bad request. api-version was not specified in the request. For more information refer to aka.ms/azureimds"
	errBadVersion     = "Bad request. api-version is invalid or was not specified in the correct format. For more information refer to aka.ms/azureimds"
	errDuplicateQuery = "Bad request. A query parameter is given more than once: "
	errBadQuery       = "Bad request. The query string is malformed"
	errThrottled      = "Too many requests. IMDS allows 5 requests per second per VM"
	errNotFound       = "Not found. The requested element does not exist"
)

type imdsError struct {
	Error          string   `json:"error"`
	NewestVersions []string `json:"newest-versions,omitempty"`
}

// hasMetadataHeader says whether r carries Metadata: true, its value
// without regard to case: clients in the field send "Metadata: True" to
// IMDS (Go's and PowerShell's among them), and a handler that works against
// Azure must work here.
func hasMetadataHeader(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Metadata"), "true")
}

// checkRequest applies the rules of the IMDS page's "Security and
// authentication" and "Query parameters": a Metadata: true header, no
// X-Forwarded-For header, no query parameter given twice. It returns the
// parsed query.
func checkRequest(w http.ResponseWriter, r *http.Request) (url.Values, bool) {
	if len(r.Header.Values("X-Forwarded-For")) > 0 {
		writeJSON(w, http.StatusBadRequest, imdsError{Error: errForwarded})
		return nil, false
	}
	if !hasMetadataHeader(r) {
		writeJSON(w, http.StatusBadRequest, imdsError{Error: errNoHeader})
		return nil, false
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, imdsError{Error: errBadQuery})
		return nil, false
	}
	keys := make([]string, 0, len(q))
	for k, vs := range q {
		if len(vs) > 1 {
			keys = append(keys, k)
		}
	}
	if len(keys) > 0 {
		slices.Sort(keys)
		writeJSON(w, http.StatusBadRequest, imdsError{Error: errDuplicateQuery + keys[0]})
		return nil, false
	}
	return q, true
}

// checkVersion wants an api-version Azure documents for the endpoint (else
// 400 with the newest versions, as IMDS answers).
func checkVersion(w http.ResponseWriter, q url.Values, versions []string) (string, bool) {
	v := q.Get("api-version")
	switch {
	case v == "":
		writeJSON(w, http.StatusBadRequest, imdsError{Error: errNoVersion, NewestVersions: versions[:3]})
		return "", false
	case !slices.Contains(versions, v):
		writeJSON(w, http.StatusBadRequest, imdsError{Error: errBadVersion, NewestVersions: versions[:3]})
		return "", false
	}
	return v, true
}

// throttle is IMDS's rate limit: "requests to IMDS are limited to 5
// requests per second (on a per VM basis). Requests exceeding this
// threshold will be rejected with 429 responses" (the IMDS page, "Rate
// limiting"). A token bucket per VM, refilled at rate per wall-clock second
// up to rate tokens, so a handler polling once a second never meets it and
// a burst of six in a second does.
type throttle struct {
	rate float64
	wall func() time.Time
	mu   sync.Mutex
	vms  []bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newThrottle(rate int, vms int, wall func() time.Time) *throttle {
	if rate <= 0 {
		return nil
	}
	return &throttle{rate: float64(rate), wall: wall, vms: make([]bucket, vms)}
}

// allow takes a token of VM v's bucket, or says there is none.
func (t *throttle) allow(v int) bool {
	if t == nil {
		return true
	}
	now := t.wall()
	t.mu.Lock()
	defer t.mu.Unlock()
	b := &t.vms[v]
	if b.at.IsZero() {
		b.tokens = t.rate
	} else {
		b.tokens = min(t.rate, b.tokens+now.Sub(b.at).Seconds()*t.rate)
	}
	b.at = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
