package eval

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/gocarina/gocsv"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/dataset/limits"
	"github.com/tablerl/tablerl/train"
)

// ErrCurve marks a learning-curve file that cannot be re-plotted.
var ErrCurve = errors.New("bad learning curve")

// ReadCurveCSV reads a learning curve written by train (curve.csv), so that
// it can be re-plotted with train.WriteCurvePNG. Errors name the file.
func ReadCurveCSV(path string) ([]train.CurvePoint, error) {
	b, err := limits.ReadFile(path, "file_bytes", limits.Current().FileBytes)
	if errors.Is(err, limits.ErrExceeded) {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, dataset.FileError(err))
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, fmt.Errorf("%s: %w: the file is empty", path, ErrCurve)
	}
	// gocsv ignores missing columns (its strictness is a global switch), and a
	// file that is not a curve (a decision table, say) must not pass as one
	// with every value zero: check the header first.
	header, err := csv.NewReader(bytes.NewReader(b)).Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %v", path, ErrCurve, err)
	}
	for _, want := range []string{"step", "mean_episode_return", "greedy_return"} {
		if !slices.Contains(header, want) {
			return nil, fmt.Errorf("%s: %w: no %q column (the header is %s; want train's curve.csv)",
				path, ErrCurve, want, strings.Join(header, ","))
		}
	}
	var curve []train.CurvePoint
	if err := gocsv.UnmarshalBytes(b, &curve); err != nil {
		return nil, fmt.Errorf("%s: %w: %v", path, ErrCurve, err)
	}
	if len(curve) == 0 {
		return nil, fmt.Errorf("%s: %w: a header and no points", path, ErrCurve)
	}
	for i, c := range curve {
		if !finite(c.MeanReturn) || !finite(c.GreedyReturn) {
			return nil, fmt.Errorf("%s:%d: %w: step %d: returns %v and %v are not both finite",
				path, i+2, ErrCurve, c.Step, c.MeanReturn, c.GreedyReturn)
		}
	}
	return curve, nil
}

// CurveOptimum recovers the optimal return the curve was measured against
// from a point's greedy return and percent of the optimum (train writes
// both); ok is false when no point has a usable percentage (all zero, as
// train writes when the optimum itself is zero).
func CurveOptimum(curve []train.CurvePoint) (optimal float64, ok bool) {
	for i := len(curve) - 1; i >= 0; i-- {
		c := curve[i]
		if c.PctOptimal != 0 && c.GreedyReturn != 0 {
			if o := c.GreedyReturn * 100 / c.PctOptimal; finite(o) {
				return o, true
			}
		}
	}
	return 0, false
}
