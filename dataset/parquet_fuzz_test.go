package dataset

import (
	"bytes"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// FuzzReadParquet: no Parquet file makes the reader panic, hang or claim
// memory beyond the limits; a rejected one is a *ParseError wrapping a
// sentinel (or the limits' ErrExceeded), an accepted one a table of float64
// and string columns of equal length, named uniquely, that its Release
// frees. The seeds are small tables written by this package's own Parquet
// writer, and those in testdata/fuzz/FuzzReadParquet.
func FuzzReadParquet(f *testing.F) {
	for _, text := range []string{
		"a b\n1 2\n3 4\n",
		"re cpu name\n1 100 x\n2 NA y\n3 300 NA\n",
		"a,a,b\n1,,hello\n,2,\"with space\"\n",
	} {
		format := FormatWhitespace
		if strings.Contains(text, ",") {
			format = FormatCSV
		}
		tb, err := Read(strings.NewReader(text), "seed", LoadOptions{Format: format})
		if err != nil {
			f.Fatal(err)
		}
		var buf bytes.Buffer
		if err := writeParquet(&buf, tb, "seed.parquet"); err != nil {
			f.Fatal(err)
		}
		tb.Release()
		f.Add(buf.Bytes())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		tb, err := Read(bytes.NewReader(data), "fuzz.parquet", LoadOptions{Format: FormatParquet, Allocator: mem})
		if err != nil {
			// No allocation balance here: on some errors (a page of
			// unknown compression) arrow-go's page reader drops a buffer
			// without releasing it, which the Go allocator's GC reclaims.
			checkRejectedOrLimit(t, err)
			return
		}
		n := tb.NumRows()
		seen := map[string]bool{}
		for i, name := range tb.Names() {
			if seen[name] {
				t.Fatalf("name %q repeated", name)
			}
			seen[name] = true
			col := tb.Record.Column(i)
			if col.Len() != n {
				t.Fatalf("column %s: %d rows of %d", name, col.Len(), n)
			}
			switch col.(type) {
			case *array.Float64, *array.String:
			default:
				t.Fatalf("column %s of type %s", name, col.DataType())
			}
		}
		tb.Release()
		mem.AssertSize(t, 0)
	})
}
