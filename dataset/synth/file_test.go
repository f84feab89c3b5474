package synth_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/dataset/synth"
)

// onlyFiles fails unless dir holds exactly the names given: no temporary
// file may be left behind.
func onlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if len(got) != len(names) {
		t.Fatalf("%s holds %q, want %q", dir, got, names)
	}
	for i := range got {
		if got[i] != names[i] {
			t.Fatalf("%s holds %q, want %q", dir, got, names)
		}
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "table.txt")
	cfg := synth.DefaultConfig()
	cfg.Rows = 500
	// Twice: the second write replaces the first file.
	for _, seed := range []uint64{7, 8} {
		cfg.Seed = seed
		if err := synth.WriteFile(path, cfg); err != nil {
			t.Fatalf("WriteFile: %v", err)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if want := generate(t, cfg); !bytes.Equal(got, want) {
			t.Errorf("seed %d: the file differs from Generate's output", seed)
		}
		onlyFiles(t, dir, "table.txt")
	}
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if m := fi.Mode().Perm(); m != 0o644 {
			t.Errorf("mode %v, want 0644", m)
		}
	}
}

func TestWriteFileErrors(t *testing.T) {
	dir := t.TempDir()
	old := []byte("old table\n")
	path := filepath.Join(dir, "table.txt")
	if err := os.WriteFile(path, old, 0o644); err != nil {
		t.Fatal(err)
	}
	// A directory in the way makes the final rename fail, after the rows
	// were written to the temporary file.
	blocked := filepath.Join(dir, "blocked")
	if err := os.MkdirAll(filepath.Join(blocked, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	bad := synth.DefaultConfig()
	bad.Rows = 0
	small := synth.DefaultConfig()
	small.Rows = 10

	for _, tc := range []struct {
		name string
		path string
		cfg  synth.Config
		is   error // nil: any error
	}{
		{"invalid config", path, bad, synth.ErrConfig},
		{"no such directory", filepath.Join(dir, "nodir", "t.txt"), small, os.ErrNotExist},
		{"rename onto a directory", blocked, small, nil},
	} {
		err := synth.WriteFile(tc.path, tc.cfg)
		if err == nil || tc.is != nil && !errors.Is(err, tc.is) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.is)
		}
		onlyFiles(t, dir, "blocked", "table.txt")
		if got, _ := os.ReadFile(path); !bytes.Equal(got, old) {
			t.Errorf("%s: the existing file was changed", tc.name)
		}
	}
}

// TestWriteFileFormats: the file's extension picks its format (a .parquet
// file is Parquet, a .csv file CSV), and every format holds the same table.
func TestWriteFileFormats(t *testing.T) {
	dir := t.TempDir()
	cfg := synth.DefaultConfig()
	cfg.Rows = 500
	var want string
	for _, c := range []struct {
		name   string
		format dataset.Format
		magic  string // how the file starts
	}{
		{"t.txt", dataset.FormatWhitespace, ""},
		{"t.csv", dataset.FormatCSV, ""},
		{"t.parquet", dataset.FormatParquet, "PAR1"},
		{"t.pq", dataset.FormatParquet, "PAR1"},
	} {
		path := filepath.Join(dir, c.name)
		if err := synth.WriteFile(path, cfg); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		head, _ := os.ReadFile(path)
		if got := dataset.DetectFormat(path, head); got != c.format || !bytes.HasPrefix(head, []byte(c.magic)) {
			t.Errorf("%s: written as %v, want %v", c.name, got, c.format)
		}
		tb, err := dataset.Load(path, dataset.LoadOptions{Format: c.format})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		fp := tb.Fingerprint()
		tb.Release()
		if want == "" {
			want = fp
		} else if fp != want {
			t.Errorf("%s holds another table than t.txt", c.name)
		}
	}
}

// TestWriteSweepFormats: a sweep table named .csv is the generated CSV as
// it is, and one named .parquet holds the same table as Parquet.
func TestWriteSweepFormats(t *testing.T) {
	dir := t.TempDir()
	cfg := synth.DefaultSweepConfig()
	var csv bytes.Buffer
	if err := synth.GenerateSweep(&csv, cfg); err != nil {
		t.Fatal(err)
	}
	var fps []string
	for _, name := range []string{"s.csv", "s.parquet"} {
		path := filepath.Join(dir, name)
		if err := synth.WriteSweep(path, filepath.Join(dir, name+".yaml"), cfg); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(path)
		if name == "s.csv" && !bytes.Equal(b, csv.Bytes()) {
			t.Error("s.csv is not GenerateSweep's CSV")
		}
		if name == "s.parquet" && !bytes.HasPrefix(b, []byte("PAR1")) {
			t.Error("s.parquet is not Parquet")
		}
		tb, err := dataset.Load(path, dataset.LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		fps = append(fps, tb.Fingerprint())
		tb.Release()
	}
	if fps[0] != fps[1] {
		t.Error("the Parquet sweep table differs from the CSV one")
	}
}
