package eval

import (
	"math"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// PairedTest is a paired two-sided t-test of a − b: with common random
// numbers episode i of two policies shares its start and draws, so the
// per-episode differences carry the comparison, not the two spreads.
type PairedTest struct {
	N        int
	MeanDiff float64 // mean of a − b
	T        float64 // mean / (sd / √n)
	DF       float64 // n − 1
	P        float64 // two-sided p-value
}

// Paired tests a against b, element by element (they must have one length ≥ 2;
// otherwise P is NaN). Identical differences (sd 0) give P 1 when they are all
// 0 and P 0 otherwise: no sampling noise is left to explain a difference.
func Paired(a, b []float64) PairedTest {
	n := len(a)
	r := PairedTest{N: n, T: math.NaN(), DF: float64(n - 1), P: math.NaN()}
	if n != len(b) || n < 2 {
		return r
	}
	d := make([]float64, n)
	for i := range d {
		d[i] = a[i] - b[i]
	}
	mean, sd := stat.MeanStdDev(d, nil)
	r.MeanDiff = mean
	if sd == 0 {
		r.T, r.P = math.Inf(1), 0
		if mean == 0 {
			r.T, r.P = 0, 1
		} else if mean < 0 {
			r.T = math.Inf(-1)
		}
		return r
	}
	r.T = mean / (sd / math.Sqrt(float64(n)))
	r.P = 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: r.DF}.Survival(math.Abs(r.T))
	return r
}
