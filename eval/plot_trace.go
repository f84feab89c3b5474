package eval

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/tablerl/tablerl/tableenv"
)

// tracePanelHeight is the height of one panel of a trace; the picture grows
// with the number of knobs so every panel stays readable.
const tracePanelHeight = 1.25 * vg.Inch

// WriteTracePNG draws a replayed episode as stacked panels sharing the step
// axis, atomically: one per knob (its value in the table's units after each
// step, as a step line), then the reward of each step and the cumulative
// return. Invalid moves — which leave the configuration as it was and pay the
// spec's penalty — are marked with red crosses in every panel.
func WriteTracePNG(path string, m *tableenv.Model, steps []ReplayStep, title string) error {
	nk := len(m.Spec.Knobs)
	if len(steps) == 0 {
		return fmt.Errorf("%w: no steps to draw", ErrPlotArg)
	}
	invalid := 0
	for _, s := range steps {
		if !s.Valid {
			invalid++
		}
		if len(s.Knobs) != nk {
			return fmt.Errorf("%w: step %d has %d knob values; the spec has %d knobs", ErrPlotArg, s.Step, len(s.Knobs), nk)
		}
	}
	var panels []*plot.Plot
	for k, kn := range m.Spec.Knobs {
		p, err := tracePanel(steps, kn.Name, func(s ReplayStep) float64 { return s.Knobs[k] }, true)
		if err != nil {
			return err
		}
		// The knob's whole range, so the panel shows the room left to move.
		lv := m.Levels[k]
		p.Y.Tick.Marker = levelTicks(lv, false, 5)
		p.Y.Min, p.Y.Max = lv[0], lv[len(lv)-1]
		if p.Y.Min == p.Y.Max {
			p.Y.Min, p.Y.Max = p.Y.Min-1, p.Y.Max+1
		}
		panels = append(panels, p)
	}
	reward, err := tracePanel(steps, "reward", func(s ReplayStep) float64 { return s.Reward }, false)
	if err != nil {
		return err
	}
	ret, err := tracePanel(steps, "return", func(s ReplayStep) float64 { return s.Return }, false)
	if err != nil {
		return err
	}
	panels = append(panels, reward, ret)
	for _, p := range panels[:len(panels)-1] {
		p.X.Tick.Marker = unlabelled{plot.DefaultTicks{}}
	}
	ret.X.Label.Text = "step"

	rows := make([][]*plot.Plot, len(panels))
	for i, p := range panels {
		rows[i] = []*plot.Plot{p}
	}
	titleStyle := plot.New().Title.TextStyle
	titleH := titleStyle.Height(title) + vg.Points(6)
	h := tracePanelHeight*vg.Length(len(panels)) + titleH
	return writePNG(path, 8*vg.Inch, h, func(dc draw.Canvas) {
		titleStyle.XAlign, titleStyle.YAlign = draw.XCenter, draw.YTop
		dc.FillText(titleStyle, vg.Point{X: dc.Center().X, Y: dc.Max.Y - vg.Points(3)}, title)
		if invalid > 0 {
			key := plot.New().Legend.TextStyle
			key.XAlign, key.YAlign = draw.XRight, draw.YCenter
			at := vg.Point{X: dc.Max.X - vg.Points(8), Y: dc.Max.Y - titleH/2}
			text := fmt.Sprintf("invalid move (%d of %d)", invalid, len(steps))
			dc.FillText(key, at, text)
			dc.DrawGlyph(invalidMark, at.Add(vg.Point{X: -key.Width(text) - vg.Points(8)}))
		}
		body := dc
		body.Max.Y -= titleH
		tiles := draw.Tiles{Rows: len(panels), Cols: 1, PadY: vg.Points(4), PadRight: vg.Points(6), PadBottom: vg.Points(2)}
		for i, cs := range plot.Align(rows, tiles, body) {
			panels[i].Draw(cs[0])
		}
	})
}

// invalidMark marks an invalid move; its key sits beside the title, once for
// all panels, rather than in a legend over each panel's data.
var invalidMark = draw.GlyphStyle{Color: plotRed, Radius: vg.Points(3.5), Shape: draw.CrossGlyph{}}

// tracePanel plots y over the steps, as a step line when the value is a
// setting that holds until the next step, and marks the invalid steps.
func tracePanel(steps []ReplayStep, name string, y func(ReplayStep) float64, setting bool) (*plot.Plot, error) {
	p := plot.New()
	p.Y.Label.Text = name
	p.X.Min, p.X.Max = float64(steps[0].Step)-0.5, float64(steps[len(steps)-1].Step)+0.5
	xys := make(plotter.XYs, len(steps))
	var bad plotter.XYs
	for i, s := range steps {
		xys[i] = plotter.XY{X: float64(s.Step), Y: y(s)}
		if !s.Valid {
			bad = append(bad, xys[i])
		}
	}
	line, err := plotter.NewLine(xys)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrPlotArg, name, err)
	}
	line.Color, line.Width = plotBlue, vg.Points(1.5)
	if setting {
		line.StepStyle = plotter.PostStep
	}
	grid := plotter.NewGrid()
	p.Add(grid, line)
	if name == "reward" {
		line.Color, line.Width = plotOrange, vg.Points(1)
		dots, err := plotter.NewScatter(xys)
		if err != nil {
			return nil, err
		}
		dots.GlyphStyle = draw.GlyphStyle{Color: plotOrange, Radius: vg.Points(1.5), Shape: draw.CircleGlyph{}}
		p.Add(dots)
	}
	if len(bad) > 0 {
		marks, err := plotter.NewScatter(bad)
		if err != nil {
			return nil, err
		}
		marks.GlyphStyle = invalidMark
		p.Add(marks)
	}
	// A constant series still needs a visible band.
	if p.Y.Min == p.Y.Max {
		p.Y.Min, p.Y.Max = p.Y.Min-1, p.Y.Max+1
	}
	return p, nil
}

// unlabelled keeps a ticker's marks but drops their labels: the panels above
// the last share its step axis, labelled once at the bottom.
type unlabelled struct{ plot.Ticker }

func (u unlabelled) Ticks(lo, hi float64) []plot.Tick {
	ts := u.Ticker.Ticks(lo, hi)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = " " // a blank, not "": "" would make it a minor tick
		}
	}
	return ts
}
