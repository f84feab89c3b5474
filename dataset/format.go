package dataset

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
)

// Format is a table file format.
type Format int

const (
	// FormatAuto chooses by the file's extension and first bytes (DetectFormat)
	// when reading, by the extension when writing.
	FormatAuto Format = iota
	// FormatWhitespace is text whose fields are separated by runs of spaces
	// or tabs, without quoting (TeaStore's table).
	FormatWhitespace
	// FormatCSV is comma-separated text with RFC 4180 quotes.
	FormatCSV
	// FormatParquet is Apache Parquet.
	FormatParquet
)

var formatNames = [...]string{"auto", "whitespace", "csv", "parquet"}

// String returns the format's name, as ParseFormat reads it.
func (f Format) String() string {
	if f < 0 || int(f) >= len(formatNames) {
		return fmt.Sprintf("Format(%d)", int(f))
	}
	return formatNames[f]
}

// ParseFormat reads a format name: "auto" (or ""), "whitespace" (or "text",
// "txt", "ws"), "csv" or "parquet", in any case. An unknown name is an error
// wrapping ErrFormat.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "auto", "":
		return FormatAuto, nil
	case "whitespace", "text", "txt", "ws":
		return FormatWhitespace, nil
	case "csv":
		return FormatCSV, nil
	case "parquet", "pq":
		return FormatParquet, nil
	}
	return FormatAuto, fmt.Errorf("%w %q (want auto, whitespace, csv or parquet)", ErrFormat, s)
}

// parquetMagic opens (and ends) every Parquet file.
const parquetMagic = "PAR1"

// DetectFormat chooses the format of the file path whose first bytes are
// head (head may be nil or a prefix of any length). A .parquet or .pq name, or
// the Parquet magic, is Parquet; .tsv, .txt, .dat and .ws are whitespace
// text. Other names, .csv included, are sniffed: CSV if the first non-blank
// line of head has a comma outside double quotes, else whitespace text —
// files named .csv are often separated by spaces (TeaStore's table is).
func DetectFormat(path string, head []byte) Format {
	if bytes.HasPrefix(head, []byte(parquetMagic)) {
		return FormatParquet
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".parquet", ".pq":
		return FormatParquet
	case ".tsv", ".txt", ".dat", ".ws":
		return FormatWhitespace
	}
	if sniffComma(head) {
		return FormatCSV
	}
	return FormatWhitespace
}

// sniffComma reports whether the first non-blank line of head has a comma
// outside double quotes.
func sniffComma(head []byte) bool {
	quoted := false
	blank := true
	for _, c := range head {
		switch c {
		case '"':
			quoted = !quoted
			blank = false
		case ',':
			if !quoted {
				return true
			}
			blank = false
		case '\n':
			if !quoted && !blank {
				return false
			}
		case ' ', '\t', '\r', '\v', '\f':
		default:
			blank = false
		}
	}
	return false
}

// writeFormat is the format Write uses for path when asked for f.
func writeFormat(path string, f Format) Format {
	if f != FormatAuto {
		return f
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".parquet", ".pq":
		return FormatParquet
	case ".csv":
		return FormatCSV
	}
	return FormatWhitespace
}

// FormatFor is the format Write gives path with FormatAuto: Parquet for
// .parquet and .pq, CSV for .csv, whitespace text otherwise.
func FormatFor(path string) Format { return writeFormat(path, FormatAuto) }
