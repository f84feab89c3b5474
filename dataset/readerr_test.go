package dataset

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// checkParseError asserts that err is a *ParseError wrapping want, at line
// and column, whose message names file, line and column.
func checkParseError(t *testing.T, err error, want error, file string, line, col int) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("error %v, want %v", err, want)
	}
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *ParseError", err, err)
	}
	if pe.File != file || pe.Line != line || pe.Column != col {
		t.Errorf("error at %s:%d column %d, want %s:%d column %d", pe.File, pe.Line, pe.Column, file, line, col)
	}
	msg := err.Error()
	if !strings.Contains(msg, file) {
		t.Errorf("message %q does not name the file %s", msg, file)
	}
	if line > 0 && !strings.Contains(msg, file+":"+strconv.Itoa(line)) {
		t.Errorf("message %q does not name line %d", msg, line)
	}
	if col > 0 && !strings.Contains(msg, "column "+strconv.Itoa(col)) {
		t.Errorf("message %q does not name column %d", msg, col)
	}
}

func TestReadErrors(t *testing.T) {
	for _, c := range []struct {
		name      string
		format    Format
		src       string
		want      error
		line, col int
		msg       string // more the message must hold
	}{
		{"empty", FormatWhitespace, "", ErrEmpty, 0, 0, ""},
		{"blank lines only", FormatAuto, "\n  \r\n\t\n", ErrEmpty, 0, 0, ""},
		{"empty csv", FormatCSV, " \n\n", ErrEmpty, 0, 0, ""},
		{"header only", FormatWhitespace, "a b\n", ErrHeaderOnly, 1, 0, ""},
		{"header after blanks", FormatCSV, "\n\na,b\n\n", ErrHeaderOnly, 3, 0, ""},
		{"missing field", FormatWhitespace, "a b c\n1 2 3\n\n4 5\n", ErrRagged, 4, 3, "got 2 fields, want 3"},
		{"missing field first row", FormatWhitespace, "a b\n1\n", ErrRagged, 2, 2, "(b)"},
		{"extra field", FormatWhitespace, "a b\n1 2\n3 4 5 6\n", ErrRagged, 3, 3, "got 4 fields, want 2"},
		{"extra field csv", FormatCSV, "a,b\n1,2\n3,4,\n", ErrRagged, 3, 3, "got 3 fields, want 2"},
		{"missing field csv", FormatCSV, "a,b,c\r\n1,2,3\r\n4\r\n", ErrRagged, 3, 2, "got 1 fields, want 3"},
		{"bare quote", FormatCSV, "a,b\n1,x\"y\n", ErrCorrupt, 2, 2, "bare"},
		{"quote after quoted field", FormatCSV, "a,b\n1,2\n\"3\"x,4\n", ErrCorrupt, 3, 1, "extraneous"},
		{"unclosed quote", FormatCSV, "a,b\n1,\"2\n3,4\n", ErrCorrupt, 2, 2, "not closed"},
		{"quote error in header", FormatCSV, "a,\"b\n", ErrCorrupt, 1, 2, "not closed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tb, err := Read(strings.NewReader(c.src), "bad.csv", LoadOptions{Format: c.format})
			if err == nil {
				tb.Release()
				t.Fatalf("no error")
			}
			checkParseError(t, err, c.want, "bad.csv", c.line, c.col)
			if !strings.Contains(err.Error(), c.msg) {
				t.Errorf("message %q does not say %q", err, c.msg)
			}
		})
	}
}

func TestColumnErrors(t *testing.T) {
	tb := readString(t, "a b\n1 2\n3 x\n", "cols.txt", FormatWhitespace)
	defer tb.Release()
	_, err := tb.Float64("b")
	checkParseError(t, err, ErrNotNumber, "cols.txt", 3, 2)
	_, err = tb.Float64("zz")
	checkParseError(t, err, ErrNoColumn, "cols.txt", 1, 0)
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.csv")
	_, err := Load(missing, LoadOptions{})
	checkParseError(t, err, ErrNoFile, missing, 0, 0)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %v does not wrap fs.ErrNotExist", err)
	}
	if want := missing + ": no such file"; err.Error() != want {
		t.Errorf("missing file: %q, want %q", err, want)
	}
	_, err = Load(dir, LoadOptions{})
	checkParseError(t, err, ErrIsDir, dir, 0, 0)
	if want := dir + ": is a directory"; err.Error() != want {
		t.Errorf("directory: %q, want %q", err, want)
	}
	_, err = LoadSpec(missing)
	if !errors.Is(err, ErrNoFile) || !strings.Contains(err.Error(), "no such file") || strings.Contains(err.Error(), "or directory") {
		t.Errorf("missing spec: %v", err)
	}
	_, err = LoadSpec(dir)
	if !errors.Is(err, ErrIsDir) || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("spec that is a directory: %v", err)
	}

	ragged := filepath.Join(dir, "ragged.dat")
	if err := os.WriteFile(ragged, []byte("a b\n1 2\n3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(ragged, LoadOptions{})
	checkParseError(t, err, ErrRagged, ragged, 3, 2)

	_, err = Load(ragged, LoadOptions{Format: Format(9)})
	checkParseError(t, err, ErrFormat, ragged, 0, 0)
}
