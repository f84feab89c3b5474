package dataset

import (
	"fmt"
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// table builds the Arrow record, its buffers from b.mem, and releases b.
func (b *tableBuilder) table() (*Table, error) {
	defer b.release()
	n := len(b.lines)
	fields := make([]arrow.Field, len(b.cols))
	arrs := make([]arrow.Array, len(b.cols))
	defer func() {
		for _, a := range arrs {
			if a != nil {
				a.Release()
			}
		}
	}()
	for k := range b.cols {
		c := &b.cols[k]
		if c.text {
			if len(c.data) > math.MaxInt32 {
				return nil, &ParseError{File: b.file, Column: k + 1, Name: b.names[k],
					Err: fmt.Errorf("%w: %d bytes of text, more than an Arrow string column holds", ErrCorrupt, len(c.data))}
			}
			fields[k] = arrow.Field{Name: b.names[k], Type: arrow.BinaryTypes.String, Nullable: true}
			arrs[k] = c.stringArray(b.mem)
		} else {
			fields[k] = arrow.Field{Name: b.names[k], Type: arrow.PrimitiveTypes.Float64, Nullable: true}
			arrs[k] = c.float64Array(b.mem)
		}
	}
	rec := array.NewRecordBatch(arrow.NewSchema(fields, nil), arrs, int64(n))
	return &Table{Path: b.file, Record: rec, NonNumeric: b.nonNum, Lines: b.lines}, nil
}

// float64Array makes the Arrow array of a numeric column, on the buffer its
// values are in. Null slots keep their NaN, so that a reader ignoring
// validity still sees no value.
func (c *textColumn) float64Array(mem memory.Allocator) arrow.Array {
	n := len(c.vals)
	c.buf.ResizeNoShrink(n * arrow.Float64SizeBytes)
	var valid *memory.Buffer
	if c.nulls > 0 {
		valid = memory.NewResizableBuffer(mem)
		defer valid.Release()
		valid.Resize(int(bitutil.BytesForBits(int64(n))))
		bits := valid.Bytes()
		clear(bits)
		for i, v := range c.vals {
			if v == v { // not NaN
				bitutil.SetBit(bits, i)
			}
		}
	}
	data := array.NewData(arrow.PrimitiveTypes.Float64, n, []*memory.Buffer{valid, c.buf}, nil, c.nulls, 0)
	defer data.Release()
	return array.NewFloat64Data(data)
}

// stringArray copies a text column into an Arrow string array.
func (c *textColumn) stringArray(mem memory.Allocator) arrow.Array {
	n := len(c.ends)
	offsets := memory.NewResizableBuffer(mem)
	defer offsets.Release()
	offsets.Resize((n + 1) * arrow.Int32SizeBytes)
	offs := arrow.Int32Traits.CastFromBytes(offsets.Bytes())
	offs[0] = 0
	for i, e := range c.ends {
		offs[i+1] = int32(e)
	}
	values := memory.NewResizableBuffer(mem)
	defer values.Release()
	values.Resize(len(c.data))
	copy(values.Bytes(), c.data)
	nulls := 0
	for _, ok := range c.valid {
		if !ok {
			nulls++
		}
	}
	var valid *memory.Buffer
	if nulls > 0 {
		valid = memory.NewResizableBuffer(mem)
		defer valid.Release()
		valid.Resize(int(bitutil.BytesForBits(int64(n))))
		bits := valid.Bytes()
		clear(bits)
		for i, ok := range c.valid {
			if ok {
				bitutil.SetBit(bits, i)
			}
		}
	}
	data := array.NewData(arrow.BinaryTypes.String, n, []*memory.Buffer{valid, offsets, values}, nil, nulls, 0)
	defer data.Release()
	return array.NewStringData(data)
}
