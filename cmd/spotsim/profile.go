package main

import (
	"os"
	"runtime/pprof"
)

// startCPUProfile profiles the rest of the command into path, for
// `go tool pprof`; the returned func stops it and closes the file.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
