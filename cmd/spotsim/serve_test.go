package main

import (
	"strings"
	"testing"
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
