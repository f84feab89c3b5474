package dataset

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"
)

// writeText writes t as whitespace text, or CSV if csv, to w; path names
// the output in errors. A null is "nan" in whitespace text (it has no empty
// field) and empty in CSV.
func writeText(w *bufio.Writer, t *Table, path string, csv bool) error {
	names := t.Names()
	cols := make([]textWriterColumn, len(names))
	for k, name := range names {
		switch a := t.Record.Column(k).(type) {
		case *array.Float64:
			cols[k].num = a
		case *array.String:
			cols[k].str = a
		default:
			return &ParseError{File: path, Column: k + 1, Name: name,
				Err: fmt.Errorf("cannot write a column of type %s (want float64 or string)", a.DataType())}
		}
	}
	sep := byte(' ')
	if csv {
		sep = ','
	}
	var buf []byte
	for k, name := range names {
		if k > 0 {
			buf = append(buf, sep)
		}
		var err error
		if buf, err = appendText(buf, name, csv); err != nil {
			return &ParseError{File: path, Column: k + 1, Name: name, Err: fmt.Errorf("column name: %w", err)}
		}
	}
	buf = append(buf, '\n')
	for i := 0; i < t.NumRows(); i++ {
		for k, c := range cols {
			if k > 0 {
				buf = append(buf, sep)
			}
			switch {
			case c.num != nil && c.num.IsValid(i):
				buf = strconv.AppendFloat(buf, c.num.Value(i), 'g', -1, 64)
			case c.str != nil && c.str.IsValid(i):
				var err error
				if buf, err = appendText(buf, c.str.Value(i), csv); err != nil {
					return &ParseError{File: path, Column: k + 1, Name: names[k], Err: fmt.Errorf("row %d: %w", i, err)}
				}
			case !csv:
				buf = append(buf, "nan"...)
			case len(cols) == 1:
				// A lone empty cell would make a blank line, which is skipped.
				buf = append(buf, `""`...)
			}
		}
		buf = append(buf, '\n')
		// Hand over whole rows, a buffer's worth at a time.
		if len(buf) >= bufSize/2 {
			if _, err := w.Write(buf); err != nil {
				return writeErr(path, err)
			}
			buf = buf[:0]
		}
	}
	_, err := w.Write(buf)
	return writeErr(path, err)
}

type textWriterColumn struct {
	num *array.Float64
	str *array.String
}

// appendText appends a text cell or name: quoted as RFC 4180 wants in CSV;
// in whitespace text, an error if it is empty or has whitespace, as then it
// would not read back as one field.
func appendText(buf []byte, s string, csv bool) ([]byte, error) {
	if !csv {
		if s == "" || strings.ContainsAny(s, " \t\r\n\v\f") {
			return buf, fmt.Errorf("text %q is empty or has whitespace, which whitespace-separated text cannot hold (write CSV or Parquet)", s)
		}
		return append(buf, s...), nil
	}
	// Quote what holds a separator or quote, and what is empty or blank: a
	// blank line is skipped.
	if strings.Trim(s, " \t") != "" && !strings.ContainsAny(s, ",\"\r\n") {
		return append(buf, s...), nil
	}
	buf = append(buf, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			buf = append(buf, '"')
		}
		buf = append(buf, s[i])
	}
	return append(buf, '"'), nil
}
