package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"text/tabwriter"
	"time"

	"spotsim/cmd/internal/scenario"
	"spotsim/cmd/internal/serve"
	"spotsim/sim"
)

type serveOptions struct {
	addr, from, vm, clock, polls string
	speed                        float64
}

func serveCmd(args []string, stdout, stderr io.Writer) error {
	var o serveOptions
	fl := newFlags("serve", "[SCENARIO]", "Replay a scenario as Azure's Instance Metadata Service: each VM's Scheduled Events\n"+
		"document (GET and POST /metadata/scheduledevents) and instance metadata, in scaled wall-clock\n"+
		"time, for testing eviction handlers. With no SCENARIO, the built-in example. Ctrl-C stops it\n"+
		"and prints, per notice, how much warning the handler had.", stdout)
	fl.StringVar(&o.addr, "addr", "127.0.0.1:8080", "listen address (loopback unless told otherwise)")
	fl.Float64Var(&o.speed, "speed", 1, "simulated seconds per wall-clock second")
	fl.StringVar(&o.from, "from", "0s", "start at this offset from the scenario start, such as 2d11h59m")
	fl.StringVar(&o.vm, "vm", "", "answer /metadata/... as this VM; without it, use /vms/NAME/metadata/...")
	fl.StringVar(&o.clock, "clock", "wall", "wall (scaled by --speed) or manual (moved by POST /spotsim/advance?by=30s)")
	fl.StringVar(&o.polls, "polls", "", "log every poll to this file")
	if err := parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 1 {
		return bad(fmt.Errorf("takes at most one scenario, got %d", fl.NArg()))
	}
	if !(o.speed > 0) {
		return bad(fmt.Errorf("--speed %g: want a number > 0", o.speed))
	}
	if o.clock != "wall" && o.clock != "manual" {
		return bad(fmt.Errorf("--clock %q: want wall or manual", o.clock))
	}
	from, err := scenario.ParseDuration(o.from)
	if err != nil || from < 0 {
		return bad(fmt.Errorf("--from %q: want a duration >= 0 such as 90m or 2d12h", o.from))
	}
	sc, err := loadScenario(fl.Args())
	if err != nil {
		return bad(err)
	}
	sc.Config.Record = sim.Record{Events: true, Notices: true}
	res, err := sim.Run(&sc.Config)
	if err != nil {
		return err
	}
	var clock serve.Clock = serve.NewScaledClock(from, o.speed, time.Now)
	if o.clock == "manual" {
		clock = serve.NewManualClock(from)
	}
	opt := serve.Options{Clock: clock, VM: o.vm, Log: stderr}
	if o.polls != "" {
		f, err := os.Create(o.polls)
		if err != nil {
			return bad(fmt.Errorf("--polls: %w", err))
		}
		defer f.Close()
		opt.Polls = f
	}
	srv, err := serve.New(res, sc.Config.Start, opt)
	if err != nil {
		return bad(err)
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return bad(fmt.Errorf("--addr: %w", err))
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "serving %s (%d VMs, %d notices) on http://%s\n", sc.Config.Name, len(res.VMs), len(res.Notices), ln.Addr())
	fmt.Fprintf(stdout, "simulated time starts at %s, %g× wall time (clock %s)\n",
		sc.Config.Start.Add(time.Duration(from)*time.Second).Format(time.RFC3339), o.speed, o.clock)
	if len(res.Notices) > 0 {
		n := res.Notices[0]
		fmt.Fprintf(stdout, "first notice: %s at %s (--from %ds)\n", res.VMName(n.VM), sc.Config.Start.Add(time.Duration(n.IssuedAt)*time.Second).Format(time.RFC3339), n.IssuedAt)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	printReport(stdout, srv.Report())
	return nil
}

// printReport is the number handler authors want: per notice, when the
// handler first saw it and how long it had before the eviction.
func printReport(w io.Writer, rep []serve.NoticeReport) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "vm\tissued_at\tfirst_seen_at\tacknowledged_at\tevicted_at\twarning_s")
	for _, r := range rep {
		warn := "-"
		if r.WarningSec != nil {
			warn = fmt.Sprint(*r.WarningSec)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.VM, r.IssuedAt, dash(r.FirstSeen), dash(r.AckedAt), dash(r.EvictedAt), warn)
	}
	tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
