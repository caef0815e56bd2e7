package traces

import (
	"encoding/json"
	"strconv"
)

// Availability is a spot availability trace of the Can't Be Late (NSDI'24)
// and SpotHedge datasets: {"metadata": {"gap_seconds": G}, "data": [...]}.
// data[i] is how many spot instances were available at tick i (from 0,
// G seconds apart): the published convention, in which 1 = available,
// checked against the raw collector output (see docs/traces.md and the
// dataset's SOURCE.md). The file carries no start time.
type Availability struct {
	Gap    int64   // seconds between ticks
	Counts []int64 // instances available at each tick
}

// ReadAvailability reads an availability trace; problems are reported by
// JSON path.
func ReadAvailability(data []byte, name string) (*Availability, error) {
	v, err := jsonValue(data, name)
	if err != nil {
		return nil, err
	}
	doc, ok := v.(map[string]any)
	if !ok {
		return nil, pathError(name, "$", "want {\"metadata\": {\"gap_seconds\": G}, \"data\": [...]}, got %s", jsonKind(v))
	}
	meta, ok := doc["metadata"].(map[string]any)
	if !ok {
		return nil, pathError(name, "metadata", "want an object with gap_seconds, got %s", jsonKind(doc["metadata"]))
	}
	gap, err := jsonCount(meta["gap_seconds"], name, "metadata.gap_seconds")
	if err != nil {
		return nil, err
	}
	if gap <= 0 {
		return nil, pathError(name, "metadata.gap_seconds", "%d; want a whole number of seconds > 0", gap)
	}
	list, ok := doc["data"].([]any)
	if !ok {
		return nil, pathError(name, "data", "want a list of instance counts, got %s", jsonKind(doc["data"]))
	}
	if len(list) == 0 {
		return nil, pathError(name, "data", "empty; want at least one tick")
	}
	a := &Availability{Gap: gap, Counts: make([]int64, len(list))}
	for i, el := range list {
		if a.Counts[i], err = jsonCount(el, name, index("data", i)); err != nil {
			return nil, err
		}
	}
	return a, nil
}

func jsonCount(v any, name, path string) (int64, error) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, pathError(name, path, "want a whole number >= 0, got %s", jsonKind(v))
	}
	c, err := strconv.ParseInt(n.String(), 10, 64)
	if err != nil || c < 0 || c > 1<<31 {
		return 0, pathError(name, path, "%s is not accepted; want a whole number >= 0", n)
	}
	return c, nil
}

// Trace is the availability as a capacity trace starting at Unix time
// start: one point per change of count.
func (a *Availability) Trace(start int64) *Trace {
	tr := &Trace{}
	for i, c := range a.Counts {
		if n := len(tr.Values); n > 0 && tr.Values[n-1] == c {
			continue
		}
		tr.Times = append(tr.Times, start+int64(i)*a.Gap)
		tr.Values = append(tr.Values, c)
	}
	return tr
}

// Span is the trace's length in seconds (to the end of its last tick).
func (a *Availability) Span() int64 { return int64(len(a.Counts)) * a.Gap }
