package serve

import (
	"net/http"
	"time"
)

// Timeouts bound how long a client can hold a connection, so that a slow
// or idle client cannot pin the server: a request's header must arrive
// within ReadHeader, the whole request within Read, the answer be written
// within Write, and a keep-alive connection is closed after Idle without a
// request. A handler polling once a second never comes near any of them.
type Timeouts struct{ ReadHeader, Read, Write, Idle time.Duration }

// DefaultTimeouts are what spotsim serve uses.
var DefaultTimeouts = Timeouts{ReadHeader: 5 * time.Second, Read: 10 * time.Second, Write: 10 * time.Second, Idle: 30 * time.Second}

// NewHTTPServer serves h with the timeouts t and request headers of at
// most 64 KiB.
func NewHTTPServer(h http.Handler, t Timeouts) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: t.ReadHeader, ReadTimeout: t.Read,
		WriteTimeout: t.Write, IdleTimeout: t.Idle, MaxHeaderBytes: 64 << 10}
}
