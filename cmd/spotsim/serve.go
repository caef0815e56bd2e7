package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/spotsim/spotsim/cmd/internal/scenario"
	"github.com/spotsim/spotsim/cmd/internal/serve"
	"github.com/spotsim/spotsim/cmd/internal/timefmt"
	"github.com/spotsim/spotsim/sim"
)

type serveOptions struct {
	addr, from, vm, clock, polls, epoch, noticeIn string
	rebalanceVersion                              string
	speed                                         float64
	throttle                                      bool
}

// maxSpeed bounds --speed: a simulated year in about 30 s of wall time is
// fast enough, and the clock's arithmetic stays exact far beyond it.
const maxSpeed = 1e6

func serveCmd(args []string, stdout, stderr io.Writer) error {
	var o serveOptions
	fl := newFlags("serve", "[SCENARIO]", "Replay a scenario as Azure's Instance Metadata Service: each VM's Scheduled Events\n"+
		"document (GET and POST /metadata/scheduledevents) and instance metadata (/metadata/instance),\n"+
		"for testing eviction handlers. With no SCENARIO, the built-in example. By default the\n"+
		"simulated clock is the wall clock and the first notice comes 10 s after start. Ctrl-C\n"+
		"stops it and prints, per notice, how much warning the handler had. See docs/serve.md.", stdout)
	fl.StringVar(&o.addr, "addr", "127.0.0.1:8080", "listen address (loopback unless told otherwise)")
	fl.StringVar(&o.epoch, "epoch", "", "now: served times are the wall clock's (the default at --speed 1 on the wall clock); scenario: the scenario's own times")
	fl.StringVar(&o.noticeIn, "notice-in", "10s", "with --epoch now and no --from: start so that the first notice (of the --vm VM, when it has one) comes this long after start")
	fl.Float64Var(&o.speed, "speed", 1, "simulated seconds per wall-clock second, up to 1000000")
	fl.StringVar(&o.from, "from", "0s", "start at this offset from the scenario start, such as 2d11h59m (with --epoch now, by default --notice-in before the first notice)")
	fl.StringVar(&o.vm, "vm", "", "answer /metadata/... as this VM; without it, use /vms/NAME/metadata/...")
	fl.StringVar(&o.clock, "clock", "wall", "wall (scaled by --speed) or manual (moved by POST /spotsim/advance?by=30s with Metadata: true)")
	fl.BoolVar(&o.throttle, "throttle", true, "answer a VM's 6th request within a second with 429, as IMDS does (5 requests/s per VM)")
	fl.StringVar(&o.polls, "polls", "", "log every poll to this file")
	fl.StringVar(&o.rebalanceVersion, "rebalance-api-version", "", "serve Spot Rebalance Recommendations on /metadata/scheduledevents under this api-version (Azure names its own; docs/evictions.md)")
	if err := parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 1 {
		return bad(fmt.Errorf("takes at most one scenario, got %d", fl.NArg()))
	}
	if !(o.speed > 0) || math.IsInf(o.speed, 0) || o.speed > maxSpeed {
		return bad(fmt.Errorf("--speed %g: want a number > 0 and at most %g", o.speed, float64(maxSpeed)))
	}
	if o.clock != "wall" && o.clock != "manual" {
		return bad(fmt.Errorf("--clock %q: want wall or manual", o.clock))
	}
	aligned := o.clock == "wall" && o.speed == 1
	switch o.epoch {
	case "":
		o.epoch = map[bool]string{true: "now", false: "scenario"}[aligned]
	case "now":
		if !aligned {
			return bad(fmt.Errorf("--epoch now: the simulated clock can read the wall clock only with --clock wall and --speed 1"))
		}
	case "scenario":
	default:
		return bad(fmt.Errorf("--epoch %q: want now or scenario", o.epoch))
	}
	from, err := scenario.ParseDuration(o.from)
	if err != nil || from < 0 {
		return bad(fmt.Errorf("--from %q: want a duration >= 0 such as 90m or 2d12h", o.from))
	}
	noticeIn, err := scenario.ParseDuration(o.noticeIn)
	if err != nil || noticeIn < 0 {
		return bad(fmt.Errorf("--notice-in %q: want a duration >= 0 such as 10s", o.noticeIn))
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
	if from >= sc.Config.Horizon {
		return bad(fmt.Errorf("--from %s: the scenario ends at %ds", o.from, sc.Config.Horizon))
	}
	began := time.Now()
	opt := serve.Options{VM: o.vm, Log: stderr, RebalanceVersion: o.rebalanceVersion}
	first, hasFirst := firstNotice(res, o.vm, o.rebalanceVersion != "")
	if o.epoch == "now" {
		if !fl.Changed("from") && hasFirst {
			from = max(0, first.IssuedAt-noticeIn)
		}
		// Simulated second `from` is now: every served time is the wall clock's.
		opt.Epoch = began.Truncate(time.Second).Add(-time.Duration(from) * time.Second)
	}
	opt.Clock = serve.NewScaledClock(from, o.speed, time.Now)
	if o.epoch == "now" {
		opt.Clock = serve.NewWallClock(opt.Epoch, time.Now)
	}
	if o.clock == "manual" {
		opt.Clock = serve.NewManualClock(from)
	}
	if o.throttle {
		opt.Throttle = 5
	}
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
	epoch := opt.Epoch
	if epoch.IsZero() {
		epoch = sc.Config.Start
	}
	at := func(sec int64) string { return timefmt.At(epoch, sec) }
	hs := serve.NewHTTPServer(srv.Handler(), serve.DefaultTimeouts)
	fmt.Fprintf(stdout, "serving %s (%d VMs, %d notices) on http://%s\n", sc.Config.Name, res.VMs.Len(), len(res.Notices), ln.Addr())
	fmt.Fprintf(stdout, "simulated time starts at %s (%ds into the scenario), %g× wall time (clock %s, epoch %s)\n",
		at(from), from, o.speed, o.clock, o.epoch)
	if hasFirst {
		fmt.Fprintf(stdout, "first notice: %s at %s (--from %ds)\n", res.VMName(first.VM), at(first.IssuedAt), first.IssuedAt)
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
// handler first and last saw it Scheduled, when it acknowledged, and how
// long it had before the eviction.
func printReport(w io.Writer, rep []serve.NoticeReport) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "vm\tissued_at\tfirst_seen_at\tlast_poll_at\tacknowledged_at\tevicted_at\twarning_s")
	for _, r := range rep {
		warn := "-"
		if r.WarningSec != nil {
			warn = fmt.Sprint(*r.WarningSec)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.VM, r.IssuedAt, dash(r.FirstSeen), dash(r.LastPoll), dash(r.AckedAt), dash(r.EvictedAt), warn)
	}
	tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// firstNotice is the notice a handler waits for: the first of VM vm (with
// --vm), else the scenario's first; rebalance recommendations count only
// when they are served. With --vm NAME the default start is --notice-in
// before that VM's own first notice, not another VM's (which could leave
// the handler waiting for days of wall time).
func firstNotice(res *sim.Result, vm string, rebalance bool) (sim.Notice, bool) {
	var any *sim.Notice
	for i := range res.Notices {
		n := &res.Notices[i]
		if n.Kind != sim.PreemptNotice && !rebalance {
			continue
		}
		if vm == "" || res.VMName(n.VM) == vm {
			return *n, true
		}
		if any == nil {
			any = n
		}
	}
	if any == nil {
		return sim.Notice{}, false
	}
	return *any, true
}
