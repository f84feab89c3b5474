package eval

import (
	"errors"
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
