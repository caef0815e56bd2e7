package tracefile

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"time"

	"github.com/spotsim/spotsim/pricing/traces"
)

// Stream is an open trace file and its size, for a canonical trace to be
// read a block at a time, so that a large file is never held whole.
type Stream struct {
	io.ReadSeekCloser
	Size    int64
	ModTime time.Time
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
	return Stream{f, st.Size(), st.ModTime()}, nil
}

// readStream parses the file as kind, reading it a block at a time. A
// file parsed as both kinds is read twice: the second read must find the
// size and modification time the first one saw.
func (f *rawFile) readStream(kind traces.Kind) (*traces.TraceSet, error) {
	st, err := f.open(f.path)
	if err != nil {
		return nil, &traces.TraceError{File: f.path, Err: err}
	}
	defer st.Close()
	if f.parsed && !f.unchanged(st) {
		return nil, &traces.TraceError{File: f.path, Err: errors.New("changed while it was read (its size or modification time differs between two reads)")}
	}
	set, err := traces.ReadTraceFrom(st, f.path, kind, st.Size)
	if err != nil {
		return nil, err
	}
	f.parsed, f.size, f.mod = true, st.Size, st.ModTime
	return set, nil
}

// unchanged says whether st has the size and modification time the file
// had when it was parsed.
func (f *rawFile) unchanged(st Stream) bool {
	return st.Size == f.size && st.ModTime.Equal(f.mod)
}

// lazySum hashes a streamed file that was parsed, if it is still the file
// that was parsed (same size and modification time, before and after).
func (f *rawFile) lazySum() {
	if !f.parsed || f.noSums {
		return
	}
	t0 := time.Now()
	defer func() { f.hashTime += time.Since(t0) }()
	st, err := f.open(f.path)
	if err != nil {
		f.sumErr = err
		return
	}
	defer st.Close()
	changed := errors.New("changed since it was read (its size or modification time differs); run again")
	if !f.unchanged(st) {
		f.sumErr = changed
		return
	}
	h := sha256.New()
	if _, err := io.Copy(h, st); err != nil {
		f.sumErr = err
		return
	}
	again, err := f.open(f.path)
	if err == nil {
		again.Close()
	}
	if err != nil || !f.unchanged(again) {
		f.sumErr = changed
		return
	}
	f.sum = hex.EncodeToString(h.Sum(nil))
}
