// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn

import (
	"math"
	"testing"
)

func TestClipGradNorm(t *testing.T) {
	g := []float64{3, 4}
	if n := ClipGradNorm(g, 10); n != 5 || !equal(g, []float64{3, 4}) {
		t.Errorf("below max: norm %v, grads %v", n, g)
	}
	if n := ClipGradNorm(g, 1); n != 5 {
		t.Errorf("norm = %v, want 5", n)
	}
	if got := math.Hypot(g[0], g[1]); math.Abs(got-1) > 1e-6 {
		t.Errorf("clipped norm = %v, want 1", got)
	}

	a, b := []float64{3}, []float64{0, 4}
	if n := ClipGradNorms(0.5, a, b); n != 5 {
		t.Errorf("joint norm = %v, want 5", n)
	}
	if got := math.Sqrt(a[0]*a[0] + b[1]*b[1]); math.Abs(got-0.5) > 1e-6 || math.Abs(a[0]/b[1]-0.75) > 1e-15 {
		t.Errorf("joint clip gave %v %v", a, b)
	}

	for _, tc := range []struct{ norm, max, want float64 }{
		{5, 10, 1}, {5, 1, 1 / (5 + 1e-6)}, {0, 1, 1},
	} {
		if got := ClipScale(tc.norm, tc.max); got != tc.want {
			t.Errorf("ClipScale(%v, %v) = %v, want %v", tc.norm, tc.max, got, tc.want)
		}
	}

	nan := []float64{math.NaN(), 1}
	if n := ClipGradNorm(nan, 1); !math.IsNaN(n) || nan[1] != 1 {
		t.Errorf("NaN gradient: norm %v, grads %v", n, nan)
	}
}
