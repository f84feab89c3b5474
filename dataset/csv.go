package dataset

import (
	"bytes"
	"fmt"

	"github.com/tablerl/tablerl/dataset/limits"
)

// csvRecord splits the CSV record that starts with line, reading more lines
// while a quoted field spans them. It returns nil fields, and no error, for a
// blank line (spaces only), which is skipped as pandas skips it.
//
// Quoting is RFC 4180's, as strict as encoding/csv's: a quoted field's quote
// is doubled inside it, and a quote may not stand in an unquoted field nor
// after a closing quote. encoding/csv is not used because it copies every
// record into a new string and reports byte columns, where the errors here
// name the field.
func (r *textReader) csvRecord(line []byte) ([][]byte, error) {
	if bytes.IndexByte(line, '"') < 0 {
		if len(trimSpace(line)) == 0 {
			return nil, nil
		}
		// No quotes: the fields are the line's own bytes.
		fields := r.fields[:0]
		for {
			i := bytes.IndexByte(line, ',')
			if i < 0 {
				r.fields = append(fields, line)
				return r.fields, nil
			}
			fields = append(fields, line[:i])
			line = line[i+1:]
		}
	}
	// Quotes: the fields are unquoted into r.rec, as a later line may
	// overwrite this one.
	rec, ends := r.rec[:0], r.ends[:0]
	defer func() { r.rec, r.ends = rec, ends }()
	for {
		field := len(ends) + 1
		if len(line) > 0 && line[0] == '"' {
			start := r.lines.n
			line = line[1:]
		quoted:
			for {
				i := bytes.IndexByte(line, '"')
				if i < 0 {
					// The field goes on over the line's end.
					rec = append(rec, line...)
					rec = append(rec, '\n')
					if int64(len(rec)) > r.lines.max {
						return nil, &ParseError{File: r.file, Line: start, Column: field,
							Err: limits.Check("line_bytes", "the quoted record's length in bytes", int64(len(rec)), r.lines.max)}
					}
					var ok bool
					if line, ok = r.lines.next(); !ok {
						if r.lines.err != nil {
							return nil, r.lines.failure(r.file)
						}
						return nil, &ParseError{File: r.file, Line: start, Column: field,
							Err: fmt.Errorf("%w: quoted field not closed before the end of the file", ErrCorrupt)}
					}
					continue
				}
				rec = append(rec, line[:i]...)
				line = line[i+1:]
				switch {
				case len(line) > 0 && line[0] == '"': // a doubled quote
					rec = append(rec, '"')
					line = line[1:]
				case len(line) == 0 || line[0] == ',':
					break quoted
				default:
					return nil, &ParseError{File: r.file, Line: r.lines.n, Column: field,
						Err: fmt.Errorf("%w: extraneous or missing \" in quoted field", ErrCorrupt)}
				}
			}
		} else {
			i := bytes.IndexByte(line, ',')
			if i < 0 {
				i = len(line)
			}
			if bytes.IndexByte(line[:i], '"') >= 0 {
				return nil, &ParseError{File: r.file, Line: r.lines.n, Column: field,
					Err: fmt.Errorf("%w: bare \" in unquoted field", ErrCorrupt)}
			}
			rec = append(rec, line[:i]...)
			line = line[i:]
		}
		ends = append(ends, len(rec))
		if len(line) == 0 {
			break
		}
		line = line[1:] // the comma
	}
	fields := r.fields[:0]
	start := 0
	for _, e := range ends {
		fields = append(fields, rec[start:e:e])
		start = e
	}
	r.fields = fields
	return fields, nil
}
