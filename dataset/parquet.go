package dataset

import (
	"context"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/tablerl/tablerl/dataset/limits"
)

// loadParquet reads the Parquet file of size bytes in r. Numeric columns
// (floating or integer) become float64 and text columns strings, the types a
// Table holds; any other column is an error naming it. Names are
// de-duplicated as the text formats' are.
func loadParquet(r io.ReaderAt, size int64, name string, mem memory.Allocator) (t *Table, err error) {
	corrupt := func(cause any) error {
		return &ParseError{File: name, Err: fmt.Errorf("%w: %v", ErrCorrupt, cause)}
	}
	// The Parquet reader trusts the lengths and offsets a file states, and
	// some lies make it panic; a bad file must be an error like any other.
	defer func() {
		if p := recover(); p != nil {
			t, err = nil, corrupt(p)
		}
	}()
	pf, err := file.NewParquetReader(io.NewSectionReader(r, 0, size),
		file.WithReadProps(parquet.NewReaderProperties(mem)))
	if err != nil {
		return nil, corrupt(err)
	}
	defer pf.Close()
	// The file states its size; check it before reading any column.
	lim := limits.Current()
	rows, cols := pf.NumRows(), int64(pf.MetaData().Schema.NumColumns())
	if err := limits.Check("columns", "the number of columns", cols, lim.Columns); err != nil {
		return nil, &ParseError{File: name, Err: err}
	}
	if err := limits.Check("cells", "rows × columns", limits.Mul(rows, cols), lim.Cells); err != nil {
		return nil, &ParseError{File: name, Err: err}
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, mem)
	if err != nil {
		return nil, corrupt(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		return nil, corrupt(err)
	}
	defer tbl.Release()

	n := tbl.NumRows()
	raw := make([]string, tbl.NumCols())
	for i := range raw {
		raw[i] = tbl.Column(i).Name()
	}
	names := dedupNames(raw)
	fields := make([]arrow.Field, len(names))
	arrs := make([]arrow.Array, len(names))
	defer func() {
		for _, a := range arrs {
			if a != nil {
				a.Release()
			}
		}
	}()
	for i, cname := range names {
		col := tbl.Column(i)
		a, err := columnOf(col.Data().Chunks(), col.DataType(), int(n), mem)
		if err != nil {
			return nil, &ParseError{File: name, Column: i + 1, Name: cname, Err: err}
		}
		arrs[i] = a
		fields[i] = arrow.Field{Name: cname, Type: a.DataType(), Nullable: true}
	}
	rec := array.NewRecordBatch(arrow.NewSchema(fields, nil), arrs, n)
	return &Table{Path: name, Record: rec}, nil
}

// columnOf joins a Parquet column's chunks, of type dt and n rows in all,
// into one array of a type a Table holds: float64 or string.
func columnOf(chunks []arrow.Array, dt arrow.DataType, n int, mem memory.Allocator) (arrow.Array, error) {
	switch dt.ID() {
	case arrow.FLOAT64:
		return floatColumn[float64](chunks, n, mem), nil
	case arrow.FLOAT32:
		return floatColumn[float32](chunks, n, mem), nil
	case arrow.INT8:
		return floatColumn[int8](chunks, n, mem), nil
	case arrow.INT16:
		return floatColumn[int16](chunks, n, mem), nil
	case arrow.INT32:
		return floatColumn[int32](chunks, n, mem), nil
	case arrow.INT64:
		return floatColumn[int64](chunks, n, mem), nil
	case arrow.UINT8:
		return floatColumn[uint8](chunks, n, mem), nil
	case arrow.UINT16:
		return floatColumn[uint16](chunks, n, mem), nil
	case arrow.UINT32:
		return floatColumn[uint32](chunks, n, mem), nil
	case arrow.UINT64:
		return floatColumn[uint64](chunks, n, mem), nil
	case arrow.NULL:
		// A column of nulls only (pandas writes one for an all-None column) is
		// numeric, as an all-null text column is.
		b := array.NewFloat64Builder(mem)
		defer b.Release()
		b.AppendNulls(n)
		return b.NewArray(), nil
	case arrow.STRING:
		if len(chunks) == 1 {
			chunks[0].Retain()
			return chunks[0], nil
		}
		return stringColumn(chunks, n, mem)
	case arrow.LARGE_STRING, arrow.STRING_VIEW:
		return stringColumn(chunks, n, mem)
	case arrow.DICTIONARY:
		if isText(dt.(*arrow.DictionaryType).ValueType) {
			return stringColumn(chunks, n, mem)
		}
	}
	return nil, fmt.Errorf("%w: Parquet column of type %s (want numbers or text)", ErrNotNumber, dt)
}

func isText(dt arrow.DataType) bool {
	id := dt.ID()
	return id == arrow.STRING || id == arrow.LARGE_STRING || id == arrow.STRING_VIEW
}

// floatColumn converts numeric chunks to one float64 array. A NaN becomes a
// null, as a NaN cell of a text table does: a metric table's NaN is a
// missing value, whichever writer stored it.
func floatColumn[T int8 | int16 | int32 | int64 | uint8 | uint16 | uint32 | uint64 | float32 | float64](chunks []arrow.Array, n int, mem memory.Allocator) arrow.Array {
	b := array.NewFloat64Builder(mem)
	defer b.Release()
	b.Reserve(n)
	for _, c := range chunks {
		vals := c.(interface{ Values() []T }).Values()
		for i, v := range vals {
			if f := float64(v); c.IsValid(i) && f == f {
				b.UnsafeAppend(f)
			} else {
				b.UnsafeAppendBoolToBitmap(false)
			}
		}
	}
	return b.NewArray()
}

// stringColumn converts text chunks (string, large string, string view, or a
// dictionary of those) to one string array.
func stringColumn(chunks []arrow.Array, n int, mem memory.Allocator) (arrow.Array, error) {
	b := array.NewStringBuilder(mem)
	defer b.Release()
	b.Reserve(n)
	for _, c := range chunks {
		val := func(i int) string { return c.(interface{ Value(int) string }).Value(i) }
		if d, ok := c.(*array.Dictionary); ok {
			dict, ok := d.Dictionary().(interface{ Value(int) string })
			if !ok {
				return nil, fmt.Errorf("%w: Parquet dictionary of %s", ErrNotNumber, d.Dictionary().DataType())
			}
			val = func(i int) string { return dict.Value(d.GetValueIndex(i)) }
		}
		for i := 0; i < c.Len(); i++ {
			if c.IsNull(i) {
				b.AppendNull()
			} else {
				b.Append(val(i))
			}
		}
	}
	return b.NewArray(), nil
}
