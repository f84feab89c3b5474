package dataset

import (
	"math"

	"github.com/apache/arrow-go/v18/arrow/array"
)

// ColumnSummary describes one column.
type ColumnSummary struct {
	Name  string   `json:"name"`
	Type  string   `json:"type"` // "float64" or "string"
	Nulls int      `json:"nulls"`
	Min   *float64 `json:"min,omitempty"` // numeric columns with a value only
	Max   *float64 `json:"max,omitempty"`
}

// Describe summarizes every column of t.
func Describe(t *Table) []ColumnSummary {
	out := make([]ColumnSummary, 0, t.Record.NumCols())
	for i, name := range t.Names() {
		col := t.Record.Column(i)
		cs := ColumnSummary{Name: name, Type: col.DataType().String(), Nulls: col.NullN()}
		if f, ok := col.(*array.Float64); ok {
			lo, hi := math.Inf(1), math.Inf(-1)
			for j := 0; j < f.Len(); j++ {
				if f.IsValid(j) && !math.IsNaN(f.Value(j)) {
					lo, hi = math.Min(lo, f.Value(j)), math.Max(hi, f.Value(j))
				}
			}
			if lo <= hi {
				cs.Min, cs.Max = &lo, &hi
			}
		}
		out = append(out, cs)
	}
	return out
}
