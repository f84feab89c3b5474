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
		// A function does not widen the axes: make room for the optimum's line.
		p.Y.Max = math.Max(p.Y.Max, optimal+0.05*math.Abs(optimal)+0.1)
		p.Legend.Add(fmt.Sprintf("optimum %.4g", optimal), opt)
	}
	if p.Y.Max <= p.Y.Min { // a flat curve: give the axis a height
		p.Y.Min, p.Y.Max = p.Y.Min-0.5, p.Y.Max+0.5
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

// finite reports a number that is neither NaN nor ±Inf.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
