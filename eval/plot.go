package eval

import (
	"bufio"
	"image/color"
	"strconv"

	"github.com/tablerl/tablerl/internal/atomicfile"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// levelTicks marks each of a knob's levels with its table value, placed at
// the level's index (byIndex, for equal cells) or at the value itself. At
// most maxLabels are labelled, evenly, lest the labels overlap.
func levelTicks(levels []float64, byIndex bool, maxLabels int) plot.Ticker {
	every := (len(levels) + maxLabels - 1) / maxLabels
	ts := make(plot.ConstantTicks, len(levels))
	for i, v := range levels {
		ts[i].Value = v
		if byIndex {
			ts[i].Value = float64(i)
		}
		if i%every == 0 {
			ts[i].Label = strconv.FormatFloat(v, 'g', 6, 64)
		}
	}
	return ts
}

// The plot files' colours: train's learning curve's (matplotlib's tab10), so
// every picture tablerl draws speaks one language.
var (
	plotBlue   = color.RGBA{R: 31, G: 119, B: 180, A: 255}
	plotOrange = color.RGBA{R: 255, G: 127, B: 14, A: 255}
	plotGreen  = color.RGBA{R: 44, G: 160, B: 44, A: 255}
	plotRed    = color.RGBA{R: 214, G: 39, B: 40, A: 255}
	plotGrey   = color.RGBA{R: 127, G: 127, B: 127, A: 255}
	// The rest of tab10, less grey and green, which mark the references.
	plotPurple = color.RGBA{R: 148, G: 103, B: 189, A: 255}
	plotBrown  = color.RGBA{R: 140, G: 86, B: 75, A: 255}
	plotPink   = color.RGBA{R: 227, G: 119, B: 194, A: 255}
	plotOlive  = color.RGBA{R: 188, G: 189, B: 34, A: 255}
	plotCyan   = color.RGBA{R: 23, G: 190, B: 207, A: 255}
)

// writePNG renders a w × h picture through paint and writes it to path as a
// PNG, atomically: a failed write leaves no half-written file behind.
func writePNG(path string, w, h vg.Length, paint func(dc draw.Canvas)) error {
	c := vgimg.New(w, h)
	paint(draw.New(c))
	return atomicfile.Write(path, func(bw *bufio.Writer) error {
		_, err := vgimg.PngCanvas{Canvas: c}.WriteTo(bw)
		return err
	})
}
