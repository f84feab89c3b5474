package synth

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/internal/atomicfile"
)

// WriteFile generates the table of cfg into the file path, atomically: a
// reader never sees a partial table and a failure leaves any previous file as
// it was. The format is path's (dataset.FormatFor: Parquet for .parquet, CSV
// for .csv, whitespace text otherwise). The file is created with mode 0644.
func WriteFile(path string, cfg Config) error {
	// Validate before creating anything, so that a bad Config touches no file.
	if err := cfg.Validate(); err != nil {
		return err
	}
	return writeTable(path, dataset.FormatWhitespace, func(w io.Writer) error { return Generate(w, cfg) })
}

// writeTable writes the table gen generates as text of format f to path in
// path's format, atomically: streamed as it is when the formats agree, else
// read into a table first and written by the dataset package's writer.
func writeTable(path string, f dataset.Format, gen func(w io.Writer) error) error {
	if dataset.FormatFor(path) == f {
		return atomicfile.Write(path, func(w *bufio.Writer) error { return gen(w) })
	}
	var buf bytes.Buffer
	if err := gen(&buf); err != nil {
		return err
	}
	t, err := dataset.Read(&buf, path, dataset.LoadOptions{Format: f})
	if err != nil {
		return fmt.Errorf("synth: %s: reading the generated table: %w", path, err)
	}
	defer t.Release()
	return dataset.Write(t, path, dataset.FormatAuto)
}
