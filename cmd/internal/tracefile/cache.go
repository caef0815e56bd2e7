package tracefile

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"slices"
	"sync"
	"time"

	"github.com/spotsim/spotsim/internal/mem"
	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/pricing/traces"
)

// File is a trace file (or folder) read in one format. Err is its problem,
// if any; the other fields are what its format parses to.
type File struct {
	// Sum is the SHA-256 of the file's bytes (of a folder: of its files'
	// names and bytes) in hex; empty when the cache does not hash, and
	// for a streamed canonical CSV, whose sum is taken only when asked
	// for: use Digest.
	Sum string
	Err error
	// Set holds the traces by pool, for a format whose files name their
	// pools.
	Set *traces.TraceSet
	// Graph is a Resource Graph export: also latest prices and eviction
	// rates.
	Graph *traces.ResourceGraph
	Avail *traces.Availability      // availability
	Tick  *traces.TickPrices        // skynomad-prices
	Timed *traces.TimedAvailability // skynomad-availability
	// fleetLog is a fleet log's bytes, cut to a pool per start.
	fleetLog []byte
	name     string
	raw      *rawFile // a streamed canonical CSV, hashed on demand
}

// Digest is the file's SHA-256 in hex (Sum). A canonical CSV read a block
// at a time is hashed here, the first time anyone asks, by reading it again:
// a run that writes no resolved file never hashes its traces. The error
// says the file changed (size or modification time) since it was parsed,
// or cannot be read again.
func (f *File) Digest() (string, error) {
	if f.raw == nil {
		return f.Sum, nil
	}
	sum := f.raw.digest()
	return sum, f.raw.sumErr
}

// FleetLog is a fleet-log file's capacity as a trace from start.
func (f *File) FleetLog(start int64) (*traces.Trace, error) {
	return traces.ReadFleetLog(f.fleetLog, f.name, start)
}

// ReadError is a file or folder that could not be read at all, as against
// one whose contents are wrong.
type ReadError struct {
	Path   string
	Folder bool
	Err    error
}

func (e *ReadError) Error() string {
	if e.Folder {
		return fmt.Sprintf("cannot read the folder %q: %v", e.Path, e.Err)
	}
	return fmt.Sprintf("cannot read trace file %q: %v", e.Path, e.Err)
}

func (e *ReadError) Unwrap() error { return e.Err }

// Cache reads each trace file once and parses it once per format (a
// canonical CSV once per kind), so that one file serves many pools and many
// runs of a sweep; and it remembers whose problem has been reported, so
// each file's problem is reported once, at the first key that names it.
// Made by New, it is shared, not copied.
type Cache struct {
	open    func(path string) ([]byte, error)
	openDir func(path string) (fs.FS, error) // nil: folders cannot be read
	// stream, when set, opens a canonical trace to be read a block at a
	// time (with its size), so a large file is never held whole.
	stream   func(path string) (Stream, error)
	noSums   bool
	files    map[string]*rawFile
	parsed   map[key]*File
	reported map[reportKey]bool
	windows  map[windowKey]pricing.Series
	slab     mem.Slab[int64] // the windows' shifted times, sharing huge pages
	spend    bool            // windows shift their traces' times in place (SpendTraces)
}

type key struct {
	format, path string
	kind         traces.Kind // csv's; 0 for the others
}

type reportKey struct{ format, path string }

type windowKey struct {
	tr         *traces.Trace
	start, end int64
}

// rawFile is a file's bytes and, once hashed, their SHA-256.
type rawFile struct {
	// sum is set by a goroutine that hashes the bytes while they are
	// parsed, and readable once hashed is closed; a streamed file's, by
	// digest on demand (its hashed is closed from the start): use digest.
	sum      string
	hashed   chan struct{}
	hashTime time.Duration
	data     []byte
	err      error
	// path is the file as the user named it. streamed files are read by
	// each parse, not held, and hashed on demand (lazySum) if their size
	// and modification time are still those parsed (size, mod).
	path     string
	streamed bool
	open     func(path string) (Stream, error)
	noSums   bool
	parsed   bool
	size     int64
	mod      time.Time
	lazy     sync.Once
	sumErr   error
}

