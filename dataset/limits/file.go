package limits

import (
	"io"
	"os"
)

// ReadFile reads the whole file at path, refusing one of more than max
// bytes with an *Error under key: a regular file by its size, before
// reading it; a device or pipe (/dev/zero) once max+1 bytes have come.
func ReadFile(path, key string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		if err := Check(key, "the file's size in bytes", st.Size(), max); err != nil {
			return nil, err
		}
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if err := Check(key, "the file's size in bytes (read so far)", int64(len(b)), max); err != nil {
		return nil, err
	}
	return b, nil
}
