package main

import (
	"strings"
	"testing"

	"github.com/spotsim/spotsim/sim"
)

// Flags that would break the clock or contradict each other are refused
// with exit 2 before anything is served.
func TestServeBadFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--speed", "inf"}, "--speed +Inf"},
		{[]string{"--speed", "1e300"}, "at most 1e+06"},
		{[]string{"--speed", "NaN"}, "--speed NaN"},
		{[]string{"--speed", "0"}, "--speed 0"},
		{[]string{"--epoch", "now", "--speed", "60"}, "--epoch now"},
		{[]string{"--epoch", "now", "--clock", "manual"}, "--epoch now"},
		{[]string{"--epoch", "tomorrow"}, "want now or scenario"},
		{[]string{"--notice-in", "-5s"}, "--notice-in"},
		{[]string{"--from", "8d"}, "the scenario ends"},
		{[]string{"--vm", "nope"}, "spotsim serve: --vm nope: the scenario makes no VM of that name"}, // once "serve: serve:"
	} {
		code, _, errs := spotsim(t, append([]string{"serve", "--addr", "127.0.0.1:0"}, tc.args...)...)
		if code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("serve %v: exit %d, %q; want 2 and %q", tc.args, code, errs, tc.want)
		}
	}
}

// With --vm, the default start (--epoch now) is --notice-in before that
// VM's own first notice: web-1's comes 3.5 days into the example, a day
// and a half after batch-0's, which is where the server used to start, so a
// handler standing for web-1 waited a day of wall time. A VM without a
// notice (the regular db-0) falls back to the scenario's first.
func TestServeStartsBeforeTheVMsNotice(t *testing.T) {
	sc, err := loadScenario(nil)
	if err != nil {
		t.Fatal(err)
	}
	sc.Config.Record = sim.Record{Events: true, Notices: true}
	res, err := sim.Run(&sc.Config)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		vm, want string
		at       int64
	}{
		{"", "batch-0", 216000},
		{"batch-3", "batch-3", 216000},
		{"web-1", "web-1", 302400},
		{"db-0", "batch-0", 216000},
	} {
		n, ok := firstNotice(res, tc.vm, false)
		if !ok || res.VMName(n.VM) != tc.want || n.IssuedAt != tc.at {
			t.Errorf("--vm %q: first notice %s at %d (%v); want %s at %d", tc.vm, res.VMName(n.VM), n.IssuedAt, ok, tc.want, tc.at)
		}
	}
}
