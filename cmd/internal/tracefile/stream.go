package tracefile

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"time"

	"github.com/spotsim/spotsim/pricing/traces"
)

// Stream is an open trace file and its size, for a canonical trace to be
// read a block at a time, so that a large file is never held whole.
type Stream struct {
	io.ReadSeekCloser
	Size int64
}

// OpenStream opens a trace file on disk.
func OpenStream(path string) (Stream, error) {
	f, err := os.Open(path)
	if err != nil {
		return Stream{}, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return Stream{}, err
	}
	if st.IsDir() {
		// The error os.ReadFile gives for a folder, so messages do not
		// depend on how a file is read.
		_, err := f.Read(make([]byte, 1))
		f.Close()
		if err == nil {
			err = errors.New("is a folder")
		}
		return Stream{}, err
	}
	return Stream{f, st.Size()}, nil
}

// hashingReader hashes what is read through it; rewinding starts the hash
// again, so the sum is always of the bytes parsed.
type hashingReader struct {
	r    io.ReadSeeker
	h    hash.Hash
	took time.Duration
}

func (hr *hashingReader) Read(p []byte) (int, error) {
	n, err := hr.r.Read(p)
	t0 := time.Now()
	hr.h.Write(p[:n])
	hr.took += time.Since(t0)
	return n, err
}

func (hr *hashingReader) Seek(offset int64, whence int) (int64, error) {
	if offset != 0 || whence != io.SeekStart {
		return 0, errors.New("a trace is only read again from its start")
	}
	hr.h.Reset()
	return hr.r.Seek(0, io.SeekStart)
}

// readStream parses the file as kind, reading it a block at a time and
// hashing the same bytes. A file parsed as both kinds is read twice: the
// second read must see the bytes the first one hashed.
func (f *rawFile) readStream(kind traces.Kind) (*traces.TraceSet, error) {
	st, err := f.open(f.path)
	if err != nil {
		f.hashDone()
		return nil, &traces.TraceError{File: f.path, Err: err}
	}
	defer st.Close()
	hr := &hashingReader{r: st, h: sha256.New()}
	set, err := traces.ReadTraceFrom(hr, f.path, kind, st.Size)
	if err != nil {
		f.hashDone()
		return nil, err
	}
	// A parse that succeeded read to the end: the hash is the file's.
	sum := hex.EncodeToString(hr.h.Sum(nil))
	f.hashTime += hr.took
	if f.sum != "" && sum != f.sum {
		return nil, &traces.TraceError{File: f.path, Err: fmt.Errorf("changed while it was read (SHA-256 %s, then %s)", f.sum, sum)}
	}
	f.sum = sum
	f.hashDone()
	return set, nil
}

// hashDone marks a streamed file's hash as known (or, after a failed read,
// as never to be known): digest and hashTime stop waiting.
func (f *rawFile) hashDone() {
	select {
	case <-f.hashed:
	default:
		close(f.hashed)
	}
}
