package train

import (
	"bytes"
	"fmt"
	"image/color"
	"math"

	"github.com/gocarina/gocsv"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// WriteCurveCSV writes the learning curve as CSV (step, mean episode return,
// greedy return, percent of optimum, loss), atomically.
func WriteCurveCSV(path string, curve []CurvePoint) error {
	b, err := gocsv.MarshalBytes(&curve)
	if err != nil {
		return err
	}
	return WriteFileAtomic(path, b)
}

// WriteCurvePNG plots the greedy policy's exact return and the training
// episodes' mean return against steps, with the optimum as a line, atomically.
// Points whose returns are not finite are left out, and so is an optimum
// that is not: gonum/plot's tick search does not end on a NaN axis.
func WriteCurvePNG(path string, curve []CurvePoint, optimal float64, title string) error {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "environment steps"
	p.Y.Label.Text = "episode return"
	var greedy, behaviour plotter.XYs
	for _, c := range curve {
		if finite(c.GreedyReturn) && finite(c.MeanReturn) {
			greedy = append(greedy, plotter.XY{X: float64(c.Step), Y: c.GreedyReturn})
			behaviour = append(behaviour, plotter.XY{X: float64(c.Step), Y: c.MeanReturn})
		}
	}
	if len(greedy) == 0 {
		return fmt.Errorf("train: %s: the curve has no point with finite returns to plot", path)
	}
	lg, err := plotter.NewLine(greedy)
	if err != nil {
		return err
	}
	lg.Color = color.RGBA{R: 31, G: 119, B: 180, A: 255}
	lg.Width = vg.Points(2)
	lb, err := plotter.NewLine(behaviour)
	if err != nil {
		return err
	}
	lb.Color = color.RGBA{R: 255, G: 127, B: 14, A: 255}
	p.Add(plotter.NewGrid(), lb, lg)
	p.Legend.Add("greedy policy (exact)", lg)
	p.Legend.Add("training episodes", lb)
	if finite(optimal) {
		opt := plotter.NewFunction(func(float64) float64 { return optimal })
		opt.Color = color.RGBA{R: 44, G: 160, B: 44, A: 255}
		opt.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(opt)
		p.Legend.Add(fmt.Sprintf("optimum %.4g", optimal), opt)
	}
	r := curveYRange(greedy, behaviour, optimal)
	p.Y.Min, p.Y.Max = r.lo, r.hi
	if r.clipped {
		// The lines run off the floor toward the first point; a mark on the
		// floor under it says how far.
		mark, err := plotter.NewScatter(plotter.XYs{{X: greedy[0].X, Y: r.lo}})
		if err != nil {
			return err
		}
		mark.GlyphStyle = draw.GlyphStyle{Color: color.RGBA{R: 214, G: 39, B: 40, A: 255}, Radius: vg.Points(4), Shape: draw.PyramidGlyph{}}
		p.Add(mark)
		p.Legend.Add(fmt.Sprintf("first point, below the axis: %.4g", r.first), mark)
	}
	p.Legend.Top, p.Legend.Left = false, false // bottom right: the curve rises toward the top
	w, err := p.WriterTo(8*vg.Inch, 4.5*vg.Inch, "png")
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		return err
	}
	return WriteFileAtomic(path, buf.Bytes())
}

// curveRange is the y axis of a learning curve's plot.
type curveRange struct {
	lo, hi  float64
	clipped bool    // the first point lies below lo
	first   float64 // its lower return, when clipped
}

// curveYRange spans the curve's returns and the optimum (a function, which
// does not widen the axes itself), with a margin. The first evaluation comes
// before any learning and can lie far below all the rest (an untrained
// policy stuck on invalid moves): when it lies further below the others than
// they span themselves, it would squash the whole learning into a line along
// the top. Then the axis starts just below the others and the first point is
// clipped, marked on the floor with its value. Only the first point is
// treated so: a curve that rises steadily from low returns is what learning
// looks like and keeps its whole range.
func curveYRange(greedy, behaviour plotter.XYs, optimal float64) curveRange {
	span := func(from int) (lo, hi float64) {
		lo, hi = math.Inf(1), math.Inf(-1)
		if finite(optimal) {
			lo, hi = optimal, optimal
		}
		for _, xys := range []plotter.XYs{greedy, behaviour} {
			for _, xy := range xys[from:] {
				lo, hi = math.Min(lo, xy.Y), math.Max(hi, xy.Y)
			}
		}
		return lo, hi
	}
	lo, hi := span(0)
	var r curveRange
	if len(greedy) >= 3 {
		restLo, restHi := span(1)
		first := math.Min(greedy[0].Y, behaviour[0].Y)
		if w := restHi - restLo; w > 0 && first < restLo-w {
			lo, r.clipped, r.first = restLo, true, first
		}
	}
	pad := 0.05 * (hi - lo)
	if pad == 0 { // a flat curve: give the axis a height
		pad = 0.5
	}
	r.lo, r.hi = lo-pad, hi+pad
	return r
}

// finite reports a number that is neither NaN nor ±Inf.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
