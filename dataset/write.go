package dataset

import (
	"bufio"
	"fmt"

	"github.com/tablerl/tablerl/internal/atomicfile"
)

// Write writes t to the file path in format f; FormatAuto chooses by path's
// extension: .parquet or .pq Parquet, .csv CSV, any other whitespace text.
// Columns keep their de-duplicated names. Numbers are written shortest-exact
// (strconv 'g', -1), so that reading the file back gives the same table.
//
// The table goes to a temporary file beside path, renamed over path only once
// complete: a reader never sees a half-written table, and on error path is
// left as it was and the temporary file removed.
//
// Whitespace text cannot hold a text cell that is empty or has whitespace in
// it, nor such a column name: Write fails naming the column rather than
// write a table that reads back shifted. (A text cell spelling a null, such
// as "NA", is written as it is and reads back as a null, as with pandas.)
func Write(t *Table, path string, f Format) error {
	var write func(w *bufio.Writer) error
	switch f = writeFormat(path, f); f {
	case FormatWhitespace, FormatCSV:
		write = func(w *bufio.Writer) error { return writeText(w, t, path, f == FormatCSV) }
	case FormatParquet:
		write = func(w *bufio.Writer) error { return writeParquet(w, t, path) }
	default:
		return fmt.Errorf("dataset: write %s: %w %v", path, ErrFormat, f)
	}
	return writeAtomic(path, write)
}

// writeAtomic writes path through write, atomically, naming path in errors.
func writeAtomic(path string, write func(w *bufio.Writer) error) error {
	var werr error // write's own errors name the path already
	err := atomicfile.Write(path, func(w *bufio.Writer) error {
		werr = write(w)
		return werr
	})
	if err != nil && werr == nil {
		return fmt.Errorf("dataset: write %s: %w", path, err)
	}
	return err
}

// writeErr wraps err, a failure to write the output path, naming it.
func writeErr(path string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("dataset: write %s: %w", path, err)
}
