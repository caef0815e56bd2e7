package main

import (
	"errors"
	"strings"
	"testing"
)

// Under go test, bench must not start the test binary as spotsim: it
// would run the tests again, recursively (once 3,800 processes).
func init() {
	spotsimExe = func() (string, error) {
		return "", errors.New("bench starts no children under go test: the executable is the test binary")
	}
}

func TestBenchStartsNoTestBinary(t *testing.T) {
	code, _, errs := spotsim(t, "bench", "B1", "--runs", "1", "--scale", "0.01")
	if code == 0 || !strings.Contains(errs, "starts no children under go test") {
		t.Fatalf("bench under go test: exit %d, %q; want the guard's error", code, errs)
	}
}

// --scaling's tables have fixed sizes and, like --peer, time `run --outputs
// summary`: a --scale or --outputs given with them used to be ignored
// without a word (`bench --scaling --scale 0.01`, meant as a quick look, ran
// the full minute and a half), as --peer with --scaling ran the tables alone.
// They are refused, as --warm without --peer is, before anything is timed.
func TestBenchRefusesFlagsItWouldIgnore(t *testing.T) {
	for _, args := range [][]string{
		{"--scaling", "--scale", "0.01"},
		{"--scaling", "pools", "--outputs", "all"},
		{"--peer", "--outputs", "summary,fleets"},
		{"--scaling", "--peer"},
	} {
		code, _, errs := spotsim(t, append([]string{"bench"}, args...)...)
		if code != exitBadInput || !strings.Contains(errs, "does not apply") {
			t.Errorf("bench %s: exit %d, %q; want exit %d saying the flag does not apply", strings.Join(args, " "), code, errs, exitBadInput)
		}
	}
}
