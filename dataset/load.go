package dataset

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"syscall"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// LoadOptions say how to read a table.
type LoadOptions struct {
	// Format is the table's format; FormatAuto detects it (DetectFormat).
	Format Format
	// Allocator allocates the table's Arrow buffers; nil is
	// memory.DefaultAllocator.
	Allocator memory.Allocator
}

func (o LoadOptions) allocator() memory.Allocator {
	if o.Allocator == nil {
		return memory.DefaultAllocator
	}
	return o.Allocator
}

// bufSize is the read buffer's size: large enough that the lines of any
// sensible table are read in place, small enough to stay in cache.
const bufSize = 64 << 10

// Load reads the table in the file path. Errors are *ParseError values
// naming the file: a missing file wraps ErrNoFile (and so fs.ErrNotExist), a
// directory ErrIsDir, and one that cannot otherwise be opened or read
// ErrCorrupt.
func Load(path string, opts LoadOptions) (*Table, error) {
	f, st, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	format := opts.Format
	var br *bufio.Reader
	if format != FormatParquet {
		br = bufio.NewReaderSize(f, bufSize)
	}
	if format == FormatAuto {
		head, err := peekHead(br, path)
		if err != nil {
			return nil, err
		}
		format = DetectFormat(path, head)
	}
	switch format {
	case FormatParquet:
		return loadParquet(f, st.Size(), path, opts.allocator())
	case FormatWhitespace, FormatCSV:
		return readText(br, path, format == FormatCSV, st.Size(), opts.allocator())
	}
	return nil, &ParseError{File: path, Err: fmt.Errorf("%w %v", ErrFormat, format)}
}

// Open opens the file path to read, with Load's errors: a *ParseError naming
// the file that wraps ErrNoFile, ErrIsDir (os.Open opens a directory) or
// ErrCorrupt. Other readers of files the user names use it too, so that every
// missing file is said alike.
func Open(path string) (*os.File, os.FileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, &ParseError{File: path, Err: FileError(err)}
	}
	st, err := f.Stat()
	if err == nil && st.IsDir() {
		err = syscall.EISDIR
	}
	if err != nil {
		f.Close()
		return nil, nil, &ParseError{File: path, Err: FileError(err)}
	}
	return f, st, nil
}

// Read reads a table from r; name names it in the table and in errors. With
// FormatAuto the format is detected from name and the first bytes
// (DetectFormat). Parquet, which needs random access, is read into memory
// first.
func Read(r io.Reader, name string, opts LoadOptions) (*Table, error) {
	size := sizeOf(r) // before reading any of it
	br := bufio.NewReaderSize(r, bufSize)
	format := opts.Format
	if format == FormatAuto {
		head, err := peekHead(br, name)
		if err != nil {
			return nil, err
		}
		format = DetectFormat(name, head)
	}
	switch format {
	case FormatParquet:
		data, err := io.ReadAll(br)
		if err != nil {
			return nil, &ParseError{File: name, Err: fmt.Errorf("%w: %w", ErrCorrupt, err)}
		}
		return loadParquet(bytes.NewReader(data), int64(len(data)), name, opts.allocator())
	case FormatWhitespace, FormatCSV:
		return readText(br, name, format == FormatCSV, size, opts.allocator())
	}
	return nil, &ParseError{File: name, Err: fmt.Errorf("%w %v", ErrFormat, format)}
}

// peekHead returns the first bytes of br, as many as its buffer holds,
// without consuming them.
func peekHead(br *bufio.Reader, name string) ([]byte, error) {
	head, err := br.Peek(bufSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		// Peek hands the error over once: report it here, or it is lost.
		return nil, &ParseError{File: name, Err: fmt.Errorf("%w: %w", ErrCorrupt, err)}
	}
	return head, nil
}

// sizeOf is the number of bytes left in r where r tells it cheaply, else 0.
func sizeOf(r io.Reader) int64 {
	switch r := r.(type) {
	case interface{ Len() int }: // bytes.Reader, strings.Reader, bytes.Buffer
		return int64(r.Len())
	case *os.File:
		if st, err := r.Stat(); err == nil && st.Mode().IsRegular() {
			return st.Size()
		}
	}
	return 0
}
