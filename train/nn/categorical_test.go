// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn

import (
	"math"
	"testing"
)

func TestCategorical(t *testing.T) {
	for _, z := range [][]float64{
		{0, 0, 0, 0},
		{1, -2, 0.5},
		{1000, 999, -1000}, // would overflow a naive softmax
		{-1000, -1001},
		{3},
	} {
		lp := make([]float64, len(z))
		LogSoftmax(lp, z)
		p := make([]float64, len(z))
		Softmax(p, z)
		var sum, h float64
		for j := range z {
			if math.Abs(math.Exp(lp[j])-p[j]) > 1e-15 {
				t.Errorf("%v: exp(logsoftmax) %v != softmax %v", z, math.Exp(lp[j]), p[j])
			}
			if got := LogProb(z, j); got != lp[j] {
				t.Errorf("%v: LogProb(%d) = %v, want %v", z, j, got, lp[j])
			}
			sum += p[j]
			if p[j] > 0 {
				h -= p[j] * lp[j]
			}
		}
		if math.Abs(sum-1) > 1e-14 {
			t.Errorf("%v: probabilities sum to %v", z, sum)
		}
		if got := Entropy(z); math.Abs(got-h) > 1e-14 || math.IsNaN(got) {
			t.Errorf("%v: Entropy = %v, want %v", z, got, h)
		}
	}
	if got, want := Entropy([]float64{2, 2, 2, 2}), math.Log(4); math.Abs(got-want) > 1e-15 {
		t.Errorf("uniform entropy = %v, want %v", got, want)
	}
	// In place.
	z := []float64{1, 2, 3}
	LogSoftmax(z, z)
	if want := 1 - LogSumExp([]float64{1, 2, 3}); z[0] != want {
		t.Errorf("in-place LogSoftmax = %v, want %v", z[0], want)
	}

	logits := general(2, 3, []float64{1, 2, 3, 0, 0, 0})
	dst := make([]float64, 2)
	LogProbs(dst, logits, []int{2, 1})
	if want := []float64{LogProb([]float64{1, 2, 3}, 2), -math.Log(3)}; !equal(dst, want) {
		t.Errorf("LogProbs = %v, want %v", dst, want)
	}
}
