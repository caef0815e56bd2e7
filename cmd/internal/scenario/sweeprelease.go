package scenario

// releaseBytes drops the bytes of every trace file read so far, once
// hashed: what the runs need of them is parsed. A sweep calls it after
// decoding every parameter point, so that its runs do not carry B1's 112 MB
// price file beside the parsed trace (issue 22). A file a later decode would
// have to parse anew is an internal error then, which cannot happen: the
// runs decode the points already decoded.
func (c *traceCache) releaseBytes() {
	for _, f := range c.files {
		<-f.hashed
		f.data = nil
		f.released = true
	}
}