// New makes a cache reading files with open and folders with openDir (nil:
// folders cannot be read here), both given a path as the user wrote it.
func New(open func(path string) ([]byte, error), openDir func(path string) (fs.FS, error)) *Cache {
	return &Cache{open: open, openDir: openDir, files: map[string]*rawFile{}, parsed: map[key]*File{},
		reported: map[reportKey]bool{}, windows: map[windowKey]pricing.Series{},
		slab: mem.Slab[int64]{MinChunk: 4 << 20}}
}

// StreamCSV makes the cache read canonical traces through stream, a block
// at a time, hashing them as they are read, instead of whole.
func (c *Cache) StreamCSV(stream func(path string) (Stream, error)) { c.stream = stream }

// SpendTraces makes Window cut each window from its trace's own times,
// shifted in place (traces.Trace.WindowInPlace), instead of copying them:
// for a cache that serves one scenario, whose windows all have its start
// and horizon, and whose traces nothing reads once their windows are cut.
// A sweep's cache, whose runs may start at other times, must not.
func (c *Cache) SpendTraces() { c.spend = true }

// SkipSums stops the cache hashing what it reads: for readers that do not
// pin files by SHA-256 (`spotsim traces`).
func (c *Cache) SkipSums() { c.noSums = true }

func (c *Cache) file(path string) *rawFile {
	if f := c.files[path]; f != nil {
		return f
	}
	f := &rawFile{hashed: make(chan struct{}), path: path}
	if c.open == nil {
		f.err = errors.New("no trace files can be read here")
	} else {
		f.data, f.err = c.open(path)
	}
	if f.err == nil && !c.noSums {
		// Hashing a large trace costs about a third of parsing it; on
		// another core it is off the critical path (issue 22).
		go func(data []byte) {
			t0 := time.Now()
			sum := sha256.Sum256(data)
			f.sum = hex.EncodeToString(sum[:])
			f.hashTime = time.Since(t0)
			close(f.hashed)
		}(f.data)
	} else {
		close(f.hashed)
	}
	c.files[path] = f
	return f
}

// csvFile is file for a canonical trace: with a stream to read from, the
// file is opened (to report a missing file at its first key) but its bytes
// are read by each parse, not held.
func (c *Cache) csvFile(path string) *rawFile {
	if c.stream == nil {
		return c.file(path)
	}
	// Apart from the files read whole (a path may be named in both forms).
	key := path + "\x00stream"
	if f := c.files[key]; f != nil {
		return f
	}
	// Nothing hashes it in the background: digest hashes it on demand.
	f := &rawFile{streamed: true, path: path, open: c.stream, hashed: make(chan struct{}), noSums: c.noSums}
	close(f.hashed)
	var st Stream
	if st, f.err = c.stream(path); f.err == nil {
		f.err = st.Close()
	}
	c.files[key] = f
	return f
}

// digest is the file's SHA-256 in hex, once hashed; a streamed file is
// hashed now, once (its problem, if any, in sumErr).
func (f *rawFile) digest() string {
	<-f.hashed
	if f.streamed {
		f.lazy.Do(f.lazySum)
	}
	return f.sum
}

// Opener is the function the cache reads files with, for a caller that
// reads a trace again outside the cache (a copy beside a resolved file).
func (c *Cache) Opener() func(path string) ([]byte, error) { return c.open }

// Streamer is the function the cache streams canonical traces with; nil
// when it reads them whole.
func (c *Cache) Streamer() func(path string) (Stream, error) { return c.stream }

// Bytes is a file's bytes as read (the error, the reader's own).
func (c *Cache) Bytes(path string) ([]byte, error) {
	f := c.file(path)
	return f.data, f.err
}

