package serve

import (
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"
)

// A slow client cannot pin the server: connections that trickle their
// request header or body one byte every half second, for up to 30 s, are
// closed by the server's read timeouts (DefaultTimeouts, as spotsim serve
// uses them), an idle keep-alive connection by the idle timeout, and
// meanwhile ordinary polls are answered.
func TestSlowClients(t *testing.T) {
	if testing.Short() {
		t.Skip("takes about 12 s")
	}
	timeouts := DefaultTimeouts
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s, _ := New(testRun(t), start, Options{Clock: NewManualClock(0), VM: "batch-0"})
	hs := NewHTTPServer(s.Handler(), timeouts)
	go hs.Serve(ln)
	defer hs.Close()
	addr := ln.Addr().String()

	// trickle writes head at once, then tail a byte at a time, and says how
	// long the server kept the connection open.
	trickle := func(head, tail string) time.Duration {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Error(err)
			return 0
		}
		defer conn.Close()
		began := time.Now()
		closed := make(chan time.Duration, 1)
		go func() { io.Copy(io.Discard, conn); closed <- time.Since(began) }()
		conn.Write([]byte(head))
		for i := 0; time.Since(began) < 30*time.Second; i++ {
			select {
			case d := <-closed:
				return d
			case <-time.After(500 * time.Millisecond):
			}
			conn.Write([]byte{tail[i%len(tail)]})
		}
		return time.Since(began)
	}
	var wg sync.WaitGroup
	var header, body [2]time.Duration
	for i := range 2 {
		wg.Go(func() {
			header[i] = trickle("", "GET /metadata/scheduledevents?api-version=2020-07-01 HTTP/1.1\r\nHost: x\r\nMetadata: true\r\n")
		})
		wg.Go(func() {
			body[i] = trickle("POST /metadata/scheduledevents?api-version=2020-07-01 HTTP/1.1\r\nHost: x\r\nMetadata: true\r\nContent-Length: 100000\r\n\r\n", `{"StartRequests"`)
		})
	}
	// Ordinary polls go on meanwhile.
	for range 4 {
		time.Sleep(time.Second)
		req, _ := http.NewRequest("GET", "http://"+addr+events, nil)
		req.Header.Set("Metadata", "true")
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("a poll during the trickle: %v %v", err, resp)
		}
		resp.Body.Close()
	}
	wg.Wait()
	for i := range 2 {
		if header[i] > timeouts.ReadHeader+2*time.Second {
			t.Errorf("a trickled header held its connection %v; the header timeout is %v", header[i], timeouts.ReadHeader)
		}
		if body[i] > timeouts.Read+2*time.Second {
			t.Errorf("a trickled body held its connection %v; the read timeout is %v", body[i], timeouts.Read)
		}
	}
	t.Logf("trickled header closed after %v, body after %v", header, body)
}

// An idle keep-alive connection is closed after the idle timeout (here
// shortened: the mechanism is the server's, the value DefaultTimeouts').
func TestIdleConnectionClosed(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s, _ := New(testRun(t), start, Options{Clock: NewManualClock(0), VM: "batch-0"})
	timeouts := DefaultTimeouts
	timeouts.Idle = 500 * time.Millisecond
	hs := NewHTTPServer(s.Handler(), timeouts)
	go hs.Serve(ln)
	defer hs.Close()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.Write([]byte("GET /metadata/scheduledevents?api-version=2020-07-01 HTTP/1.1\r\nHost: x\r\nMetadata: true\r\n\r\n"))
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	began := time.Now()
	b, err := io.ReadAll(conn) // the answer, then EOF when the server closes the idle connection
	if err != nil || len(b) == 0 || time.Since(began) > 3*time.Second {
		t.Fatalf("read %d bytes, %v, after %v; want the answer then the close", len(b), err, time.Since(began))
	}
	if DefaultTimeouts.Idle <= 0 || DefaultTimeouts.ReadHeader <= 0 || DefaultTimeouts.Read <= 0 || DefaultTimeouts.Write <= 0 {
		t.Fatalf("DefaultTimeouts %+v: every timeout must be set", DefaultTimeouts)
	}
}
