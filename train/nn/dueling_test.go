// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestDuelingGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, k := range []int{1, 2, 5} {
		const n = 4
		// v and a as column views of one matrix, as a network emits them.
		out := randGeneral(rng, n, 1+k, 1)
		v, a := Cols(out, 0, 1), Cols(out, 1, 1+k)
		c := randGeneral(rng, n, k, 1)
		q := general(n, k, nil)
		loss := func() float64 {
			Dueling(q, v, a)
			return dot(q, c)
		}
		dout := general(n, 1+k, nil)
		DuelingBackward(Cols(dout, 0, 1), Cols(dout, 1, 1+k), c)
		checkGrad(t, "v,a", out.Data, dout.Data, loss)

		// Q − V has zero mean over actions.
		loss()
		for i := 0; i < n; i++ {
			var s float64
			for j := 0; j < k; j++ {
				s += q.Data[i*k+j] - v.Data[i*v.Stride]
			}
			if math.Abs(s) > 1e-12 {
				t.Errorf("k=%d row %d: Σ(Q−V) = %v", k, i, s)
			}
		}
	}
}