// Read reads path in format, once; kind says what a canonical CSV holds
// (the other formats say it themselves). A file that cannot be read has a
// *ReadError.
func (c *Cache) Read(format *Format, path string, kind traces.Kind) *File {
	if format.Holds != Either {
		kind = 0
	}
	k := key{format.Name, path, kind}
	if f := c.parsed[k]; f != nil {
		return f
	}
	out := &File{name: path}
	switch {
	case format.Folder && c.openDir == nil:
		out.Err = fmt.Errorf("cannot read the folder %q here: snapshot folders are read from scenario files on disk", path)
	case format.Folder:
		if fsys, err := c.openDir(path); err != nil {
			out.Err = &ReadError{Path: path, Folder: true, Err: err}
		} else {
			if !c.noSums {
				out.Sum, out.Err = folderSum(fsys)
			}
			if out.Err == nil {
				out.Err = format.read(out, nil, fsys, path, kind)
			}
		}
	case format.Holds == Either && c.stream != nil:
		f := c.csvFile(path)
		if f.err != nil {
			out.Err = &ReadError{Path: path, Err: f.err}
		} else {
			out.Set, out.Err = f.readStream(kind)
		}
		out.raw = f
	default:
		f := c.file(path)
		if f.err != nil {
			out.Err = &ReadError{Path: path, Err: f.err}
		} else {
			out.Err = format.read(out, f.data, nil, path, kind)
		}
		out.Sum = f.digest()
	}
	c.parsed[k] = out
	return out
}

// Reported marks a file's problem in a format as reported and says whether
// it already was, so that each is reported once.
func (c *Cache) Reported(format, path string) bool {
	k := reportKey{format, path}
	was := c.reported[k]
	c.reported[k] = true
	return was
}

// Window is tr cut to [start, end), cut once, so that the runs of a sweep
// share one series (series are read, never written) instead of each
// copying the trace; with SpendTraces, cut from the trace's own arrays.
func (c *Cache) Window(tr *traces.Trace, start, end int64) (pricing.Series, error) {
	k := windowKey{tr, start, end}
	if s, ok := c.windows[k]; ok {
		return s, nil
	}
	var s pricing.Series
	var err error
	if c.spend {
		s, err = tr.WindowInPlace(start, end)
	} else {
		s, err = tr.WindowIn(start, end, &c.slab)
	}
	if err == nil {
		c.windows[k] = s
	}
	return s, err
}

// Windows is how many windows the cache holds: one per trace, start and
// end, however many runs of a sweep ask for them.
func (c *Cache) Windows() int { return len(c.windows) }

// HashTime is the time spent hashing the files read so far, waiting for
// each hash to finish.
func (c *Cache) HashTime() time.Duration {
	var d time.Duration
	for _, f := range c.files {
		<-f.hashed
		d += f.hashTime
	}
	return d
}

// Digests takes the SHA-256 of every file read that is hashed on demand,
// and returns the first problem in path order: for callers that pin every
// input (sweeps).
func (c *Cache) Digests() error {
	paths := make([]string, 0, len(c.files))
	for p := range c.files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		if f := c.files[p]; f.digest() == "" && f.sumErr != nil {
			return &ReadError{Path: f.path, Err: f.sumErr}
		}
	}
	return nil
}

// FileSums are the files read, each with its SHA-256 ("" for one that could
// not be read), in no order.
func (c *Cache) FileSums() iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		for _, f := range c.files {
			if !yield(f.path, f.digest()) {
				return
			}
		}
	}
}

// ForeignSums are the files and folders read in a format other than the
// canonical CSV, each with its SHA-256, in no order.
func (c *Cache) ForeignSums() iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		for k, f := range c.parsed {
			if k.format != CSV.Name && !yield(k.path, f.Sum) {
				return
			}
		}
	}
}

// folderSum is the SHA-256 of a folder's files: each file's path, a zero
// byte, its bytes, in path order.
func folderSum(fsys fs.FS) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		h.Write([]byte(p))
		h.Write([]byte{0})
		h.Write(data)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)), err
}
