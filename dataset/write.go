package dataset

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
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

// writeAtomic writes path through write, by way of a temporary file in the
// same directory (a rename is atomic only within a file system).
func writeAtomic(path string, write func(w *bufio.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("dataset: write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close() // harmless if closed already
			os.Remove(tmp.Name())
		}
	}()
	w := bufio.NewWriterSize(tmp, bufSize)
	if err := write(w); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("dataset: write %s: %w", path, err)
	}
	// CreateTemp makes the file private; a table is for everyone to read.
	if err := tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("dataset: write %s: %w", path, err)
	}
	// Sync before the rename, or a crash could leave path naming an empty file.
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("dataset: write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("dataset: write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("dataset: write %s: %w", path, err)
	}
	return nil
}

// writeErr wraps err, a failure to write the output path, naming it.
func writeErr(path string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("dataset: write %s: %w", path, err)
}
