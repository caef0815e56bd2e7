package scenario

// releaseBytes drops the bytes of every trace file read whole so far, once
// hashed: what the runs need of them is parsed. A sweep calls it after
// decoding every parameter point, so that its runs do not carry a trace
// file's bytes beside the parsed trace (issue 22; canonical CSV traces are
// streamed, never held). A file a later decode would have to parse anew is
// an internal error then, which cannot happen: the runs decode the points
// already decoded.
func (c *traceCache) releaseBytes() {
	for _, f := range c.files {
		if f.streamed {
			continue
		}
		<-f.hashed
		f.data = nil
		f.released = true
	}
}
