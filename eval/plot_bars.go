package eval

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Bar is one policy's mean return and its 95% confidence half-width.
type Bar struct {
	Name       string
	Mean, CI95 float64
}

// WriteComparisonPNG draws one bar per policy, from zero to its mean return,
// with its 95% confidence interval and value, and the optimum as a dashed
// line (none when optimal is NaN), atomically. Returns are often negative (a
// random policy loses), so bars grow down from zero as readily as up.
func WriteComparisonPNG(path string, bars []Bar, optimal float64, title string) error {
	if len(bars) == 0 {
		return fmt.Errorf("%w: no policies to compare", ErrPlotArg)
	}
	for _, b := range bars {
		if !finite(b.Mean) || !finite(b.CI95) || b.CI95 < 0 {
			return fmt.Errorf("%w: policy %q: mean %v ± %v is not a finite return and interval", ErrPlotArg, b.Name, b.Mean, b.CI95)
		}
	}
	if math.IsInf(optimal, 0) {
		return fmt.Errorf("%w: an infinite optimum", ErrPlotArg)
	}
	p := plot.New()
	p.Title.Text = title
	p.Y.Label.Text = "mean episode return (95% CI)"
	p.X.Min, p.X.Max = -0.5, float64(len(bars))-0.5
	p.X.Tick.Marker = nameTicks(bars)
	if longestName(bars) > 80/len(bars) {
		// Long names would run into each other: slant them.
		p.X.Tick.Label.Rotation = math.Pi / 8
		p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XRight, draw.YCenter
	}
	grid := plotter.NewGrid()
	grid.Vertical.Color = nil // the bars are categories, not positions
	p.Add(grid)
	zero := plotter.NewFunction(func(float64) float64 { return 0 })
	zero.Color = color.Black
	p.Add(zero)

	width := min(1.2*vg.Inch, 6.5*vg.Inch/vg.Length(len(bars))*0.6)
	ends := make(meanCIs, len(bars))
	colors := barColors(bars)
	for i, b := range bars {
		bc, err := plotter.NewBarChart(plotter.Values{b.Mean}, width)
		if err != nil {
			return err
		}
		bc.XMin = float64(i)
		bc.Color = colors[i]
		bc.LineStyle.Width = 0
		p.Add(bc)
		ends[i] = b
	}
	eb, err := plotter.NewYErrorBars(ends)
	if err != nil {
		return err
	}
	eb.LineStyle.Width = vg.Points(1.2)
	eb.CapWidth = width / 4
	up, down, err := ends.labels()
	if err != nil {
		return err
	}
	p.Add(eb, up, down)
	lo, hi := ends.span()
	if !math.IsNaN(optimal) {
		opt := plotter.NewFunction(func(float64) float64 { return optimal })
		opt.Color = plotGreen
		opt.Width = vg.Points(1.5)
		opt.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
		p.Add(opt)
		p.Legend.Add(fmt.Sprintf("optimum %.4g", optimal), opt)
		p.Legend.Top, p.Legend.Left = true, false
		lo, hi = math.Min(lo, optimal), math.Max(hi, optimal)
	}
	// Functions do not widen the axes; leave room above and below for the
	// optimum and the value labels.
	pad := 0.12 * (hi - lo)
	if pad == 0 {
		pad = 1
	}
	p.Y.Min, p.Y.Max = math.Min(0, lo-pad), math.Max(0, hi+pad)
	return writePNG(path, 8*vg.Inch, 4.5*vg.Inch, p.Draw)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// meanCIs serves the bars' interval ends to plotter.YErrorBars.
type meanCIs []Bar

func (b meanCIs) Len() int                      { return len(b) }
func (b meanCIs) XY(i int) (x, y float64)       { return float64(i), b[i].Mean }
func (b meanCIs) YError(i int) (lo, hi float64) { return b[i].CI95, b[i].CI95 }

// span is the range the bars and their intervals cover, zero included.
func (b meanCIs) span() (lo, hi float64) {
	for _, x := range b {
		lo, hi = math.Min(lo, x.Mean-x.CI95), math.Max(hi, x.Mean+x.CI95)
	}
	return lo, hi
}

// labels writes "mean ± ci" a little beyond each interval's far end: above
// a positive bar, below a negative one (two plotters, as the gap's sign differs).
func (b meanCIs) labels() (up, down *plotter.Labels, err error) {
	make1 := func(neg bool) (*plotter.Labels, error) {
		var xys plotter.XYLabels
		var styles []text.Style
		for i, x := range b {
			if (x.Mean < 0) != neg {
				continue
			}
			sty := text.Style{Font: plot.DefaultFont, Handler: plot.DefaultTextHandler,
				XAlign: draw.XCenter, YAlign: draw.YBottom, Color: color.Black}
			sty.Font.Size = vg.Points(9)
			y := x.Mean + x.CI95
			if neg {
				y, sty.YAlign = x.Mean-x.CI95, draw.YTop
			}
			xys.XYs = append(xys.XYs, plotter.XY{X: float64(i), Y: y})
			xys.Labels = append(xys.Labels, fmt.Sprintf("%.4g ± %.2g", x.Mean, x.CI95))
			styles = append(styles, sty)
		}
		l, err := plotter.NewLabels(xys)
		if err != nil {
			return nil, err
		}
		l.TextStyle = styles
		l.Offset = vg.Point{Y: vg.Points(3)}
		if neg {
			l.Offset.Y = -l.Offset.Y
		}
		return l, nil
	}
	if up, err = make1(false); err != nil {
		return nil, nil, err
	}
	down, err = make1(true)
	return up, down, err
}

func nameTicks(bars []Bar) plot.ConstantTicks {
	ts := make(plot.ConstantTicks, len(bars))
	for i, b := range bars {
		ts[i] = plot.Tick{Value: float64(i), Label: b.Name}
	}
	return ts
}

func longestName(bars []Bar) int {
	n := 0
	for _, b := range bars {
		n = max(n, len(b.Name))
	}
	return n
}

// barColors gives every bar its own colour, keeping the two references
// recognisable in every comparison: random grey, optimal green. The others
// take tab10's remaining colours in order, then hues around the wheel that
// none has taken yet, so that no two policies ever share a colour (a second
// bar named random or optimal is another policy too, and takes the next).
func barColors(bars []Bar) []color.Color {
	out := make([]color.Color, len(bars))
	used := map[color.RGBA]bool{}
	next := 0
	palette := []color.RGBA{plotBlue, plotOrange, plotRed, plotPurple, plotBrown, plotPink, plotOlive, plotCyan}
	for i, b := range bars {
		var c color.RGBA
		switch {
		case b.Name == "random" && !used[plotGrey]:
			c = plotGrey
		case b.Name == "optimal" && !used[plotGreen]:
			c = plotGreen
		default:
			for {
				if next < len(palette) {
					c = palette[next]
				} else {
					c = wheelColor(next - len(palette))
				}
				next++
				if !used[c] && (next <= len(palette) || farFrom(c, used) || next > 64*len(bars)) {
					break
				}
			}
		}
		used[c] = true
		out[i] = c
	}
	return out
}

// farFrom reports that c is not within sight of a colour in used: its RGB
// distance from each is at least 80 (of 441).
func farFrom(c color.RGBA, used map[color.RGBA]bool) bool {
	for u := range used {
		dr, dg, db := float64(c.R)-float64(u.R), float64(c.G)-float64(u.G), float64(c.B)-float64(u.B)
		if dr*dr+dg*dg+db*db < 80*80 {
			return false
		}
	}
	return true
}

// wheelColor is the i-th of a sequence of distinct mid-tone colours: hues a
// golden angle apart, so that neighbours differ, at alternating lightness
// once the hues crowd.
func wheelColor(i int) color.RGBA {
	h := math.Mod(float64(i)*137.508+15, 360) / 60
	l := []float64{0.45, 0.62, 0.32}[(i/12)%3]
	c := (1 - math.Abs(2*l-1)) * 0.7
	x := c * (1 - math.Abs(math.Mod(h, 2)-1))
	var r, g, b float64
	switch int(h) {
	case 0:
		r, g = c, x
	case 1:
		r, g = x, c
	case 2:
		g, b = c, x
	case 3:
		g, b = x, c
	case 4:
		r, b = x, c
	default:
		r, b = c, x
	}
	m := l - c/2
	to := func(v float64) uint8 { return uint8(math.Round(255 * (v + m))) }
	return color.RGBA{R: to(r), G: to(g), B: to(b), A: 255}
}
