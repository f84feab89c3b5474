package eval

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/brewer"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// WriteHeatmapPNG draws g as a heat map, atomically: one cell per pair of
// levels, annotated with its value, grey where nothing was recorded, with a
// colour bar. Levels are rarely evenly spaced, so the cells are equal and the
// ticks carry the table's values. An empty title describes the aggregation.
func WriteHeatmapPNG(path string, g *RewardGrid, title string) error {
	if err := g.check(); err != nil {
		return err
	}
	lo, hi := g.zRange()
	pal := rewardPalette(256)
	h := plotter.NewHeatMap(gridXYZ{g}, pal)
	h.Min, h.Max = lo, hi
	h.NaN = noDataColor
	labels, err := g.cellLabels(pal, lo, hi)
	if err != nil {
		return err
	}
	p := plot.New()
	if title == "" {
		title = g.defaultTitle()
	}
	p.Title.Text = title
	p.X.Label.Text, p.Y.Label.Text = g.XName, g.YName
	p.X.Tick.Marker, p.Y.Tick.Marker = levelTicks(g.X, true, 12), levelTicks(g.Y, true, 12)
	p.X.Padding, p.Y.Padding = 0, 0
	p.Add(h, labels)

	bar := colorBar(pal, lo, hi, "mean reward")
	note := g.hasNaN()
	return writePNG(path, 8*vg.Inch, 4.5*vg.Inch, func(dc draw.Canvas) {
		// The bar takes a strip at the right, level with the map's cells, as
		// wide as its own axis needs (its tick labels are wide for values
		// like 12.50) plus the bar itself: a fixed strip left no room for the
		// bar when the labels grew.
		left, right := dc, dc
		right.Max.X = dc.Max.X - 0.35*vg.Inch
		right.Min.X = right.Max.X - colorBarAxisWidth(bar, dc) - colorBarWidth
		left.Max.X = right.Min.X - 0.1*vg.Inch
		p.Draw(left)
		cells := p.DataCanvas(left)
		// Fit the bar's own data area, not its axes, to the cells.
		inner := bar.DataCanvas(right)
		right.Min.Y -= inner.Min.Y - cells.Min.Y
		right.Max.Y += cells.Max.Y - inner.Max.Y
		bar.Draw(right)
		if note {
			sty := p.X.Tick.Label
			sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
			c := vg.Point{X: (right.Min.X + dc.Max.X) / 2, Y: cells.Min.Y - vg.Points(8)}
			dc.FillText(sty, c, "grey: not")
			dc.FillText(sty, c.Add(vg.Point{Y: -sty.Height("x")}), "recorded")
		}
	})
}

func (g *RewardGrid) check() error {
	if g == nil || len(g.X) == 0 || len(g.Y) == 0 || len(g.Z) != len(g.Y) {
		return fmt.Errorf("%w: an empty or ragged reward grid", ErrPlotArg)
	}
	for _, row := range g.Z {
		if len(row) != len(g.X) {
			return fmt.Errorf("%w: an empty or ragged reward grid", ErrPlotArg)
		}
	}
	return nil
}

func (g *RewardGrid) defaultTitle() string {
	if len(g.Over) == 0 {
		return fmt.Sprintf("mean reward by %s and %s", g.XName, g.YName)
	}
	how := "best over"
	if g.Agg == "mean" {
		how = "mean over"
	}
	return fmt.Sprintf("mean reward by %s and %s (%s %s)", g.XName, g.YName, how, strings.Join(g.Over, ", "))
}

