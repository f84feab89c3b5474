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

func TestRows(t *testing.T) {
	m := strided(rand.New(rand.NewPCG(1, 2)), 4, 3, 2) // stride 5
	for _, tc := range []struct {
		i, j int
		ok   bool
	}{{1, 3, true}, {0, 4, true}, {4, 4, true}, {2, 2, true}, {3, 5, false}, {-1, 1, false}, {2, 1, false}} {
		func() {
			defer func() {
				if r := recover(); (r == nil) != tc.ok {
					t.Errorf("Rows(%d, %d): panic %v", tc.i, tc.j, r)
				}
			}()
			v := Rows(m, tc.i, tc.j)
			if v.Rows != tc.j-tc.i || v.Cols != 3 || v.Stride != 5 {
				t.Errorf("Rows(%d, %d) is %d×%d, stride %d", tc.i, tc.j, v.Rows, v.Cols, v.Stride)
			}
			for r := range v.Rows {
				if &v.Data[r*v.Stride] != &m.Data[(tc.i+r)*m.Stride] || &v.Data[r*v.Stride+2] != &m.Data[(tc.i+r)*m.Stride+2] {
					t.Errorf("Rows(%d, %d): row %d does not alias row %d", tc.i, tc.j, r, tc.i+r)
				}
			}
		}()
	}
}
