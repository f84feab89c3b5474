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
func WriteCurvePNG(path string, curve []CurvePoint, optimal float64, title string) error {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "environment steps"
	p.Y.Label.Text = "episode return"
	greedy, behaviour := make(plotter.XYs, len(curve)), make(plotter.XYs, len(curve))
	for i, c := range curve {
		greedy[i] = plotter.XY{X: float64(c.Step), Y: c.GreedyReturn}
		behaviour[i] = plotter.XY{X: float64(c.Step), Y: c.MeanReturn}
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
	opt := plotter.NewFunction(func(float64) float64 { return optimal })
	opt.Color = color.RGBA{R: 44, G: 160, B: 44, A: 255}
	opt.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(plotter.NewGrid(), lb, lg, opt)
	// A function does not widen the axes: make room for the optimum's line.
	p.Y.Max = math.Max(p.Y.Max, optimal+0.05*math.Abs(optimal)+0.1)
	p.Legend.Add("greedy policy (exact)", lg)
	p.Legend.Add("training episodes", lb)
	p.Legend.Add(fmt.Sprintf("optimum %.4g", optimal), opt)
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
