package eval

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot/vg"
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

// TestTraceHeader: the invalid-move key never overprints the title: beside a
// short one, on its own line under a long one, in the layout and in the
// picture as drawn.
func TestTraceHeader(t *testing.T) {
	const width = 8 * vg.Inch
	short := newTraceHeader("random on demo", "invalid move (3 of 50)", width)
	long := newTraceHeader("ppo=runs/demo/ppo/policy.json on tablerl-demo.txt (embedded) from row 411: return -12.3456 (optimal expected 13.9615)", "invalid move (3 of 50)", width)
	for name, h := range map[string]*traceHeader{"short": short, "long": long} {
		if overlaps(h.titleBox, h.keyBox) {
			t.Errorf("%s title: title %v and key %v overlap", name, h.titleBox, h.keyBox)
		}
		if h.keyBox.Max.X > width || h.keyBox.Max.Y > h.height || h.titleBox.Max.Y > h.height || h.titleBox.Min.X < 0 || h.titleBox.Max.X > width {
			t.Errorf("%s title: boxes %v %v outside the header (%v × %v)", name, h.titleBox, h.keyBox, width, h.height)
		}
	}
	if short.keyBox.Min.Y >= short.titleBox.Max.Y {
		t.Errorf("a short title's key went below it: %v, %v", short.titleBox, short.keyBox)
	}
	if long.keyBox.Min.Y < long.titleBox.Max.Y {
		t.Errorf("a long title's key stayed beside it: %v, %v", long.titleBox, long.keyBox)
	}

	// Drawn: no pixel row of the header holds both the key's red cross and
	// the title's dark text (left of the key, where only the title is).
	m := demoModel(t)
	steps := Replay(m, NewRandom(), RunConfig{Seed: 5, StartRow: 0}, nil)
	steps[3].Valid = false // at least one invalid move, for the key
	path := filepath.Join(t.TempDir(), "trace_long.png")
	if err := WriteTracePNG(path, m, steps, long.title); err != nil {
		t.Fatal(err)
	}
	img := checkPNG(t, path)
	b := img.Bounds()
	px := func(l vg.Length) int { return int(l.Dots(float64(b.Dx()) / float64(width/vg.Inch))) }
	redRows, titleRows := map[int]bool{}, map[int]bool{}
	for y := 0; y < px(long.height); y++ {
		for x := 0; x < b.Dx(); x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			if r > g+60 && r > bl+60 {
				redRows[y] = true
			}
			if r < 90 && g < 90 && bl < 90 && x < px(long.keyBox.Min.X) {
				titleRows[y] = true
			}
		}
	}
	if len(redRows) == 0 || len(titleRows) == 0 {
		t.Fatalf("found %d rows of the key's mark and %d of the title in the header", len(redRows), len(titleRows))
	}
	for y := range redRows {
		if titleRows[y] {
			t.Errorf("pixel row %d holds both the title and the key's mark", y)
		}
	}
}

func overlaps(a, b vg.Rectangle) bool {
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}
