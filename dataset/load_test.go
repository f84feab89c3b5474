package dataset

import (
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
)

// readString reads src as a table named name in format f, failing the test
// on error.
func readString(t *testing.T, src, name string, f Format) *Table {
	t.Helper()
	tb, err := Read(strings.NewReader(src), name, LoadOptions{Format: f})
	if err != nil {
		t.Fatalf("Read(%q): %v", src, err)
	}
	return tb
}

// floats returns column name of tb, NaN for null.
func floats(t *testing.T, tb *Table, name string) []float64 {
	t.Helper()
	col, err := tb.Float64(name)
	if err != nil {
		t.Fatalf("Float64(%s): %v", name, err)
	}
	out := make([]float64, col.Len())
	for i := range out {
		out[i] = math.NaN()
		if col.IsValid(i) {
			out[i] = col.Value(i)
		}
	}
	return out
}

// texts returns string column name of tb, "<null>" for null.
func texts(t *testing.T, tb *Table, name string) []string {
	t.Helper()
	i := tb.Index(name)
	if i < 0 {
		t.Fatalf("no column %s in %v", name, tb.Names())
	}
	col, ok := tb.Record.Column(i).(*array.String)
	if !ok {
		t.Fatalf("column %s is %s, not string", name, tb.Record.Column(i).DataType())
	}
	out := make([]string, col.Len())
	for i := range out {
		out[i] = "<null>"
		if col.IsValid(i) {
			out[i] = col.Value(i)
		}
	}
	return out
}

// sameFloats compares bit for bit, any NaN equal to any NaN.
func sameFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}

func TestReadWhitespace(t *testing.T) {
	src := "\n  re heap\tcpu  \r\n\n 3  500 0.50\r\n\t4 -1e3  nan \n\n5 +2 .25" // no final newline
	tb := readString(t, src, "w.txt", FormatWhitespace)
	defer tb.Release()
	if got, want := tb.Names(), []string{"re", "heap", "cpu"}; !reflect.DeepEqual(got, want) {
		t.Errorf("names %v, want %v", got, want)
	}
	if got, want := tb.Lines, []int32{4, 5, 7}; !reflect.DeepEqual(got, want) {
		t.Errorf("lines %v, want %v", got, want)
	}
	for _, c := range []struct {
		name string
		want []float64
	}{
		{"re", []float64{3, 4, 5}},
		{"heap", []float64{500, -1000, 2}},
		{"cpu", []float64{0.5, math.NaN(), 0.25}},
	} {
		if got := floats(t, tb, c.name); !sameFloats(got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, got, c.want)
		}
	}
	if tb.Path != "w.txt" || tb.Row(1) != 5 || tb.Row(3) != 0 || len(tb.NonNumeric) != 0 {
		t.Errorf("path %q, row(1) %d, row(3) %d, non-numeric %v", tb.Path, tb.Row(1), tb.Row(3), tb.NonNumeric)
	}
}

func TestReadCSV(t *testing.T) {
	src := "name,\"x, y\",z\r\n" +
		"\"a \"\"b\"\"\", 1.5 ,\"2\"\r\n" +
		"   \r\n" + // blank: skipped
		"\"multi\nline\",,3\n" +
		"plain,NA,\"\"\n"
	tb := readString(t, src, "c.csv", FormatCSV)
	defer tb.Release()
	if got, want := tb.Names(), []string{"name", "x, y", "z"}; !reflect.DeepEqual(got, want) {
		t.Errorf("names %v, want %v", got, want)
	}
	if got, want := texts(t, tb, "name"), []string{`a "b"`, "multi\nline", "plain"}; !reflect.DeepEqual(got, want) {
		t.Errorf("name = %q, want %q", got, want)
	}
	if got, want := floats(t, tb, "x, y"), []float64{1.5, math.NaN(), math.NaN()}; !sameFloats(got, want) {
		t.Errorf("x, y = %v, want %v", got, want)
	}
	if got, want := floats(t, tb, "z"), []float64{2, 3, math.NaN()}; !sameFloats(got, want) {
		t.Errorf("z = %v, want %v", got, want)
	}
	// A record's line is where it starts.
	if got, want := tb.Lines, []int32{2, 4, 6}; !reflect.DeepEqual(got, want) {
		t.Errorf("lines %v, want %v", got, want)
	}
	if c := tb.NonNumeric["name"]; c != (Cell{Line: 2, Column: 1, Text: `a "b"`}) {
		t.Errorf("NonNumeric[name] = %+v", c)
	}
}

func TestByteOrderMark(t *testing.T) {
	for _, f := range []Format{FormatAuto, FormatCSV, FormatWhitespace} {
		tb := readString(t, "\ufeffa,b\n1,2\n", "bom.csv", f)
		if got := tb.Names()[0]; got != "a" && got != "a,b" {
			t.Errorf("%v: first name %q", f, got)
		}
		tb.Release()
	}
}

func TestUnnamedCSVColumns(t *testing.T) {
	tb := readString(t, ",a,,Unnamed: 0\n1,2,3,4\n", "u.csv", FormatCSV)
	defer tb.Release()
	want := []string{"Unnamed: 0.1", "a", "Unnamed: 2", "Unnamed: 0"}
	if got := tb.Names(); !reflect.DeepEqual(got, want) {
		t.Errorf("names %q, want %q", got, want)
	}
}

