package dataset

import (
	"math"
	"strconv"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// A textColumn gathers one column's cells while a text table is read. It is
// numeric until a cell is neither a number nor a null; then it turns text for
// good, since a column's type is decided over all its rows.
type textColumn struct {
	// The cells while numeric, NaN for null, in buf: the Arrow buffer the
	// column will have, so that the values are written once.
	vals  []float64
	buf   *memory.Buffer
	nulls int
	text  bool
	// The cells once text, in Go memory laid out as Arrow's: cell i is
	// data[ends[i-1]:ends[i]], null where !valid[i].
	data  []byte
	ends  []int
	valid []bool
}

// A tableBuilder turns the records of a text table into columns.
type tableBuilder struct {
	file   string
	names  []string
	cols   []textColumn
	lines  []int32
	trim   bool // CSV: spaces around a cell are not part of its number or null
	nonNum map[string]Cell
	mem    memory.Allocator
	size   int64  // the input's size if known, else 0
	num    []byte // scratch for numbers turned text
}

// newTableBuilder makes a builder of columns names, sized for rows rows.
// Its buffers must be released, by table or release.
func newTableBuilder(file string, names []string, trim bool, size int64, rows int, mem memory.Allocator) *tableBuilder {
	b := &tableBuilder{
		file:   file,
		names:  names,
		cols:   make([]textColumn, len(names)),
		lines:  make([]int32, 0, rows),
		trim:   trim,
		nonNum: make(map[string]Cell),
		mem:    mem,
		size:   size,
	}
	for k := range b.cols {
		b.cols[k].grow(mem, rows)
	}
	return b
}

// grow makes room for at least n more values.
func (c *textColumn) grow(mem memory.Allocator, n int) {
	if c.buf == nil {
		c.buf = memory.NewResizableBuffer(mem)
	}
	rows := len(c.vals)
	c.buf.Reserve(max(rows+n, 2*rows) * arrow.Float64SizeBytes)
	c.vals = arrow.Float64Traits.CastFromBytes(c.buf.Buf())[:rows]
}

// push appends a numeric cell.
func (b *tableBuilder) push(c *textColumn, v float64) {
	if len(c.vals) == cap(c.vals) {
		c.grow(b.mem, 1)
	}
	c.vals = append(c.vals, v)
}

// release frees the buffers of a table not built.
func (b *tableBuilder) release() {
	for k := range b.cols {
		if c := &b.cols[k]; c.buf != nil {
			c.buf.Release()
			c.buf = nil
		}
	}
}

// addRow appends a record of exactly len(b.cols) fields read at line.
func (b *tableBuilder) addRow(fields [][]byte, line int) {
	b.lines = append(b.lines, int32(line))
	for k, f := range fields {
		b.cell(k, f, line)
	}
}

// cell appends field f, read at line, to column k.
func (b *tableBuilder) cell(k int, f []byte, line int) {
	c := &b.cols[k]
	if !c.text {
		g := f
		if b.trim {
			g = trimSpace(f)
		}
		if v, ok := parseFloatFast(g); ok {
			b.push(c, v)
			return
		}
	}
	b.slowCell(k, f, line)
}

// slowCell appends a cell that is not a plain decimal of a numeric column:
// a null, another spelling of a number, or text.
func (b *tableBuilder) slowCell(k int, raw []byte, line int) {
	c := &b.cols[k]
	cell := raw
	if b.trim {
		cell = trimSpace(raw)
	}
	null := isNull(cell)
	if c.text {
		c.appendText(raw, !null)
		return
	}
	if !null {
		v, ok := parseFloat(cell)
		if ok && !math.IsNaN(v) {
			b.push(c, v)
			return
		}
		// A NaN is a null however spelled (isNull knows strconv's spellings
		// already): a NaN cell never means a value in a metric table.
		null = ok
	}
	if null {
		b.push(c, math.NaN())
		c.nulls++
		return
	}
	b.toText(k, raw)
	b.nonNum[b.names[k]] = Cell{Line: line, Column: k + 1, Text: string(raw)}
	c.appendText(raw, true)
}

// toText turns numeric column k into text. The numbers read so far are written
// back shortest-exact ('g', -1): their original spelling is gone, and keeping
// every cell's text in case a column turns would cost every load.
func (b *tableBuilder) toText(k int, first []byte) {
	c := &b.cols[k]
	n := len(c.vals)
	c.ends = make([]int, 0, max(n+1, cap(c.vals)))
	c.valid = make([]bool, 0, cap(c.ends))
	// Room for the rows expected, as long as this one, but never more than
	// the input holds: growing cell by cell would copy the text a dozen times.
	want := cap(c.ends) * (len(first) + 1)
	if b.size > 0 {
		want = min(want, int(b.size))
	}
	c.data = make([]byte, 0, want)
	for _, v := range c.vals {
		if math.IsNaN(v) {
			c.appendText(nil, false)
			continue
		}
		b.num = strconv.AppendFloat(b.num[:0], v, 'g', -1, 64)
		c.appendText(b.num, true)
	}
	c.buf.Release()
	c.text, c.vals, c.buf, c.nulls = true, nil, nil, 0
}

func (c *textColumn) appendText(s []byte, valid bool) {
	if valid {
		c.data = append(c.data, s...)
	}
	c.ends = append(c.ends, len(c.data))
	c.valid = append(c.valid, valid)
}
