// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
)

func TestLossGradient(t *testing.T) {
	type lossFunc func(dy, y blas64.General, idx []int, target []float64) float64
	for _, tc := range []struct {
		name  string
		loss  lossFunc
		cols  int
		idx   []int
		scale float64 // spread of errors; > 1 exercises Huber's linear part
	}{
		{"MSE/scalar", MSE, 1, nil, 1},
		{"MSE/selected", MSE, 4, []int{0, 3, 2, 1, 3, 0}, 1},
		{"Huber/scalar", Huber, 1, nil, 0.3},
		{"Huber/selected/quadratic", Huber, 4, []int{0, 3, 2, 1, 3, 0}, 0.3},
		{"Huber/selected/mixed", Huber, 4, []int{0, 3, 2, 1, 3, 0}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, 8))
			const n = 6
			y := randGeneral(rng, n, tc.cols, 1)
			target := make([]float64, n)
			for i := range target {
				e := tc.scale * rng.NormFloat64()
				if math.Abs(math.Abs(e)-1) < 0.01 {
					e *= 1.1 // away from Huber's kink
				}
				target[i] = y.Data[i*tc.cols+col(tc.idx, i)] - e
			}
			dy := general(n, tc.cols, nil)
			for i := range dy.Data {
				dy.Data[i] = math.NaN() // must be overwritten
			}
			tc.loss(dy, y, tc.idx, target)
			grad := append([]float64(nil), dy.Data...)
			scratch := general(n, tc.cols, nil)
			checkGrad(t, "y", y.Data, grad, func() float64 {
				return tc.loss(scratch, y, tc.idx, target)
			})
		})
	}
}

func TestLossValues(t *testing.T) {
	y := general(2, 2, []float64{1, 5, -3, 0.5})
	dy := general(2, 2, nil)
	idx := []int{1, 0}
	target := []float64{3, -2.5}
	// Errors 2 and −0.5.
	if got, want := MSE(dy, y, idx, target), (4+0.25)/2; math.Abs(got-want) > 1e-15 {
		t.Errorf("MSE = %v, want %v", got, want)
	}
	if got, want := Huber(dy, y, idx, target), (1.5+0.125)/2; math.Abs(got-want) > 1e-15 {
		t.Errorf("Huber = %v, want %v", got, want)
	}
	// Huber's gradient is the clipped error over n.
	if want := []float64{0, 0.5, -0.25, 0}; !equal(dy.Data, want) {
		t.Errorf("Huber gradient = %v, want %v", dy.Data, want)
	}
	if MSE(general(0, 2, nil), general(0, 2, nil), nil, nil) != 0 {
		t.Error("empty MSE not zero")
	}
}

// TestHuberPart checks that parts of a minibatch give the rows of Huber's
// gradient on the whole, bit for bit, and losses that add up to its loss.
func TestHuberPart(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	const n, k = 11, 3
	y := randGeneral(rng, n, k, 2)
	target := fmaRandom(rng, n)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = rng.IntN(k)
	}
	dy := general(n, k, nil)
	want := Huber(dy, y, idx, target)
	for _, split := range []int{0, 1, 5, n} {
		part := general(n, k, nil)
		var loss float64
		for _, r := range [2][2]int{{0, split}, {split, n}} {
			lo, hi := r[0], r[1]
			loss += HuberPart(Rows(part, lo, hi), Rows(y, lo, hi), idx[lo:hi], target[lo:hi], n)
		}
		if !equal(part.Data, dy.Data) {
			t.Errorf("split at %d: the parts' gradient differs from the whole minibatch's", split)
		}
		if math.Abs(loss-want) > 1e-15*(1+want) {
			t.Errorf("split at %d: the parts' losses add up to %v, the whole minibatch's is %v", split, loss, want)
		}
	}
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
