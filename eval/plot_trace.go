package eval

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
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
	// Under a dynamic spec: the load, and each knob as requested (the
	// panels above show it in effect).
	for i, name := range DynamicNames(m) {
		p, err := tracePanel(steps, name, func(s ReplayStep) float64 { return s.Dynamic[i] }, name != "load")
		if err != nil {
			return err
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
	key := ""
	if invalid > 0 {
		key = fmt.Sprintf("invalid move (%d of %d)", invalid, len(steps))
	}
	const width = 8 * vg.Inch
	hd := newTraceHeader(title, key, width)
	h := tracePanelHeight*vg.Length(len(panels)) + hd.height
	return writePNG(path, width, h, func(dc draw.Canvas) {
		hd.draw(dc)
		body := dc
		body.Max.Y -= hd.height
		tiles := draw.Tiles{Rows: len(panels), Cols: 1, PadY: vg.Points(4), PadRight: vg.Points(6), PadBottom: vg.Points(2)}
		for i, cs := range plot.Align(rows, tiles, body) {
			panels[i].Draw(cs[0])
		}
	})
}

// traceHeader lays out a trace's title, centred at the top, and the key of
// the invalid-move mark, right-aligned: on the title's line when the two
// leave a gap between them, else on a line of its own below, so that a long
// title never runs over the key.
type traceHeader struct {
	title, key           string
	titleStyle, keyStyle text.Style
	// titleBox and keyBox are the two texts' extents (the key's glyph
	// included), from the picture's top left corner, y downward.
	titleBox, keyBox vg.Rectangle
	height           vg.Length
}

const traceMargin = 8 // points: the header's gaps and margins

func newTraceHeader(title, key string, width vg.Length) *traceHeader {
	h := &traceHeader{title: title, key: key, titleStyle: plot.New().Title.TextStyle, keyStyle: plot.New().Legend.TextStyle}
	pad := vg.Points(3)
	if fit := width - 2*vg.Points(traceMargin); h.titleStyle.Width(title) > fit {
		// A long title (a policy file's path) shrinks to fit the width, down to
		// a size still legible.
		h.titleStyle.Font.Size = max(vg.Points(8), h.titleStyle.Font.Size*fit/h.titleStyle.Width(title))
	}
	tw, th := h.titleStyle.Width(title), h.titleStyle.Height(title)
	h.titleBox = vg.Rectangle{Min: vg.Point{X: (width - tw) / 2, Y: pad}, Max: vg.Point{X: (width + tw) / 2, Y: pad + th}}
	h.height = th + 2*pad
	if key == "" {
		return h
	}
	kw := h.keyStyle.Width(key) + 2*invalidMark.Radius + vg.Points(traceMargin)
	kh := max(h.keyStyle.Height(key), 2*invalidMark.Radius)
	right := width - vg.Points(traceMargin)
	h.keyBox = vg.Rectangle{Min: vg.Point{X: right - kw, Y: pad + (th-kh)/2}, Max: vg.Point{X: right, Y: pad + (th+kh)/2}}
	if h.keyBox.Min.X < h.titleBox.Max.X+vg.Points(traceMargin) {
		// No room beside the title: a line of its own.
		top := h.titleBox.Max.Y + pad
		h.keyBox.Min.Y, h.keyBox.Max.Y = top, top+kh
		h.height = h.keyBox.Max.Y + pad
	}
	return h
}

// draw writes the header at the top of dc.
func (h *traceHeader) draw(dc draw.Canvas) {
	at := func(x, y vg.Length) vg.Point { return vg.Point{X: dc.Min.X + x, Y: dc.Max.Y - y} }
	ts := h.titleStyle
	ts.XAlign, ts.YAlign = draw.XCenter, draw.YTop
	dc.FillText(ts, at((h.titleBox.Min.X+h.titleBox.Max.X)/2, h.titleBox.Min.Y), h.title)
	if h.key == "" {
		return
	}
	ks := h.keyStyle
	ks.XAlign, ks.YAlign = draw.XRight, draw.YCenter
	mid := (h.keyBox.Min.Y + h.keyBox.Max.Y) / 2
	dc.FillText(ks, at(h.keyBox.Max.X, mid), h.key)
	dc.DrawGlyph(invalidMark, at(h.keyBox.Min.X+invalidMark.Radius, mid))
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
