package dataset

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
)

// sameTable reports how a and b differ, "" if in nothing a reader sees:
// names, types, cells, and the text columns' first non-numbers.
func sameTable(a, b *Table) string {
	if !reflect.DeepEqual(a.Names(), b.Names()) {
		return "names " + strings.Join(a.Names(), " ") + " | " + strings.Join(b.Names(), " ")
	}
	if !array.RecordEqual(a.Record, b.Record) {
		for i := range a.Names() {
			if !array.Equal(a.Record.Column(i), b.Record.Column(i)) {
				return "column " + a.Names()[i] + " differs"
			}
		}
		return "records differ"
	}
	if !reflect.DeepEqual(a.NonNumeric, b.NonNumeric) && len(a.NonNumeric)+len(b.NonNumeric) > 0 {
		return "non-numeric cells differ"
	}
	return ""
}

// roundTrip writes t to whitespace text, CSV and Parquet in turn, each read
// back from the previous one's file, and checks every read gives t.
func roundTrip(t *testing.T, tb *Table) {
	t.Helper()
	dir := t.TempDir()
	cur := tb
	cur.Retain()
	for _, step := range []struct {
		file string
		f    Format
	}{{"t.txt", FormatAuto}, {"t.csv", FormatAuto}, {"t.parquet", FormatAuto}, {"again.dat", FormatWhitespace}} {
		path := filepath.Join(dir, step.file)
		if err := Write(cur, path, step.f); err != nil {
			t.Fatalf("Write %s: %v", step.file, err)
		}
		cur.Release()
		next, err := Load(path, LoadOptions{})
		if err != nil {
			t.Fatalf("Load %s: %v", step.file, err)
		}
		cur = next
		diff := sameTable(tb, cur)
		if strings.HasSuffix(step.file, ".parquet") && diff == "non-numeric cells differ" {
			diff = "" // Parquet has no source lines to point at
		}
		if diff != "" {
			t.Fatalf("%s read back differs: %s", step.file, diff)
		}
	}
	cur.Release()
	// Nothing but the outputs is left in the directory.
	ents, _ := os.ReadDir(dir)
	if len(ents) != 4 {
		t.Errorf("directory holds %d files, want 4", len(ents))
	}
}

func TestRoundTripSmall(t *testing.T) {
	src := "re heap cpu note re\n" +
		"1 100 0.5 a-b 2\n" +
		"2 nan 1e-7 c 3\n" +
		"3 300 -0 NA 4\n" +
		"4 1e300 123456789.123 q\"uote 5\n"
	tb := readString(t, src, "small.txt", FormatWhitespace)
	defer tb.Release()
	if got := texts(t, tb, "note"); got[2] != "<null>" {
		t.Fatalf("note = %q", got)
	}
	roundTrip(t, tb)
}

func TestWriteCSVQuotes(t *testing.T) {
	src := "name,v\n\"a,b\",1\n\"say \"\"hi\"\"\",2\n\"two\nlines\",3\nplain,\n"
	tb := readString(t, src, "q.csv", FormatCSV)
	defer tb.Release()
	path := filepath.Join(t.TempDir(), "out.csv")
	if err := Write(tb, path, FormatAuto); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	want := "name,v\n\"a,b\",1\n\"say \"\"hi\"\"\",2\n\"two\nlines\",3\nplain,\n"
	if string(data) != want {
		t.Errorf("wrote %q, want %q", data, want)
	}
	back, err := Load(path, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer back.Release()
	if d := sameTable(tb, back); d != "" {
		t.Errorf("read back: %s", d)
	}
}

func TestWriteWhitespaceRefusesSpaces(t *testing.T) {
	tb := readString(t, "name,v\nx y,1\n", "s.csv", FormatCSV)
	defer tb.Release()
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Write(tb, path, FormatWhitespace)
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Name != "name" || !strings.Contains(err.Error(), "whitespace") {
		t.Fatalf("error %v, want one naming column name", err)
	}
	// The old file is untouched and no temporary file is left.
	if data, _ := os.ReadFile(path); string(data) != "old" {
		t.Errorf("out.txt now holds %q", data)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("directory holds %d files, want 1", len(ents))
	}
	// A name with a space cannot be written either.
	tb2 := readString(t, "a b,c\n1,2\n", "n.csv", FormatCSV)
	defer tb2.Release()
	if err := Write(tb2, path, FormatWhitespace); err == nil || !strings.Contains(err.Error(), "a b") {
		t.Errorf("error %v, want one naming \"a b\"", err)
	}
}

func TestWriteErrors(t *testing.T) {
	tb := readString(t, "a\n1\n", "a.txt", FormatWhitespace)
	defer tb.Release()
	if err := Write(tb, filepath.Join(t.TempDir(), "no", "such", "dir.csv"), FormatAuto); err == nil {
		t.Error("writing into a missing directory: no error")
	}
	if err := Write(tb, filepath.Join(t.TempDir(), "x"), Format(9)); !errors.Is(err, ErrFormat) {
		t.Errorf("unknown format: error %v", err)
	}
}

func TestWriteNulls(t *testing.T) {
	tb := readString(t, "a b\nnan x\n2 NA\n", "n.txt", FormatWhitespace)
	defer tb.Release()
	dir := t.TempDir()
	for _, c := range []struct{ file, want string }{
		{"n.txt", "a b\nnan x\n2 nan\n"},
		{"n.csv", "a,b\n,x\n2,\n"},
	} {
		path := filepath.Join(dir, c.file)
		if err := Write(tb, path, FormatAuto); err != nil {
			t.Fatal(err)
		}
		if data, _ := os.ReadFile(path); string(data) != c.want {
			t.Errorf("%s holds %q, want %q", c.file, data, c.want)
		}
		if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
			t.Errorf("%s has mode %v", c.file, st.Mode())
		}
	}
}
