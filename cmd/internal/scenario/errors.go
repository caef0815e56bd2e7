package scenario

import (
	"fmt"
	"strings"
)

// Error is one positioned problem in a scenario file, or in a trace file it
// names. Its text reads "file:line:col: key.path: what is wrong; what is
// accepted".
type Error struct {
	File   string
	Line   int    // 0 when no line applies
	Column int    // 0 when only the line is known
	Path   string // the key path, such as fleets[0].max_price; "" for a trace line
	Err    error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	if e.Path != "" {
		b.WriteString(": ")
		b.WriteString(e.Path)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// maxShown caps how many problems Errors prints: past that, the first ones
// are what a user fixes first anyway, and a fuzzed or generated file could
// otherwise produce megabytes of text.
const maxShown = 50

// Errors is every problem found in one scenario, in the order found. It
// prints one problem per line. Its elements are *Error, or
// *traces.TraceError for a problem inside a trace file.
type Errors []error

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i == maxShown {
			fmt.Fprintf(&b, "\n... and %d more problems", len(es)-maxShown)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

func (es Errors) Unwrap() []error { return es }
