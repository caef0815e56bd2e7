package results

import (
	"bufio"
	"io"
	"os"
)

// createFile renders a new file under its final name, for WriteWith's
// Fresh: no other file of that name may exist, and on error the part
// written is removed.
func createFile(path string, render func(io.Writer) error) error {
	if err := step("create", path); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 32<<10)
	err = render(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}