// zRange is the colour scale's range; a constant or empty grid gets a unit
// range, since a zero-width one paints every cell as missing.
func (g *RewardGrid) zRange() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, row := range g.Z {
		for _, v := range row {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	switch {
	case lo > hi:
		return 0, 1
	case lo == hi:
		return lo - 0.5, hi + 0.5
	}
	return lo, hi
}

func (g *RewardGrid) hasNaN() bool {
	for _, row := range g.Z {
		for _, v := range row {
			if math.IsNaN(v) {
				return true
			}
		}
	}
	return false
}

// cellLabels writes each recorded cell's value in it, dark on light colours
// and white on dark ones so that every label reads, while the cells are big
// enough to hold one.
func (g *RewardGrid) cellLabels(pal palette.Palette, lo, hi float64) (*plotter.Labels, error) {
	var xys plotter.XYLabels
	var styles []text.Style
	if len(g.X) > 20 || len(g.Y) > 24 {
		// Cells too small for numbers: the colours alone must speak.
		return plotter.NewLabels(xys)
	}
	cols := pal.Colors()
	// Enough decimals to tell cells apart across the range, and no more.
	digits := max(0, min(4, 1-int(math.Floor(math.Log10(hi-lo)))))
	size := vg.Points(9)
	if len(g.X) > 12 || len(g.Y) > 16 {
		size = vg.Points(6) // many cells: smaller numbers still fit
	}
	for j, row := range g.Z {
		for i, v := range row {
			if math.IsNaN(v) {
				continue
			}
			xys.XYs = append(xys.XYs, plotter.XY{X: float64(i), Y: float64(j)})
			xys.Labels = append(xys.Labels, cellText(v, digits))
			sty := text.Style{Font: plot.DefaultFont, Handler: plot.DefaultTextHandler,
				XAlign: draw.XCenter, YAlign: draw.YCenter, Color: color.Black}
			sty.Font.Size = size
			c := cols[int(math.Round((max(lo, min(hi, v))-lo)/(hi-lo)*float64(len(cols)-1)))]
			if relLuminance(c) < 0.45 {
				sty.Color = color.White
			}
			styles = append(styles, sty)
		}
	}
	l, err := plotter.NewLabels(xys)
	if err != nil {
		return nil, err
	}
	l.TextStyle = styles
	return l, nil
}

// cellText formats v with digits decimals, without a minus on a rounded zero.
func cellText(v float64, digits int) string {
	t := strconv.FormatFloat(v, 'f', digits, 64)
	if strings.Trim(t, "-0.") == "" {
		return strings.TrimPrefix(t, "-")
	}
	return t
}

// gridXYZ shows a RewardGrid to plotter.HeatMap with cells at level indexes.
type gridXYZ struct{ g *RewardGrid }

func (a gridXYZ) Dims() (c, r int)   { return len(a.g.X), len(a.g.Y) }
func (a gridXYZ) Z(c, r int) float64 { return a.g.Z[r][c] }
func (a gridXYZ) X(c int) float64    { return float64(c) }
func (a gridXYZ) Y(r int) float64    { return float64(r) }

// colorBar is a one-column heat map of the palette from lo to hi, labelled on
// its right, as the heat map's legend (plotter.ColorBar wants a ColorMap; the
// palette here is a ColorBrewer one).
func colorBar(pal palette.Palette, lo, hi float64, label string) *plot.Plot {
	const n = 128
	bar := make(barGrid, n)
	for i := range bar {
		bar[i] = lo + (float64(i)+0.5)*(hi-lo)/n
	}
	h := plotter.NewHeatMap(bar, pal)
	h.Min, h.Max = lo, hi
	h.Rasterized = true // no seams between the strips
	p := plot.New()
	p.Add(h)
	p.HideX()
	p.Y.Label.Text = label
	p.Y.Padding = 0
	p.Y.Min, p.Y.Max = lo, hi
	return p
}

// colorBarWidth is the colour bar's own width, beside its axis.
const colorBarWidth = 0.3 * vg.Inch

// colorBarAxisWidth is the width bar's axis takes from a canvas as tall as
// dc: its tick marks, their labels and its label.
func colorBarAxisWidth(bar *plot.Plot, dc draw.Canvas) vg.Length {
	trial := dc
	trial.Min.X = dc.Max.X - 4*vg.Inch // wider than any axis
	inner := bar.DataCanvas(trial)
	return (inner.Min.X - trial.Min.X) + (trial.Max.X - inner.Max.X)
}

// barGrid is the colour bar's column: value i at height i.
type barGrid []float64

func (b barGrid) Dims() (c, r int)   { return 1, len(b) }
func (b barGrid) Z(c, r int) float64 { return b[r] }
func (b barGrid) X(c int) float64    { return 0 }
func (b barGrid) Y(r int) float64    { return b[r] }

// rewardPalette runs from red (low reward) through pale yellow to blue (high
// reward): ColorBrewer's RdYlBu, which stays legible to the colour-blind,
// interpolated to n colours.
func rewardPalette(n int) palette.Palette {
	stops := brewer.RdYlBu[11].Colors()
	out := make(listPalette, n)
	for i := range out {
		f := float64(i) / float64(n-1) * float64(len(stops)-1)
		k := min(int(f), len(stops)-2)
		out[i] = mixColor(stops[k], stops[k+1], f-float64(k))
	}
	return out
}

type listPalette []color.Color

func (p listPalette) Colors() []color.Color { return p }

// noDataColor fills unrecorded cells: a neutral grey outside the palette.
var noDataColor = color.RGBA{R: 190, G: 190, B: 190, A: 255}

func mixColor(a, b color.Color, f float64) color.Color {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	m := func(x, y uint32) uint8 { return uint8((float64(x)*(1-f) + float64(y)*f) / 257) }
	return color.RGBA{R: m(ar, br), G: m(ag, bg), B: m(ab, bb), A: 255}
}

// relLuminance is c's relative luminance in [0, 1] (Rec. 709 weights).
func relLuminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
}
