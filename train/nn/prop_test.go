// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestBackwardSetMatchesZeroGradBackward checks that BackwardSet leaves the
// gradients ZeroGrad and Backward leave, bit for bit, whatever the
// gradients held before, with both kernels and output layers narrower and
// wider than a kernel block, and that dx is the same too.
func TestBackwardSetMatchesZeroGradBackward(t *testing.T) {
	for _, tc := range []struct {
		sizes []int
		rows  int
		fma   bool
	}{
		{[]int{5, 16, 3}, 7, true},
		{[]int{43, 80, 80, 8}, 32, true},
		{[]int{12, 24, 9}, 1, true},
		{[]int{5, 16, 3}, 7, false},
		{[]int{12, 24, 9}, 13, false},
	} {
		rng := rand.New(rand.NewPCG(6, uint64(tc.rows)))
		set := NewMLP(tc.sizes, ReLU, rng, Init{})
		set.SetFMA(tc.fma)
		ref := set.Clone()
		in, out := tc.sizes[0], tc.sizes[len(tc.sizes)-1]
		x := strided(rng, tc.rows, in, 2)
		dy := strided(rng, tc.rows, out, 0)
		for i := range set.Grads() {
			set.Grads()[i] = rng.NormFloat64() // stale gradients BackwardSet must not add to
		}
		dxSet, dxRef := strided(rng, tc.rows, in, 0), strided(rng, tc.rows, in, 0)

		set.Forward(x)
		set.BackwardSet(dxSet, dy)
		ref.Forward(x)
		ref.ZeroGrad()
		ref.Backward(dxRef, dy)

		for i, g := range set.Grads() {
			if w := ref.Grads()[i]; math.Float64bits(g) != math.Float64bits(w) {
				t.Fatalf("%v fma=%v: gradient %d is %v, ZeroGrad then Backward gives %v", tc.sizes, tc.fma, i, g, w)
			}
		}
		for i, g := range dxSet.Data {
			if w := dxRef.Data[i]; math.Float64bits(g) != math.Float64bits(w) {
				t.Fatalf("%v fma=%v: dx[%d] is %v, Backward gives %v", tc.sizes, tc.fma, i, g, w)
			}
		}
	}
}

// TestTranspose checks transpose, tiles and edges, against the definition.
func TestTranspose(t *testing.T) {
	for _, sz := range [][2]int{{1, 1}, {4, 4}, {80, 80}, {80, 8}, {8, 80}, {5, 7}, {13, 9}, {3, 12}, {12, 3}} {
		rows, cols := sz[0], sz[1]
		lds, ldd := cols+3, rows+1
		src := make([]float64, rows*lds)
		for i := range src {
			src[i] = float64(i)
		}
		dst := make([]float64, cols*ldd)
		for i := range dst {
			dst[i] = -1
		}
		transpose(dst, ldd, src, lds, rows, cols)
		for j := range cols {
			for i := range ldd {
				want := -1.0 // the padding is left alone
				if i < rows {
					want = src[i*lds+j]
				}
				if got := dst[j*ldd+i]; got != want {
					t.Fatalf("%v: dst[%d][%d] = %v, want %v", sz, j, i, got, want)
				}
			}
		}
	}
}
