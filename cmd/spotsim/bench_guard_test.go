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
