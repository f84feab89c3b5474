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
	// Distinct counts the column's distinct values, nulls aside, up to
	// MaxDistinct; DistinctMore says there are more.
	Distinct     int  `json:"distinct"`
	DistinctMore bool `json:"distinct_more,omitempty"`
}

// MaxDistinct bounds Describe's count of a column's distinct values, and so
// the memory it takes: beyond it a column is no knob.
const MaxDistinct = 1 << 12

// Describe summarizes every column of t.
func Describe(t *Table) []ColumnSummary {
	out := make([]ColumnSummary, 0, t.Record.NumCols())
	for i, name := range t.Names() {
		col := t.Record.Column(i)
		cs := ColumnSummary{Name: name, Type: col.DataType().String(), Nulls: col.NullN()}
		switch c := col.(type) {
		case *array.Float64:
			lo, hi := math.Inf(1), math.Inf(-1)
			seen := map[float64]bool{}
			for j := 0; j < c.Len(); j++ {
				if c.IsValid(j) && !math.IsNaN(c.Value(j)) {
					lo, hi = math.Min(lo, c.Value(j)), math.Max(hi, c.Value(j))
					countDistinct(&cs, seen, c.Value(j))
				}
			}
			if lo <= hi {
				cs.Min, cs.Max = &lo, &hi
			}
		case *array.String:
			seen := map[string]bool{}
			for j := 0; j < c.Len(); j++ {
				if c.IsValid(j) {
					countDistinct(&cs, seen, c.Value(j))
				}
			}
		}
		out = append(out, cs)
	}
	return out
}

// countDistinct adds v to the distinct values seen, up to MaxDistinct.
func countDistinct[V comparable](cs *ColumnSummary, seen map[V]bool, v V) {
	if seen[v] || cs.DistinctMore {
		return
	}
	if len(seen) == MaxDistinct {
		cs.DistinctMore = true
		return
	}
	seen[v] = true
	cs.Distinct++
}
