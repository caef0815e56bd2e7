package bug

import (
	"errors"
	"strings"
	"testing"
)

func panics() (err error) {
	defer Catch(&err, "batch")
	var s []int
	_ = s[len(s)] // index out of range
	return nil
}

func TestCatch(t *testing.T) {
	err := panics()
	var b *Error
	if !errors.As(err, &b) || b.Scenario != "batch" {
		t.Fatalf("got %v, want a *bug.Error for batch", err)
	}
	msg := err.Error()
	for _, want := range []string{"batch: internal error, a bug in spotsim", "index out of range", "at cmd/internal/bug/bug_test.go:"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q does not say %q", msg, want)
		}
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("%q is more than one line", msg)
	}
}

func TestCatchNoPanic(t *testing.T) {
	f := func() (err error) {
		defer Catch(&err, "x")
		return errors.New("ordinary")
	}
	if err := f(); err == nil || err.Error() != "ordinary" {
		t.Fatalf("got %v; an ordinary error must pass through", err)
	}
}

func TestModulePath(t *testing.T) {
	for _, c := range []struct{ fn, file, want string }{
		{"github.com/spotsim/spotsim/sim.(*blockList[...]).at", "/work/x/sim/blocks.go", "sim/blocks.go"},
		{"github.com/spotsim/spotsim/cmd/internal/bug.panics", "/a/b/bug_test.go", "cmd/internal/bug/bug_test.go"},
		{"main.main", "/a/cmd/spotsim/main.go", "main.go"},
	} {
		if got := modulePath(c.fn, c.file); got != c.want {
			t.Errorf("modulePath(%q, %q) = %q, want %q", c.fn, c.file, got, c.want)
		}
	}
}
