package dataset

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tablerl/tablerl/internal/teastore"
)

// BenchmarkLoadTeaStore loads the shared TeaStore table (2.9 MB, 21,168 rows
// of 17 columns) as the CLI does. The goal is 7 ms a load on one core, five
// times faster than pandas' read_csv.
func BenchmarkLoadTeaStore(b *testing.B) {
	path := teastore.Path(b)
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for b.Loop() {
		t, err := Load(path, LoadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		t.Release()
	}
}

// BenchmarkLoadFormats loads the TeaStore table converted to CSV and to
// Parquet, for comparison with the whitespace original.
func BenchmarkLoadFormats(b *testing.B) {
	t, err := Load(teastore.Path(b), LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	for _, name := range []string{"teastore.csv", "teastore.parquet"} {
		path := filepath.Join(dir, name)
		if err := Write(t, path, FormatAuto); err != nil {
			b.Fatal(err)
		}
		st, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(filepath.Ext(name)[1:], func(b *testing.B) {
			b.SetBytes(st.Size())
			b.ReportAllocs()
			for b.Loop() {
				t, err := Load(path, LoadOptions{})
				if err != nil {
					b.Fatal(err)
				}
				t.Release()
			}
		})
	}
	t.Release()
}