func TestNullTokens(t *testing.T) {
	tokens := []string{"nan", "NaN", "NAN", "-nan", "-NaN", "NA", "N/A", "n/a", "null", "NULL", "None",
		"<NA>", "#N/A", "-1.#IND", "1.#QNAN", "nAn"}
	for _, tok := range tokens {
		// In a numeric column, beside a number; in a text column, beside text.
		tb := readString(t, "x y\n1 a\n"+tok+" "+tok+"\n", "n.txt", FormatWhitespace)
		if got := floats(t, tb, "x"); !math.IsNaN(got[1]) || got[0] != 1 {
			t.Errorf("%q in a numeric column: %v", tok, got)
		}
		if got := texts(t, tb, "y"); got[1] != "<null>" {
			t.Errorf("%q in a text column: %q", tok, got)
		}
		tb.Release()
	}
	// CSV: the empty cell, and spaces around a token.
	tb := readString(t, "x,y\n, NA \n2,\n", "n.csv", FormatCSV)
	defer tb.Release()
	if got, want := floats(t, tb, "x"), []float64{math.NaN(), 2}; !sameFloats(got, want) {
		t.Errorf("x = %v, want %v", got, want)
	}
	if got := floats(t, tb, "y"); !math.IsNaN(got[0]) || !math.IsNaN(got[1]) {
		t.Errorf("y = %v, want all null (an all-null column is numeric)", got)
	}
}

func TestMixedColumnTurnsText(t *testing.T) {
	src := "a b c\n1 2.50 x\n3 nan y\n4 oops 1e3\n5 6 7\n"
	tb := readString(t, src, "m.txt", FormatWhitespace)
	defer tb.Release()
	if got, want := floats(t, tb, "a"), []float64{1, 3, 4, 5}; !sameFloats(got, want) {
		t.Errorf("a = %v, want %v", got, want)
	}
	// Numbers read before the column turned are written back shortest-exact;
	// those after keep their text; nulls stay null.
	if got, want := texts(t, tb, "b"), []string{"2.5", "<null>", "oops", "6"}; !reflect.DeepEqual(got, want) {
		t.Errorf("b = %q, want %q", got, want)
	}
	if got, want := texts(t, tb, "c"), []string{"x", "y", "1e3", "7"}; !reflect.DeepEqual(got, want) {
		t.Errorf("c = %q, want %q", got, want)
	}
	want := map[string]Cell{"b": {Line: 4, Column: 2, Text: "oops"}, "c": {Line: 2, Column: 3, Text: "x"}}
	if !reflect.DeepEqual(tb.NonNumeric, want) {
		t.Errorf("NonNumeric = %+v, want %+v", tb.NonNumeric, want)
	}
	_, err := tb.Float64("b")
	checkParseError(t, err, ErrNotNumber, "m.txt", 4, 2)
}

func TestNumbersAsStrconv(t *testing.T) {
	// Every spelling the loader converts itself must agree with strconv bit
	// for bit; spellings it hands on must still be numbers.
	cells := []string{"0", "-0", "0.0", "-0.000", "007", "1.", ".5", "-.5", "+1", "1e5", "1E-5", "-2.5e+3",
		"123456789012345", "1234567890123456", "12345678901234567890", "0.1", "0.3", "9007199254740993",
		"1.7976931348623157e308", "4.9e-324", "1e400", "-1e400", "1e-400", "inf", "-Infinity", "0x1p-2",
		"179.5449", "-179.5449", "0.00000000000000000001", "99999999999999999999999", "831.089"}
	var ws, csv strings.Builder
	ws.WriteString("x\n")
	csv.WriteString("x\n")
	for _, c := range cells {
		ws.WriteString(c + "\n")
		csv.WriteString(" " + c + " \n")
	}
	want := make([]float64, len(cells))
	for i, c := range cells {
		v, err := strconv.ParseFloat(c, 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			t.Fatalf("bad test cell %q: %v", c, err)
		}
		want[i] = v
	}
	for _, c := range []struct {
		src string
		f   Format
	}{{ws.String(), FormatWhitespace}, {csv.String(), FormatCSV}} {
		tb := readString(t, c.src, "num", c.f)
		got := floats(t, tb, "x")
		for i := range cells {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Errorf("%v: %q read as %v (%#x), want %v (%#x)", c.f, cells[i], got[i],
					math.Float64bits(got[i]), want[i], math.Float64bits(want[i]))
			}
		}
		tb.Release()
	}
}

func TestLongLines(t *testing.T) {
	long := strings.Repeat("x", 3*bufSize)
	for _, c := range []struct {
		f   Format
		src string
	}{
		{FormatWhitespace, "a b\n1 " + long + "\n2 y\n"},
		{FormatCSV, "a,b\n1,\"" + long + "\n" + long + "\"\n2,y\n"},
	} {
		tb := readString(t, c.src, "long", c.f)
		got := texts(t, tb, "b")
		if len(got[0]) < len(long) || got[1] != "y" || tb.Row(1) < 3 {
			t.Errorf("%v: cells of %d and %q, rows at %v", c.f, len(got[0]), got[1], tb.Lines)
		}
		tb.Release()
	}
}
