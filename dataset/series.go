package dataset

import (
	"errors"
	"fmt"
	"math"
)

// MaxSeriesLen bounds a load series: a year of one-minute steps, and some.
// The environment keeps a few numbers per step, so the bound keeps memory
// sane whatever the file's size.
const MaxSeriesLen = 1 << 20

// ErrSeries marks a load series that cannot drive an episode: empty, too
// long, or holding a null, negative or infinite value.
var ErrSeries = errors.New("bad load series")

// ReadSeries reads a load series, one value per step, from column of the
// table in path (CSV, whitespace text or Parquet, read by Load). An empty
// column takes the file's only column. A one-column text file without a
// header (its first line a number) counts that line as the first value.
// Errors name the file, line and column of an offending cell.
func ReadSeries(path, column string) ([]float64, error) {
	t, err := Load(path, LoadOptions{})
	if err != nil {
		return nil, err
	}
	defer t.Release()
	names := t.Names()
	var head []float64
	if column == "" {
		if len(names) != 1 {
			return nil, &ParseError{File: path, Line: t.headerLine(),
				Err: fmt.Errorf("%w: %d columns (%s); name one with load.column", ErrSeries, len(names), QuoteList(names))}
		}
		column = names[0]
		if v, ok := parseFloat([]byte(column)); ok && t.Lines != nil {
			head = []float64{v}
		}
	}
	col, err := t.Float64(column)
	if err != nil {
		return nil, err
	}
	n := len(head) + col.Len()
	if n > MaxSeriesLen {
		return nil, &ParseError{File: path, Err: fmt.Errorf("%w: %d values, at most %d", ErrSeries, n, MaxSeriesLen)}
	}
	out := make([]float64, 0, n)
	out = append(out, head...)
	for i := 0; i < col.Len(); i++ {
		v := col.Value(i)
		if col.IsNull(i) || !(v >= 0) || math.IsInf(v, 0) {
			return nil, &ParseError{File: path, Line: t.Row(i), Column: t.Index(column) + 1, Name: column,
				Err: fmt.Errorf("%w: want a finite load of 0 or more at every step", ErrSeries)}
		}
		out = append(out, v)
	}
	return out, nil
}
