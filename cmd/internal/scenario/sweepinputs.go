package scenario

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
)

// Inputs are the files a sweep's runs read besides the sweep file itself:
// the base scenario and every trace file or folder a run names, each with
// the SHA-256 of its bytes. A sweep folder records them (sweep.resolved.yaml
// and every run's done marker), so that a base or trace edited between two
// partial runs of a sweep is refused, not mixed into one summary.csv.
type Inputs struct {
	Base   string      // SHA-256 of the base scenario's bytes
	Traces [][2]string // path as written, SHA-256; sorted by path
}

// Inputs lists the sweep's inputs. LoadSweep has decoded every point, so
// every trace any run names has been read.
func (sw *Sweep) Inputs() Inputs {
	in := Inputs{Base: sw.baseSum}
	seen := map[string]bool{}
	add := func(path, sum string) {
		if sum != "" && !seen[path] {
			seen[path] = true
			in.Traces = append(in.Traces, [2]string{path, sum})
		}
	}
	for path, sum := range sw.traces.FileSums() {
		add(path, sum)
	}
	for path, sum := range sw.traces.ForeignSums() {
		add(path+"/", sum) // a folder's sum is not a file's
	}
	slices.SortFunc(in.Traces, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	return in
}

// Digest is one SHA-256 over every input, for a run's done marker.
func (in Inputs) Digest() string {
	h := sha256.New()
	fmt.Fprintf(h, "base %s\n", in.Base)
	for _, t := range in.Traces {
		fmt.Fprintf(h, "trace %q %s\n", t[0], t[1])
	}
	return hex.EncodeToString(h.Sum(nil))
}

func sumHex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
