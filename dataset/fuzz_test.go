package dataset

import (
	"bufio"
	"bytes"
	"errors"
	"math"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tablerl/tablerl/dataset/limits"
)

// FuzzReadText: no input makes a text reader panic or leak; a rejected input
// is a *ParseError wrapping a sentinel; an accepted one is a consistent table
// that reads back the same after writing it as CSV (and as whitespace text
// where that can hold it). The seed corpus is in testdata/fuzz/FuzzReadText.
func FuzzReadText(f *testing.F) {
	f.Add([]byte("a b\n1 2\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, format := range []Format{FormatAuto, FormatWhitespace, FormatCSV} {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			tb, err := Read(bytes.NewReader(data), "fuzz.csv", LoadOptions{Format: format, Allocator: mem})
			if err != nil {
				checkRejected(t, err)
				mem.AssertSize(t, 0)
				continue
			}
			if tb.Lines == nil { // Parquet, after its magic
				tb.Release()
				mem.AssertSize(t, 0)
				continue
			}
			checkConsistent(t, tb)
			for _, csv := range []bool{true, false} {
				var buf bytes.Buffer
				w := bufio.NewWriter(&buf)
				if err := writeText(w, tb, "fuzz.out", csv); err != nil {
					if csv {
						t.Fatalf("%v: writing CSV: %v", format, err)
					}
					continue // whitespace text cannot hold every cell
				}
				w.Flush()
				back, err := Read(&buf, "back", LoadOptions{Format: map[bool]Format{true: FormatCSV, false: FormatWhitespace}[csv]})
				if err != nil {
					t.Fatalf("%v: reading back %q (csv %v): %v", format, buf.String(), csv, err)
				}
				if d := sameTable(tb, back); d != "" && d != "non-numeric cells differ" {
					t.Fatalf("%v: read back (csv %v) differs: %s", format, csv, d)
				}
				for name, c := range tb.NonNumeric {
					if b := back.NonNumeric[name]; b.Column != c.Column || b.Text != c.Text {
						t.Fatalf("%v: first non-number of %s was %+v, read back %+v", format, name, c, b)
					}
				}
				back.Release()
			}
			tb.Release()
			mem.AssertSize(t, 0)
		}
	})
}

// checkRejectedOrLimit is checkRejected, or a size over a limit.
func checkRejectedOrLimit(t *testing.T, err error) {
	t.Helper()
	var pe *ParseError
	if errors.As(err, &pe) && errors.Is(err, limits.ErrExceeded) {
		return
	}
	checkRejected(t, err)
}

func checkRejected(t *testing.T, err error) {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *ParseError", err, err)
	}
	for _, s := range []error{ErrEmpty, ErrHeaderOnly, ErrRagged, ErrCorrupt} {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("error %v wraps no sentinel", err)
}

// checkConsistent checks what every loaded text table must satisfy.
func checkConsistent(t *testing.T, tb *Table) {
	t.Helper()
	n := tb.NumRows()
	names := tb.Names()
	if n < 1 || len(names) < 1 || int(tb.Record.NumCols()) != len(names) || len(tb.Lines) != n {
		t.Fatalf("%d rows, %d names, %d columns, %d lines", n, len(names), tb.Record.NumCols(), len(tb.Lines))
	}
	seen := map[string]bool{}
	for i, name := range names {
		if seen[name] || name == "" {
			t.Fatalf("name %q empty or repeated in %q", name, names)
		}
		seen[name] = true
		if tb.Index(name) != i {
			t.Fatalf("Index(%q) = %d, want %d", name, tb.Index(name), i)
		}
		col := tb.Record.Column(i)
		if col.Len() != n {
			t.Fatalf("column %s has %d rows, want %d", name, col.Len(), n)
		}
		switch col := col.(type) {
		case *array.Float64:
			for j := range n {
				if col.IsValid(j) && math.IsNaN(col.Value(j)) {
					t.Fatalf("column %s row %d: a valid NaN", name, j)
				}
			}
			if _, ok := tb.NonNumeric[name]; ok {
				t.Fatalf("numeric column %s has a non-number", name)
			}
		case *array.String:
			c, ok := tb.NonNumeric[name]
			if !ok || c.Column != i+1 || c.Line < 2 {
				t.Fatalf("text column %s: first non-number %+v", name, c)
			}
		default:
			t.Fatalf("column %s of type %s", name, col.DataType())
		}
	}
	if len(tb.NonNumeric) > len(names) {
		t.Fatalf("NonNumeric %v", tb.NonNumeric)
	}
	for i := 1; i < n; i++ {
		if tb.Lines[i] <= tb.Lines[i-1] || tb.Lines[0] < 2 {
			t.Fatalf("lines not increasing: %v", tb.Lines)
		}
	}
}
