package dataset

import (
	"io"

	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// writeParquet writes t as Parquet to w, Snappy-compressed as pandas writes
// by default, the column names as they are.
func writeParquet(w io.Writer, t *Table, path string) error {
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Snappy))
	fw, err := pqarrow.NewFileWriter(t.Record.Schema(), w, props, pqarrow.DefaultWriterProps())
	if err != nil {
		return writeErr(path, err)
	}
	if err := fw.Write(t.Record); err != nil {
		fw.Close()
		return writeErr(path, err)
	}
	return writeErr(path, fw.Close())
}
