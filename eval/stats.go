package eval

import (
	"math"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Summary is a sample's mean with the half-width of its 95% confidence interval.
type Summary struct {
	N    int
	Mean float64
	SD   float64
	CI95 float64 // the interval is Mean ± CI95
}

// Summarize computes the mean and the 95% confidence interval of x with
// Student's t (CI95 is 0 for fewer than two values).
func Summarize(x []float64) Summary {
	s := Summary{N: len(x)}
	if len(x) == 0 {
		return s
	}
	s.Mean = stat.Mean(x, nil)
	if len(x) < 2 {
		return s
	}
	s.SD = stat.StdDev(x, nil)
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(x) - 1)}.Quantile(0.975)
	s.CI95 = t * s.SD / math.Sqrt(float64(len(x)))
	return s
}

// Covers reports whether v lies within the confidence interval.
func (s Summary) Covers(v float64) bool { return math.Abs(s.Mean-v) <= s.CI95 }
