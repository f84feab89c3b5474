package eval

import (
	"math"
	"testing"
)

// TestPairedKnownAnswer: R's t.test(extra ~ group, data = sleep, paired = TRUE)
// on Student's sleep data gives t = -4.0621, df = 9, p-value = 0.002833 and a
// mean difference of -1.58.
func TestPairedKnownAnswer(t *testing.T) {
	g1 := []float64{0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0}
	g2 := []float64{1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4}
	r := Paired(g1, g2)
	if r.N != 10 || r.DF != 9 || math.Abs(r.MeanDiff+1.58) > 1e-12 ||
		math.Abs(r.T+4.0621) > 5e-5 || math.Abs(r.P-0.002833) > 5e-7 {
		t.Errorf("Paired = %+v, want t -4.0621, df 9, p 0.002833, mean diff -1.58", r)
	}
	if s := Paired(g2, g1); math.Abs(s.T-4.0621) > 5e-5 || s.P != r.P {
		t.Errorf("swapped: %+v", s)
	}
}

func TestPairedEdgeCases(t *testing.T) {
	for _, c := range []struct {
		name string
		a, b []float64
		p    float64
	}{
		{"identical", []float64{1, 2, 3}, []float64{1, 2, 3}, 1},
		{"constant shift", []float64{2, 3, 4}, []float64{1, 2, 3}, 0},
		{"one pair", []float64{1}, []float64{2}, math.NaN()},
		{"lengths differ", []float64{1, 2}, []float64{1, 2, 3}, math.NaN()},
	} {
		got := Paired(c.a, c.b).P
		if got != c.p && !(math.IsNaN(got) && math.IsNaN(c.p)) {
			t.Errorf("%s: p = %v, want %v", c.name, got, c.p)
		}
	}
}
