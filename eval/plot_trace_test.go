package eval

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteTracePNG(t *testing.T) {
	m := demoModel(t)
	dir := t.TempDir()
	// A random walk from a fixed row runs into unrecorded configurations.
	steps := Replay(m, NewRandom(), RunConfig{Seed: 5, StartRow: 0}, nil)
	invalid := 0
	for _, s := range steps {
		if !s.Valid {
			invalid++
		}
	}
	if invalid == 0 {
		t.Log("no invalid move in this replay: the red marks go untested")
	}
	path := filepath.Join(dir, "trace_random.png")
	if err := WriteTracePNG(path, m, steps, "random policy on the demo table (seed 5, row 0)"); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, path)

	// A constant episode (a no-op policy's) still draws.
	flat := make([]ReplayStep, len(steps))
	for i := range flat {
		flat[i] = steps[0]
		flat[i].Step = i
	}
	path = filepath.Join(dir, "trace_flat.png")
	if err := WriteTracePNG(path, m, flat, "flat"); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, path)

	bad := filepath.Join(dir, "bad.png")
	if err := WriteTracePNG(bad, m, nil, ""); !errors.Is(err, ErrPlotArg) {
		t.Errorf("no steps: %v, want ErrPlotArg", err)
	}
	short := []ReplayStep{{Step: 0, Knobs: []float64{1}, Valid: true}}
	if err := WriteTracePNG(bad, m, short, ""); !errors.Is(err, ErrPlotArg) {
		t.Errorf("one knob value for three knobs: %v, want ErrPlotArg", err)
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Error("a refused plot left a file")
	}
}
