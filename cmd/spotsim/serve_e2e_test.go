package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The end-to-end test of issue 17: `spotsim serve`, built and run as a
// user runs it (wall clock, --epoch now by default, throttling on), and a
// drain handler of our own in Python's standard library
// (scenarios/drain_handler.py, written from Azure's documented contract),
// through /metadata/instance, the Scheduled Events poll, a Preempt whose
// NotBefore is in the future by the handler's own clock, a drain, an
// acknowledgement and the event's disappearance. Bounded to a minute.
func TestServeDrainHandlerEndToEnd(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("SPOTSIM_REQUIRE_PYTHON") != "" {
			t.Fatal("python3 is missing, and SPOTSIM_REQUIRE_PYTHON says this test must run")
		}
		t.Skip("SKIPPED: python3 is missing, so the end-to-end drain handler test did not run (CI sets SPOTSIM_REQUIRE_PYTHON=1)")
	}
	if testing.Short() {
		t.Skip("takes about 15 s")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	bin := filepath.Join(t.TempDir(), "spotsim")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	srv := exec.CommandContext(ctx, bin, "serve", "--vm", "batch-0", "--addr", "127.0.0.1:0", "--notice-in", "3s")
	var serverErr bytes.Buffer
	srv.Stderr = &serverErr
	stdout, _ := srv.StdoutPipe()
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Process.Kill()
	lines := bufio.NewScanner(stdout)
	var banner []string
	addr := ""
	for addr == "" && lines.Scan() {
		banner = append(banner, lines.Text())
		if m := regexp.MustCompile(`on (http://127\.0\.0\.1:\d+)`).FindStringSubmatch(lines.Text()); m != nil {
			addr = m[1]
		}
	}
	if addr == "" {
		t.Fatalf("no address in the server's output %q; stderr %s", banner, serverErr.String())
	}
	handler := exec.CommandContext(ctx, python, "../../scenarios/drain_handler.py", "--once")
	handler.Env = append(os.Environ(), "IMDS="+addr, "POLL=0.5", "DRAIN=2",
		"HTTP_PROXY=http://127.0.0.1:9", "http_proxy=http://127.0.0.1:9") // a dead proxy: the handler must bypass it
	out, err := handler.CombinedOutput()
	if err != nil {
		t.Fatalf("handler: %v\n%s\nserver: %s", err, out, serverErr.String())
	}
	log := string(out)
	for _, want := range []string{"this VM is batch-0", "Preempt D8AB52A5-4853-4008-8462-59BBF539A0A3 for batch-0", "drained and acknowledged", "is gone"} {
		if !strings.Contains(log, want) {
			t.Errorf("handler output lacks %q:\n%s", want, log)
		}
	}
	// The notice is 30 s; the handler saw it within a poll of its issue.
	if m := regexp.MustCompile(`: ([0-9.]+) s left`).FindStringSubmatch(log); m == nil {
		t.Errorf("no time left in %s", log)
	} else if left, _ := strconv.ParseFloat(m[1], 64); left < 25 || left > 31 {
		t.Errorf("the handler had %.1f s before NotBefore by its own clock; want about 30 (the served clock is the wall clock)", left)
	}
	srv.Process.Signal(syscall.SIGINT)
	var report []string
	for lines.Scan() {
		report = append(report, lines.Text())
	}
	if err := srv.Wait(); err != nil {
		t.Fatalf("server: %v\n%s", err, serverErr.String())
	}
	// The report's batch-0 row: seen, acknowledged and evicted at the
	// acknowledgement, warning_s the drain (2 s, give or take a poll).
	var row []string
	for _, l := range report {
		if strings.HasPrefix(l, "batch-0 ") {
			row = strings.Fields(l)
		}
	}
	if len(row) != 7 || row[2] == "-" || row[4] == "-" || row[4] != row[5] {
		t.Fatalf("report row %q; want seen, acknowledged, evicted at the acknowledgement\n%s", row, strings.Join(report, "\n"))
	}
	if w, _ := strconv.Atoi(row[6]); w < 1 || w > 4 {
		t.Errorf("warning_s %s; want the 2 s drain", row[6])
	}
	t.Logf("server:\n%s\n%s\nhandler:\n%s\nreport:\n%s", strings.Join(banner, "\n"), serverErr.String(), log, strings.Join(report, "\n"))
	if !strings.Contains(serverErr.String(), "batch-0 acknowledged D8AB52A5") {
		t.Errorf("server log: %s", serverErr.String())
	}
}
