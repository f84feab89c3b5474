package dataset

import (
	"fmt"
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// FromColumns builds a table of float64 columns from Go slices, NaN standing
// for null: tables made in code (tests, generators) get the same type as
// loaded ones. mem may be nil (the default allocator).
func FromColumns(name string, names []string, cols [][]float64, mem memory.Allocator) (*Table, error) {
	if len(names) != len(cols) {
		return nil, fmt.Errorf("dataset: %d names for %d columns", len(names), len(cols))
	}
	if mem == nil {
		mem = memory.DefaultAllocator
	}
	n := 0
	if len(cols) > 0 {
		n = len(cols[0])
	}
	fields := make([]arrow.Field, len(cols))
	arrs := make([]arrow.Array, len(cols))
	defer func() {
		for _, a := range arrs {
			if a != nil {
				a.Release()
			}
		}
	}()
	for i, c := range cols {
		if len(c) != n {
			return nil, fmt.Errorf("dataset: column %s has %d rows, want %d", names[i], len(c), n)
		}
		fields[i] = arrow.Field{Name: names[i], Type: arrow.PrimitiveTypes.Float64, Nullable: true}
		b := array.NewFloat64Builder(mem)
		b.Reserve(n)
		for _, v := range c {
			if math.IsNaN(v) {
				b.UnsafeAppendBoolToBitmap(false)
			} else {
				b.UnsafeAppend(v)
			}
		}
		arrs[i] = b.NewArray()
		b.Release()
	}
	rec := array.NewRecordBatch(arrow.NewSchema(fields, nil), arrs, int64(n))
	return &Table{Path: name, Record: rec}, nil
}
