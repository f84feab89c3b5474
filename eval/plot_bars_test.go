package eval

import (
	"errors"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteComparisonPNG(t *testing.T) {
	dir := t.TempDir()
	// TeaStore's scale: random far below zero, the optimum above it.
	bars := []Bar{
		{"random", -48.02, 0.61},
		{"threshold", -3.1, 0.4},
		{"runs/ppo/policy.json", 13.1, 0.2},
		{"optimal", 13.96, 0.05},
	}
	path := filepath.Join(dir, "compare.png")
	if err := WriteComparisonPNG(path, bars, 13.9615, "TeaStore from row 558: 1000 episodes per policy"); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, path)
	// No optimum known: no line, still a picture.
	path = filepath.Join(dir, "compare_noopt.png")
	if err := WriteComparisonPNG(path, bars[:2], math.NaN(), "two policies"); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, path)
	for name, bad := range map[string][]Bar{
		"none":        nil,
		"NaN mean":    {{"x", math.NaN(), 1}},
		"negative CI": {{"x", 1, -1}},
	} {
		p := filepath.Join(dir, "bad.png")
		if err := WriteComparisonPNG(p, bad, 1, ""); !errors.Is(err, ErrPlotArg) {
			t.Errorf("%s: %v, want ErrPlotArg", name, err)
		}
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s: a refused plot left a file", name)
		}
	}
}

// TestComparisonColours: no two policies share a colour, in the picture as
// drawn; random stays grey and optimal green.
func TestComparisonColours(t *testing.T) {
	var bars []Bar
	for i, n := range []string{"random", "noop", "threshold", "target", "ppo", "dqn", "qtable",
		"a", "b", "c", "d", "e", "f", "optimal", "random"} {
		bars = append(bars, Bar{Name: n, Mean: float64(5 + i%4), CI95: 0.1})
	}
	cols := barColors(bars)
	seen := map[color.RGBA]string{}
	for i, c := range cols {
		rgba := c.(color.RGBA)
		if prev, ok := seen[rgba]; ok {
			t.Errorf("%s (bar %d) has %s's colour %v", bars[i].Name, i, prev, rgba)
		}
		seen[rgba] = bars[i].Name
	}
	if cols[0] != plotGrey || cols[13] != plotGreen || cols[14] == plotGrey {
		t.Errorf("references: random %v, optimal %v, a second random %v", cols[0], cols[13], cols[14])
	}
	for i := range 200 {
		c := wheelColor(i)
		if c.R > 235 && c.G > 235 && c.B > 235 {
			t.Errorf("wheelColor(%d) = %v is near white", i, c)
		}
	}
	// The picture: every bar's colour fills a bar's worth of pixels.
	path := filepath.Join(t.TempDir(), "colours.png")
	if err := WriteComparisonPNG(path, bars, math.NaN(), "fifteen policies"); err != nil {
		t.Fatal(err)
	}
	img := checkPNG(t, path)
	count := map[color.RGBA]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bb, a := img.At(x, y).RGBA()
			count[color.RGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(bb >> 8), A: uint8(a >> 8)}]++
		}
	}
	for i, c := range cols {
		if n := count[c.(color.RGBA)]; n < 500 {
			t.Errorf("bar %d (%s): %d pixels of its colour %v in the picture", i, bars[i].Name, n, c)
		}
	}
}
