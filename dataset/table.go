package dataset

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// Cell is the place of one cell in a text source, for error messages.
type Cell struct {
	Line   int    // 1-based line
	Column int    // 1-based field number
	Text   string // the cell's text
}

// Table is a loaded metric table: one Arrow record batch whose columns are
// float64 (nullable) or string. A Table holds one reference to its record;
// Release drops it.
type Table struct {
	// Path is the file the table was read from ("" for an unnamed reader); it
	// names the table in errors.
	Path string
	// Record holds the columns, named as de-duplicated.
	Record arrow.RecordBatch
	// NonNumeric records, for each string column of a text source, the first
	// cell that is not a number: where a spec needs that column to be numeric
	// the error can point at it.
	NonNumeric map[string]Cell
	// Lines maps row i to its 1-based line in a text source (nil for Parquet).
	Lines []int32
}

// NumRows is the number of rows.
func (t *Table) NumRows() int { return int(t.Record.NumRows()) }

// Names are the column names, in order.
func (t *Table) Names() []string {
	fs := t.Record.Schema().Fields()
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.Name
	}
	return names
}

// Index is the position of the named column, or -1.
func (t *Table) Index(name string) int {
	idx := t.Record.Schema().FieldIndices(name)
	if len(idx) == 0 {
		return -1
	}
	return idx[0]
}

// Float64 returns the named numeric column. It fails with a *ParseError
// wrapping ErrNoColumn when the table lacks the column, and wrapping
// ErrNotNumber, at the first offending cell, when the column holds text.
func (t *Table) Float64(name string) (*array.Float64, error) {
	i := t.Index(name)
	if i < 0 {
		return nil, &ParseError{File: t.Path, Line: t.headerLine(), Name: name,
			Err: fmt.Errorf("%w %q%s (columns: %s)", ErrNoColumn, name, DidYouMean(name, t.Names()), QuoteList(t.Names()))}
	}
	col, ok := t.Record.Column(i).(*array.Float64)
	if !ok {
		pe := &ParseError{File: t.Path, Name: name, Column: i + 1, Err: ErrNotNumber}
		if c, ok := t.NonNumeric[name]; ok {
			pe.Line, pe.Column = c.Line, c.Column
			pe.Err = fmt.Errorf("%w: %q", ErrNotNumber, c.Text)
		}
		return nil, pe
	}
	return col, nil
}

// CellError is a *ParseError at row i of the named column: its line and
// column in a text source, its row number in Parquet (which has no lines).
func (t *Table) CellError(name string, i int, err error) *ParseError {
	pe := t.RowError(i, err)
	pe.Column, pe.Name = t.Index(name)+1, name
	return pe
}

// RowError is a *ParseError at row i: its line in a text source, its row
// number in Parquet (which has no lines).
func (t *Table) RowError(i int, err error) *ParseError {
	pe := &ParseError{File: t.Path, Line: t.Row(i), Err: err}
	if pe.Line == 0 {
		pe.Err = fmt.Errorf("row %d: %w", i, err)
	}
	return pe
}

// Row is the 1-based source line of row i, 0 where unknown.
func (t *Table) Row(i int) int {
	if i < 0 || i >= len(t.Lines) {
		return 0
	}
	return int(t.Lines[i])
}

func (t *Table) headerLine() int {
	if t.Lines == nil {
		return 0
	}
	return 1
}

// Retain adds a reference to the table's record.
func (t *Table) Retain() { t.Record.Retain() }

// Release drops a reference to the table's record.
func (t *Table) Release() { t.Record.Release() }
