// Package bug marks failures that are spotsim's fault, not the input's: a
// panic or a broken invariant inside a run. The command line exits 1 for
// them (2 is bad input) with one line that names the scenario and asks for
// a report; a sweep records them as a failed run and goes on.
package bug

import (
	"fmt"
	"path"
	"runtime"
	"strings"
)

// Error is an internal failure of the run of one scenario.
type Error struct {
	Scenario string
	Err      error
}

func (e *Error) Error() string {
	if e.Scenario == "" {
		return "internal error, a bug in spotsim (please report it): " + e.Err.Error()
	}
	return e.Scenario + ": internal error, a bug in spotsim (please report it with the scenario): " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// New marks err, from running scenario, as a bug.
func New(scenario string, err error) error { return &Error{scenario, err} }

// Catch, deferred, turns a panic of the function that defers it into an
// *Error in *err, naming where it happened, so the process survives it:
//
//	defer bug.Catch(&err, cfg.Name)
func Catch(err *error, scenario string) {
	r := recover()
	if r == nil {
		return
	}
	*err = &Error{scenario, fmt.Errorf("panic: %v%s", r, where())}
}

// where is " at pkg/file.go:line" for the frame that panicked: the first
// one after runtime.gopanic that is not in the runtime itself.
func where() string {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(1, pcs)])
	panicking := false
	for {
		f, more := frames.Next()
		switch {
		case f.Function == "runtime.gopanic":
			panicking = true
		case panicking && !strings.HasPrefix(f.Function, "runtime."):
			return fmt.Sprintf(" at %s:%d", modulePath(f.Function, f.File), f.Line)
		}
		if !more {
			return ""
		}
	}
}

// modulePrefix is the module path and its slash.
const modulePrefix = "github.com/spotsim/spotsim/"

// modulePath is file as a path in the module: the function's package path
// without the module name, then the file's base name.
func modulePath(function, file string) string {
	pkg := function
	if i := strings.LastIndex(pkg, "/"); i >= 0 {
		// the package is up to the first dot after the last slash
		if j := strings.Index(pkg[i:], "."); j >= 0 {
			pkg = pkg[:i+j]
		}
	} else if j := strings.Index(pkg, "."); j >= 0 {
		pkg = pkg[:j]
	}
	// "github.com/spotsim/spotsim/sim.(*blockList[...]).at" is in "sim";
	// the module's own path, and the builder's folders, say nothing to a
	// reader.
	if rest, ok := strings.CutPrefix(pkg, modulePrefix); ok {
		pkg = rest
	} else {
		pkg = ""
	}
	return path.Join(pkg, path.Base(file))
}
