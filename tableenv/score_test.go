package tableenv

import (
	"math"
	"testing"
)

func TestScores(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		name                    string
		got, random, optimal    float64
		pct, normalized         float64
		within1pct, within10pct bool
	}{
		{"positive optimum", 9, -10, 10, 90, 95, false, true},
		{"at the optimum", 10, -10, 10, 100, 100, true, true},
		{"negative optimum", -11, -30, -10, 110, 95, false, true},
		{"zero optimum", -0.05, -10, 0, nan, 99.5, true, true},
		{"random is optimal", 0, 0, 0, nan, nan, true, true},
		{"random is optimal, below", -1, 2, 2, -50, nan, false, false},
		{"infinite optimum", 1, 0, math.Inf(1), nan, nan, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) < 1e-12 }
			if p := PctOfOptimal(c.got, c.optimal); !same(p, c.pct) {
				t.Errorf("PctOfOptimal = %v, want %v", p, c.pct)
			}
			if n := NormalizedScore(c.got, c.random, c.optimal); !same(n, c.normalized) {
				t.Errorf("NormalizedScore = %v, want %v", n, c.normalized)
			}
			if w := WithinOptimum(c.got, c.random, c.optimal, 0.01); w != c.within1pct {
				t.Errorf("WithinOptimum(0.01) = %v, want %v", w, c.within1pct)
			}
			if w := WithinOptimum(c.got, c.random, c.optimal, 0.1); w != c.within10pct {
				t.Errorf("WithinOptimum(0.1) = %v, want %v", w, c.within10pct)
			}
			if WithinOptimum(c.got, c.random, c.optimal, 0) {
				t.Error("WithinOptimum(0) is true: 0 is off")
			}
		})
	}
}
