package dataset

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// writeParquetFile writes columns of any type, as another tool would.
func writeParquetFile(t *testing.T, path string, fields []arrow.Field, build func(b *array.RecordBuilder)) {
	t.Helper()
	b := array.NewRecordBuilder(memory.DefaultAllocator, arrow.NewSchema(fields, nil))
	defer b.Release()
	build(b)
	rec := b.NewRecordBatch()
	defer rec.Release()
	var buf bytes.Buffer
	fw, err := pqarrow.NewFileWriter(rec.Schema(), &buf, nil, pqarrow.DefaultWriterProps())
	if err != nil {
		t.Fatal(err)
	}
	if err := fw.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadParquetTypes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "types.parquet")
	fields := []arrow.Field{
		{Name: "i", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "f", Type: arrow.PrimitiveTypes.Float32},
		{Name: "u", Type: arrow.PrimitiveTypes.Uint8},
		{Name: "d", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "s", Type: arrow.BinaryTypes.LargeString, Nullable: true},
		{Name: "i", Type: arrow.PrimitiveTypes.Int32}, // a repeated name
	}
	writeParquetFile(t, path, fields, func(b *array.RecordBuilder) {
		b.Field(0).(*array.Int64Builder).AppendValues([]int64{1, -2, 3}, []bool{true, false, true})
		b.Field(1).(*array.Float32Builder).AppendValues([]float32{0.5, 1.25, -3}, nil)
		b.Field(2).(*array.Uint8Builder).AppendValues([]uint8{7, 8, 255}, nil)
		b.Field(3).(*array.Float64Builder).AppendValues([]float64{math.NaN(), 2, math.Inf(1)}, []bool{true, true, false})
		b.Field(4).(*array.LargeStringBuilder).AppendValues([]string{"x", "", "z"}, []bool{true, true, false})
		b.Field(5).(*array.Int32Builder).AppendValues([]int32{4, 5, 6}, nil)
	})
	tb, err := Load(path, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Release()
	if got, want := tb.Names(), []string{"i", "f", "u", "d", "s", "i.1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("names %v, want %v", got, want)
	}
	for _, c := range []struct {
		name string
		want []float64
	}{
		{"i", []float64{1, math.NaN(), 3}},
		{"f", []float64{0.5, 1.25, -3}},
		{"u", []float64{7, 8, 255}},
		{"d", []float64{math.NaN(), 2, math.NaN()}}, // a stored NaN is null, as in text
		{"i.1", []float64{4, 5, 6}},
	} {
		if got := floats(t, tb, c.name); !sameFloats(got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, got, c.want)
		}
	}
	if got, want := texts(t, tb, "s"), []string{"x", "", "<null>"}; !reflect.DeepEqual(got, want) {
		t.Errorf("s = %q, want %q", got, want)
	}
	if tb.Lines != nil || tb.Row(0) != 0 {
		t.Errorf("a Parquet table has source lines %v", tb.Lines)
	}
}

func TestLoadParquetUnsupportedColumn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bool.parquet")
	fields := []arrow.Field{
		{Name: "x", Type: arrow.PrimitiveTypes.Float64},
		{Name: "flag", Type: arrow.FixedWidthTypes.Boolean},
	}
	writeParquetFile(t, path, fields, func(b *array.RecordBuilder) {
		b.Field(0).(*array.Float64Builder).Append(1)
		b.Field(1).(*array.BooleanBuilder).Append(true)
	})
	_, err := Load(path, LoadOptions{})
	var pe *ParseError
	if !errors.Is(err, ErrNotNumber) || !errors.As(err, &pe) || pe.Name != "flag" || pe.Column != 2 ||
		!strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "column flag") {
		t.Errorf("error %v, want a *ParseError naming the file and column flag", err)
	}
}

func TestLoadParquetCorrupt(t *testing.T) {
	dir := t.TempDir()
	tb := readString(t, "a b\n1 x\n2 y\n3 z\n", "ok.txt", FormatWhitespace)
	defer tb.Release()
	good := filepath.Join(dir, "good.parquet")
	if err := Write(tb, good, FormatAuto); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string][]byte{
		"magic only.parquet": []byte("PAR1"),
		"garbage.parquet":    []byte("PAR1 this is not a parquet file PAR1"),
		"truncated.parquet":  data[:len(data)/2],
		"no footer.pq":       data[:len(data)-8],
		"empty.parquet":      nil,
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(path, LoadOptions{})
		checkParseError(t, err, ErrCorrupt, path, 0, 0)
	}
	// Flip bytes all over the file: an error or a table, never a panic.
	for i := 4; i < len(data)-4; i++ {
		bad := bytes.Clone(data)
		bad[i] ^= 0xff
		if tb, err := Read(bytes.NewReader(bad), "flipped.parquet", LoadOptions{}); err == nil {
			tb.Release()
		}
	}
}
