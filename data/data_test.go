package data_test

import (
	"bytes"
	"flag"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/data"
	"github.com/tablerl/tablerl/dataset/synth"
)

var update = flag.Bool("update", false, "rewrite "+data.DemoName+" from DemoConfig")

// TestDemoReproducible regenerates the demo table and compares it with the
// embedded one byte for byte; with -update it rewrites the file instead.
func TestDemoReproducible(t *testing.T) {
	if *update {
		if err := synth.WriteFile(data.DemoName, data.DemoConfig()); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote %s; rerun the tests without -update to check it", data.DemoName)
		return
	}
	var b bytes.Buffer
	if err := synth.Generate(&b, data.DemoConfig()); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(b.Bytes(), data.Demo) {
		return
	}
	got, want := strings.Split(string(data.Demo), "\n"), strings.Split(b.String(), "\n")
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Fatalf("%s differs from its regeneration at line %d:\n have %q\n want %q\nrun go test ./data -update after a deliberate change to the model",
				data.DemoName, i+1, got[i], want[i])
		}
	}
	t.Fatalf("%s has %d lines, its regeneration %d; run go test ./data -update after a deliberate change to the model",
		data.DemoName, len(got), len(want))
}

// TestDemoShape checks what the demo promises: its length, its size, and
// rows for every configuration of the grid.
func TestDemoShape(t *testing.T) {
	if *update {
		t.Skip("the embedded table is the one before -update")
	}
	const maxSize = 5 << 20
	if n := len(data.Demo); n == 0 || n > maxSize {
		t.Fatalf("%s is %d bytes, want 1..%d", data.DemoName, n, maxSize)
	}
	lines := strings.Split(strings.TrimSuffix(string(data.Demo), "\n"), "\n")
	if got := len(lines) - 1; got != data.DemoRows {
		t.Errorf("%d rows, want %d", got, data.DemoRows)
	}
	seen := make(map[string]bool)
	for _, l := range lines[1:] {
		f := strings.Fields(l)
		if len(f) != 17 {
			t.Fatalf("row %q: %d fields, want 17", l, len(f))
		}
		seen[f[0]+"-"+f[1]+"-"+f[2]] = true
	}
	if len(seen) != 9*9*9 {
		t.Errorf("%d configurations have rows, want 729", len(seen))
	}
}
