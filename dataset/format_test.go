package dataset

import (
	"errors"
	"testing"
)

func TestParseFormat(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Format
	}{
		{"auto", FormatAuto}, {"", FormatAuto}, {"whitespace", FormatWhitespace}, {"text", FormatWhitespace},
		{"txt", FormatWhitespace}, {"ws", FormatWhitespace}, {"CSV", FormatCSV}, {" parquet ", FormatParquet},
	} {
		got, err := ParseFormat(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseFormat(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"xlsx", "json", "c sv"} {
		if _, err := ParseFormat(bad); !errors.Is(err, ErrFormat) {
			t.Errorf("ParseFormat(%q): error %v, want ErrFormat", bad, err)
		}
	}
	for f := FormatAuto; f <= FormatParquet; f++ {
		if g, err := ParseFormat(f.String()); err != nil || g != f {
			t.Errorf("ParseFormat(%v.String()) = %v, %v", f, g, err)
		}
	}
	if s := Format(7).String(); s != "Format(7)" {
		t.Errorf("Format(7).String() = %q", s)
	}
}

func TestDetectFormat(t *testing.T) {
	const teaHead = "re heap  cpu  inc_tps  out_tps max_sess\n 3  500  500  831.089  879.900      102\n"
	for _, c := range []struct {
		path, head string
		want       Format
	}{
		{"teastore_data.csv", teaHead, FormatWhitespace}, // named .csv, separated by spaces
		{"t.csv", "a,b\n1,2\n", FormatCSV},
		{"t.csv", "\n\n  a,b\n", FormatCSV},
		{"t.csv", "a b\n1,2\n", FormatWhitespace},       // only the first line counts
		{"t.csv", "\"a,b\" c\n1 2\n", FormatWhitespace}, // a quoted comma is no separator
		{"t.csv", "\"a,b\",c\n1,2\n", FormatCSV},
		{"t.csv", "", FormatWhitespace},
		{"data", "x,y\n", FormatCSV}, // no extension: sniffed
		{"data.log", "x y\n", FormatWhitespace},
		{"t.tsv", "a,b\n", FormatWhitespace}, // by extension, not sniffed
		{"t.TXT", "a,b\n", FormatWhitespace},
		{"t.dat", "", FormatWhitespace},
		{"t.ws", "", FormatWhitespace},
		{"t.parquet", "", FormatParquet},
		{"t.PQ", "", FormatParquet},
		{"t.csv", "PAR1\x15\x04", FormatParquet}, // the magic wins
		{"t.txt", "PAR1", FormatParquet},
	} {
		if got := DetectFormat(c.path, []byte(c.head)); got != c.want {
			t.Errorf("DetectFormat(%q, %q) = %v, want %v", c.path, c.head, got, c.want)
		}
	}
}

func TestReadAutoSniffs(t *testing.T) {
	tb := readString(t, "a,b\n1,2\n", "x.csv", FormatAuto)
	defer tb.Release()
	if got := floats(t, tb, "b"); got[0] != 2 {
		t.Errorf("b = %v", got)
	}
	tb2 := readString(t, "a  b\n1  2\n", "x.csv", FormatAuto)
	defer tb2.Release()
	if got := floats(t, tb2, "b"); got[0] != 2 {
		t.Errorf("b = %v", got)
	}
}
