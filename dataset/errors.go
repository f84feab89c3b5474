package dataset

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"
)

// Sentinel errors wrapped by *ParseError and *SpecError; test with errors.Is.
var (
	ErrEmpty      = errors.New("empty file")
	ErrHeaderOnly = errors.New("header but no rows")
	ErrRagged     = errors.New("wrong number of fields")
	ErrNotNumber  = errors.New("not a number")
	ErrNoColumn   = errors.New("no such column")
	ErrCorrupt    = errors.New("unreadable or corrupt file")
	ErrIsDir      = errors.New("is a directory")
	ErrFormat     = errors.New("unknown format")
	ErrSpec       = errors.New("invalid spec")
)

// ErrNoFile marks a path that names no file. It is also fs.ErrNotExist, for
// errors.Is, but says it as a person would.
var ErrNoFile error = noFile{}

type noFile struct{}

func (noFile) Error() string        { return "no such file" }
func (noFile) Is(target error) bool { return target == fs.ErrNotExist }

// FileError is why a file could not be opened or read, as a message says it:
// ErrNoFile for a missing file, ErrIsDir for a directory, else the system's
// cause wrapped in ErrCorrupt. The *fs.PathError around it is dropped: the
// caller's message names the file already.
func FileError(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return ErrNoFile
	case errors.Is(err, syscall.EISDIR):
		return ErrIsDir
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("%w: %w", ErrCorrupt, err)
}

// ParseError is the error of a bad table, in the manner of encoding/csv's: it
// names the file and, where it has one, the 1-based line and column.
type ParseError struct {
	File   string // the table's path ("" for an unnamed reader)
	Line   int    // 1-based line of the source; 0 if not known (Parquet)
	Column int    // 1-based field number; 0 if the error is of the whole line or file
	Name   string // the column's name, where known
	Err    error  // one of the sentinel errors, possibly wrapped with detail
}

func (e *ParseError) Error() string {
	file := e.File
	if file == "" {
		file = "<input>"
	}
	switch {
	case e.Line > 0 && e.Column > 0 && e.Name != "":
		return fmt.Sprintf("%s:%d: column %d (%s): %v", file, e.Line, e.Column, Quote(e.Name), e.Err)
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("%s:%d: column %d: %v", file, e.Line, e.Column, e.Err)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %v", file, e.Line, e.Err)
	case e.Name != "":
		return fmt.Sprintf("%s: column %s: %v", file, Quote(e.Name), e.Err)
	default:
		return fmt.Sprintf("%s: %v", file, e.Err)
	}
}

func (e *ParseError) Unwrap() error { return e.Err }

// SpecError is the error of a bad spec, or of another YAML file the user
// writes (train's --config): it names the file, the key (a path such as
// "knobs[1].column") and, where known, the YAML line. A spec's errors wrap
// ErrSpec.
type SpecError struct {
	File string // the spec's path; "teastore" for the built-in spec
	Key  string // the offending key, as a path
	Line int    // 1-based line in the YAML, 0 if not known
	Err  error
}

func (e *SpecError) Error() string {
	file := e.File
	if file == "" {
		file = "<spec>"
	}
	if e.Line > 0 && e.Key == "" {
		return fmt.Sprintf("%s:%d: %v", file, e.Line, e.Err)
	}
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s: %v", file, e.Line, quoteKey(e.Key), e.Err)
	}
	if e.Key == "" {
		return fmt.Sprintf("%s: %v", file, e.Err)
	}
	return fmt.Sprintf("%s: %s: %v", file, quoteKey(e.Key), e.Err)
}

// quoteKey shows a key path, which may hold a key the file's author brought
// in, escaped as Quote escapes names; the spaces of "(top level)" are plain.
func quoteKey(k string) string {
	if k == "" || Quote(strings.ReplaceAll(k, " ", "_")) != strings.ReplaceAll(k, " ", "_") {
		return Quote(k)
	}
	return k
}

func (e *SpecError) Unwrap() error { return e.Err }
