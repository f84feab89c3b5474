package eval

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// EstimatePoints are one off-policy estimator's estimates of policies'
// values beside their exact values, for WriteEstimatesPNG.
type EstimatePoints struct {
	Estimator       string
	Exact, Estimate []float64
}

// WriteEstimatesPNG draws each estimator's estimates against the exact
// values, with the diagonal where an estimate is right. The axes span the
// exact values with a margin; an estimate beyond them (importance sampling
// over long horizons reaches 10³⁰) is drawn at the edge, so that the
// others stay readable.
func WriteEstimatesPNG(path string, series []EstimatePoints, title string) error {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range series {
		for _, v := range s.Exact {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if !(hi >= lo) {
		lo, hi = -1, 1
	}
	pad := math.Max((hi-lo)*0.25, 1e-6)
	lo, hi = lo-pad, hi+pad
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "exact value"
	p.Y.Label.Text = "estimate (clipped to the axes)"
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = lo, hi, lo, hi
	diag, err := plotter.NewLine(plotter.XYs{{X: lo, Y: lo}, {X: hi, Y: hi}})
	if err != nil {
		return err
	}
	diag.Color = color.Gray{Y: 160}
	diag.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(diag)
	palette := []color.RGBA{plotBlue, plotOrange, plotRed, plotPurple, plotBrown, plotPink, plotOlive, plotCyan, plotGreen, plotGrey}
	for i, s := range series {
		var xy plotter.XYs
		for j, x := range s.Exact {
			y := s.Estimate[j]
			if math.IsNaN(y) {
				continue
			}
			xy = append(xy, plotter.XY{X: x, Y: math.Min(math.Max(y, lo), hi)})
		}
		if len(xy) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(xy)
		if err != nil {
			return err
		}
		sc.Color = palette[i%len(palette)]
		sc.Shape = draw.GlyphDrawer([]draw.GlyphDrawer{draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.CrossGlyph{}, draw.PlusGlyph{}, draw.RingGlyph{}, draw.BoxGlyph{}}[i%7])
		sc.Radius = vg.Points(3.5)
		p.Add(sc)
		p.Legend.Add(s.Estimator, sc)
	}
	p.Legend.Top, p.Legend.Left = true, true
	return writePNG(path, 6*vg.Inch, 6*vg.Inch, p.Draw)
}
