// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
)

// TestShareSplitsMinibatch checks that shares of a network, each given
// some rows of a minibatch, compute the rows' outputs bit for bit and, their
// gradients added, the minibatch's gradient; and that they see the
// network's parameter updates while keeping gradients of their own.
func TestShareSplitsMinibatch(t *testing.T) {
	for _, tc := range []struct {
		name  string
		act   Activation
		fma   bool
		split int // rows of the first share
	}{
		{"relu/fma", ReLU, true, 7},
		{"relu/gemm", ReLU, false, 7},
		{"tanh/fma/empty first", Tanh, true, 0},
		{"tanh/fma/odd", Tanh, true, 12},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(21, 22))
			const n, in, out = 13, 5, 3
			m := NewMLP([]int{in, 11, 9, out}, tc.act, rng, Init{})
			m.SetFMA(tc.fma)
			x := strided(rng, n, in, 2)
			dy := randGeneral(rng, n, out, 1)
			y := append([]float64(nil), m.Forward(x).Data...)
			m.ZeroGrad()
			m.Backward(blas64.General{}, dy)
			want := append([]float64(nil), m.Grads()...)

			shares := [2]*MLP{m.Share(), m.Share()}
			if shares[0].FMA() != tc.fma {
				t.Fatal("a share does not keep SetFMA")
			}
			sum := make([]float64, len(want))
			for s, rows := range [2][2]int{{0, tc.split}, {tc.split, n}} {
				lo, hi := rows[0], rows[1]
				if lo == hi {
					continue
				}
				net := shares[s]
				got := net.Forward(Rows(x, lo, hi))
				for i := range got.Data {
					// The fused kernels compute an element alike whatever
					// the rows around it; gonum's need not.
					if d := got.Data[i] - y[lo*out+i]; tc.fma && d != 0 || math.Abs(d) > 1e-12 {
						t.Fatalf("share %d: output %d is %v, the network's %v", s, i, got.Data[i], y[lo*out+i])
					}
				}
				net.Backward(blas64.General{}, Rows(dy, lo, hi))
				for i, g := range net.Grads() {
					sum[i] += g
				}
			}
			for i, g := range sum {
				if math.Abs(g-want[i]) > 1e-12*(1+math.Abs(want[i])) {
					t.Fatalf("gradient %d: shares add up to %v, the whole minibatch gives %v", i, g, want[i])
				}
			}
			if !equal(m.Grads(), want) {
				t.Error("the shares' Backward changed the network's gradient")
			}
			m.Params()[0] += 1
			if shares[1].Params()[0] != m.Params()[0] {
				t.Error("a share does not see the network's parameters")
			}
		})
	}
}
