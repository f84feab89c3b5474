package dataset

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFingerprintOfContent: one table's fingerprint is the same whether it
// is read from whitespace text, CSV (LF or CRLF) or Parquet, and another
// name or value changes it.
func TestFingerprintOfContent(t *testing.T) {
	dir := t.TempDir()
	load := func(name, content string) *Table {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		tb, err := Load(p, LoadOptions{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		t.Cleanup(tb.Release)
		return tb
	}
	const csv = "replicas,cpu,zone,r\n1,500,eu,0.5\n2,-0,us,\n4,1000,eu,nan\n"
	base := load("t.csv", csv)
	want := base.Fingerprint()
	if len(want) != 64 {
		t.Fatalf("fingerprint %q is not a sha256 in hex", want)
	}
	parquet := filepath.Join(dir, "t.parquet")
	if err := Write(base, parquet, FormatAuto); err != nil {
		t.Fatal(err)
	}
	fromParquet, err := Load(parquet, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer fromParquet.Release()
	for _, c := range []struct {
		name string
		tb   *Table
		same bool
	}{
		{"parquet", fromParquet, true},
		{"crlf", load("crlf.csv", strings.ReplaceAll(csv, "\n", "\r\n")), true},
		{"whitespace", load("t.txt", "replicas  cpu\tzone r\n1 500.0 eu 0.5\n2 0 us NA\n4 1e3 eu NaN\n"), true},
		{"value", load("v.csv", strings.Replace(csv, "0.5", "0.6", 1)), false},
		{"text value", load("s.csv", strings.Replace(csv, "us", "ap", 1)), false},
		{"name", load("n.csv", strings.Replace(csv, "zone", "region", 1)), false},
		{"row order", load("o.csv", "replicas,cpu,zone,r\n2,-0,us,\n1,500,eu,0.5\n4,1000,eu,nan\n"), false},
		{"one row fewer", load("f.csv", "replicas,cpu,zone,r\n1,500,eu,0.5\n2,-0,us,\n"), false},
	} {
		if got := c.tb.Fingerprint(); (got == want) != c.same {
			t.Errorf("%s: fingerprint %.12s…, base %.12s…; want same = %v", c.name, got, want, c.same)
		}
	}
}
