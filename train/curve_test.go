package train

import (
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot/plotter"
)

func curveXYs(ys ...float64) plotter.XYs {
	xys := make(plotter.XYs, len(ys))
	for i, y := range ys {
		xys[i] = plotter.XY{X: float64(1000 * (i + 1)), Y: y}
	}
	return xys
}

// TestCurveYRange: an outlying first point is clipped; a curve that rises
// steadily from low returns, or whose first point is only somewhat low,
// keeps its whole range.
func TestCurveYRange(t *testing.T) {
	for _, c := range []struct {
		name             string
		greedy, behave   []float64
		optimal          float64
		clipped          bool
		minLo, maxLo, hi float64 // lo within [minLo, maxLo]; hi at least
	}{
		{"outlying first", []float64{-250, -8, -2, 5, 9}, []float64{-240, -9, -5, 0, 3}, 12, true, -11, -9, 12},
		{"outlying first behaviour", []float64{-5, -4, 3, 9}, []float64{-500, -9, -5, 0}, 12, true, -11, -9, 12},
		{"steady rise", []float64{-50, -40, -30, -20, -10, 0}, []float64{-55, -45, -35, -25, -15, -5}, 5, false, -60, -55, 5},
		{"somewhat low first", []float64{-15, -8, -2, 5}, []float64{-14, -9, -5, 0}, 6, false, -17, -15, 6},
		{"two points", []float64{-1000, 5}, []float64{-1000, 4}, 6, false, -1100, -1000, 6},
		{"flat", []float64{3, 3, 3}, []float64{3, 3, 3}, math.NaN(), false, 2, 3, 3.1},
	} {
		r := curveYRange(curveXYs(c.greedy...), curveXYs(c.behave...), c.optimal)
		if r.clipped != c.clipped || r.lo < c.minLo || r.lo > c.maxLo || r.hi < c.hi || r.hi <= r.lo {
			t.Errorf("%s: range %+v; want clipped %v, lo in [%g, %g], hi ≥ %g", c.name, r, c.clipped, c.minLo, c.maxLo, c.hi)
		}
		if c.clipped && r.first != math.Min(c.greedy[0], c.behave[0]) {
			t.Errorf("%s: first %g", c.name, r.first)
		}
	}
}

// TestCurvePNGNotFlattened: in curve.png, a very low first point leaves the
// learning that follows it the height of the plot, not a line along its top.
func TestCurvePNGNotFlattened(t *testing.T) {
	var curve []CurvePoint
	for i, g := range []float64{-1000, -10, -6, -3, 0, 2, 4, 6, 7, 8, 8.5, 9} {
		curve = append(curve, CurvePoint{Step: 10000 * (i + 1), GreedyReturn: g, MeanReturn: g - 2})
	}
	path := filepath.Join(t.TempDir(), "curve.png")
	if err := WriteCurvePNG(path, curve, 10, "a first point far below"); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	// The greedy line is tab10 blue: its rows in the right half of the
	// picture, where only the points after the first are.
	b := img.Bounds()
	top, bottom := b.Max.Y, b.Min.Y
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X + b.Dx()/2; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r>>8 < 80 && g>>8 > 90 && g>>8 < 150 && bl>>8 > 150 {
				top, bottom = min(top, y), max(bottom, y)
			}
		}
	}
	if bottom-top < b.Dy()/5 {
		t.Errorf("the greedy line's right half spans pixel rows %d to %d of %d: flattened", top, bottom, b.Dy())
	}
	if os.Getenv("TABLERL_KEEP_PLOTS") != "" {
		data, _ := os.ReadFile(path)
		os.WriteFile(filepath.Join(os.TempDir(), "curve_first_low.png"), data, 0o644)
	}
}
