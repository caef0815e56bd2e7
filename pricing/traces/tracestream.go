package traces

import (
	"bytes"
	"io"
	"math"
)

// ReadTraceFrom is ReadTrace reading r a block at a time, so a large file
// is never held whole (a year of B1's prices is 112 MB, and a fresh buffer
// that size costs more in page faults than parsing it); size is r's length
// if known, to size the point arrays, else 0. A file with a quote or a
// carriage return is read again from its start by encoding/csv when the
// line that has it is reached, as ReadTraceBytes does.
func ReadTraceFrom(r io.ReadSeeker, name string, kind Kind, size int64) (*TraceSet, error) {
	return readTraceBlocks(r, name, kind, size, 1<<20)
}

func readTraceBlocks(r io.ReadSeeker, name string, kind Kind, size int64, block int) (*TraceSet, error) {
	if size > 0 && size < int64(block) {
		block = int(size) + 1 // a small file needs no large buffer
	}
	buf := make([]byte, block)
	p := lineParser{name: name, kind: kind, rows: func(_ []byte, lineLen int) int {
		if size <= 0 || size/int64(lineLen) > math.MaxInt32 {
			return 0
		}
		// Rows differ in length (region and size names): room for a
		// tenth more, and a pool that still runs out grows its own.
		n := int(size / int64(lineLen))
		return n + n/10 + 16
	}}
	n := 0 // bytes of buf holding a partial line carried over
	for {
		m, err := r.Read(buf[n:])
		if err != nil && err != io.EOF {
			return nil, &TraceError{File: name, Err: err}
		}
		n += m
		if err == io.EOF {
			if err := p.lines(buf[:n]); err == errNeedsCSV {
				return rereadCSV(r, name, kind)
			} else if err != nil {
				return nil, err
			}
			return p.done()
		}
		end := bytes.LastIndexByte(buf[:n], '\n') + 1
		if end == 0 {
			if n == len(buf) { // a line longer than the buffer
				buf = append(buf, make([]byte, len(buf))...)
			}
			continue
		}
		if err := p.lines(buf[:end]); err == errNeedsCSV {
			return rereadCSV(r, name, kind)
		} else if err != nil {
			return nil, err
		}
		n = copy(buf, buf[end:n])
	}
}

// rereadCSV reads r again from its start with encoding/csv.
func rereadCSV(r io.ReadSeeker, name string, kind Kind) (*TraceSet, error) {
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, &TraceError{File: name, Err: err}
	}
	return readTraceCSV(r, name, kind)
}
