package dataset

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tablerl/tablerl/dataset/limits"
)

// A lineReader reads the physical lines of a text table without copying
// them: a line is a slice of the bufio.Reader's buffer, valid until the next
// call, except a line longer than the buffer, which is assembled apart.
type lineReader struct {
	br   *bufio.Reader
	n    int    // lines read: the number of the last one
	read int64  // bytes read
	long []byte // a line longer than br's buffer
	max  int64  // the longest line allowed (limits.LineBytes)
	err  error  // the read error that ended the input, if not EOF
}

// next returns the next line without its "\n" or "\r\n", and false at the end
// of input or on a read error (then in r.err).
func (r *lineReader) next() ([]byte, bool) {
	line, err := r.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		r.long = append(r.long[:0], line...)
		for err == bufio.ErrBufferFull {
			if int64(len(r.long)) > r.max {
				// Checked before the line is whole: a 100 MB header or
				// /dev/zero must not be gathered first.
				r.err = limits.Check("line_bytes", "the line read so far, in bytes,", int64(len(r.long)), r.max)
				return nil, false
			}
			line, err = r.br.ReadSlice('\n')
			r.long = append(r.long, line...)
		}
		line = r.long
	}
	if err != nil && err != io.EOF {
		r.err = err
		return nil, false
	}
	if len(line) == 0 {
		return nil, false
	}
	r.n++
	r.read += int64(len(line))
	if n := len(line); line[n-1] == '\n' {
		line = line[:n-1]
		if n > 1 && line[n-2] == '\r' {
			line = line[:n-2]
		}
	}
	return line, true
}

// failure is the error of the read error that ended the input: a line
// over the limit, or a file that cannot be read.
func (r *lineReader) failure(file string) error {
	err := r.err
	if !errors.Is(err, limits.ErrExceeded) {
		err = fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	return &ParseError{File: file, Line: r.n + 1, Err: err}
}

const utf8BOM = "\ufeff"

// isSep marks the bytes that separate fields of whitespace text. '\r' is one
// so that a stray carriage return is not part of a cell.
var isSep = [256]bool{' ': true, '\t': true, '\r': true, '\v': true, '\f': true}

// splitWhitespace appends the fields of line to fields[:0].
func splitWhitespace(line []byte, fields [][]byte) [][]byte {
	fields = fields[:0]
	i, n := 0, len(line)
	for {
		for i < n && isSep[line[i]] {
			i++
		}
		if i == n {
			return fields
		}
		start := i
		for i < n && !isSep[line[i]] {
			i++
		}
		fields = append(fields, line[start:i])
	}
}

// A textReader reads the records of a whitespace or CSV table, skipping
// blank lines.
type textReader struct {
	file   string
	lines  lineReader
	csv    bool
	fields [][]byte
	rec    []byte // CSV: the unquoted text of a record's fields
	ends   []int  // CSV: where each field ends in rec
}

// record returns the next non-blank record, valid until the next call, and
// the line it starts on; io.EOF at the end.
func (r *textReader) record() ([][]byte, int, error) {
	for {
		line, ok := r.lines.next()
		if !ok {
			if r.lines.err != nil {
				return nil, r.lines.n + 1, r.lines.failure(r.file)
			}
			return nil, 0, io.EOF
		}
		if r.csv {
			start := r.lines.n // a quoted field may take the record over more lines
			fields, err := r.csvRecord(line)
			if err != nil || fields != nil {
				return fields, start, err
			}
			continue
		}
		r.fields = splitWhitespace(line, r.fields)
		if len(r.fields) > 0 {
			return r.fields, r.lines.n, nil
		}
	}
}

// readText reads a whitespace (or CSV) table from br. size, if positive, is
// the input's size, to size the columns before the rows come.
func readText(br *bufio.Reader, file string, csv bool, size int64, mem memory.Allocator) (*Table, error) {
	// A UTF-8 byte order mark, as spreadsheets write, is not part of the
	// first name (pandas drops it too).
	if head, _ := br.Peek(len(utf8BOM)); string(head) == utf8BOM {
		br.Discard(len(utf8BOM))
	}
	lim := limits.Current()
	r := &textReader{file: file, lines: lineReader{br: br, max: lim.LineBytes}, csv: csv}
	header, hline, err := r.record()
	if err == io.EOF {
		return nil, &ParseError{File: file, Err: ErrEmpty}
	}
	if err != nil {
		return nil, err
	}
	if err := limits.Check("columns", "the number of columns", int64(len(header)), lim.Columns); err != nil {
		return nil, &ParseError{File: file, Line: hline, Err: err}
	}
	// Rows beyond maxRows would take the table over the cell limit.
	maxRows := lim.Cells / int64(len(header))
	raw := make([]string, len(header))
	for i, h := range header {
		raw[i] = string(h)
	}
	names := dedupNames(raw)
	hbytes := r.lines.read

	fields, line, err := r.record()
	if err == io.EOF {
		return nil, &ParseError{File: file, Line: hline, Err: ErrHeaderOnly}
	}
	if err != nil {
		return nil, err
	}
	est := min(estimateRows(size, hbytes, r.lines.read-hbytes, len(names)), int(min(maxRows, math.MaxInt32))+1)
	b := newTableBuilder(file, names, csv, size, est, mem)
	ok := false
	defer func() {
		if !ok {
			b.release()
		}
	}()
	if len(fields) != len(names) {
		return nil, raggedError(file, line, names, len(fields))
	}
	tooMany := func(line int) error {
		return &ParseError{File: file, Line: line, Err: limits.Check("cells", "rows × columns",
			limits.Mul(int64(len(b.lines))+1, int64(len(names))), lim.Cells)}
	}
	if maxRows < 1 {
		return nil, tooMany(line)
	}
	b.addRow(fields, line)
	if csv {
		for {
			fields, line, err = r.record()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, err
			}
			if len(fields) != len(names) {
				return nil, raggedError(file, line, names, len(fields))
			}
			if int64(len(b.lines)) >= maxRows {
				return nil, tooMany(line)
			}
			b.addRow(fields, line)
		}
	} else {
		for {
			text, more := r.lines.next()
			if !more {
				break
			}
			if got := b.addLine(text, r.lines.n); got != len(names) && got != 0 {
				return nil, raggedError(file, r.lines.n, names, got)
			}
			if int64(len(b.lines)) > maxRows {
				b.lines = b.lines[:maxRows]
				return nil, tooMany(r.lines.n)
			}
		}
		if r.lines.err != nil {
			return nil, r.lines.failure(file)
		}
	}
	ok = true
	return b.table()
}

// estimateRows guesses a table's rows from its size, its header's and its
// first row's: most tables' rows are about equally long. The guess never
// exceeds what the bytes could hold at one byte a field, nor, size unknown,
// a small fixed number of cells, so that a short first row or a wide header
// cannot make a small input claim much memory.
func estimateRows(size, header, first int64, cols int) int {
	if size <= 0 || first <= 0 {
		return max(1, 1<<16/cols)
	}
	est := max(size-header, 0)/first + 1
	est += est / 32
	return int(min(est, size/int64(cols)+1))
}

// raggedError is the error of a record of got fields in a table of
// len(names) columns. Its column is the first missing or extra field.
func raggedError(file string, line int, names []string, got int) error {
	pe := &ParseError{File: file, Line: line,
		Err: fmt.Errorf("%w: got %d fields, want %d", ErrRagged, got, len(names))}
	if got < len(names) {
		pe.Column, pe.Name = got+1, names[got]
	} else {
		pe.Column = len(names) + 1
	}
	return pe
}
