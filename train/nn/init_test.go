// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

func TestOrthogonalInit(t *testing.T) {
	for _, tc := range []struct {
		in, out int
		gain    float64
	}{
		{8, 8, math.Sqrt2},
		{16, 4, 0.01},
		{64, 7, 1},
		{4, 16, math.Sqrt2}, // wide: rows are orthogonal instead
		{1, 1, 2},
	} {
		t.Run(fmt.Sprintf("%dx%d", tc.in, tc.out), func(t *testing.T) {
			m := NewMLP([]int{tc.in, tc.out}, ReLU, rand.New(rand.NewPCG(1, 2)), Init{OutputGain: tc.gain})
			w, _ := m.Layer(0)
			// Gram matrix over the shorter dimension.
			k := min(tc.in, tc.out)
			g := general(k, k, nil)
			if tc.in >= tc.out {
				blas64.Gemm(blas.Trans, blas.NoTrans, 1, w, w, 0, g)
			} else {
				blas64.Gemm(blas.NoTrans, blas.Trans, 1, w, w, 0, g)
			}
			g2 := tc.gain * tc.gain
			for i := 0; i < k; i++ {
				for j := 0; j < k; j++ {
					want := 0.0
					if i == j {
						want = g2
					}
					if math.Abs(g.Data[i*k+j]-want) > 1e-12*g2 {
						t.Fatalf("gram[%d,%d] = %v, want %v", i, j, g.Data[i*k+j], want)
					}
				}
			}
		})
	}
}

func TestInitGains(t *testing.T) {
	// Hidden layers get Gain (default √2), the output layer OutputGain.
	m := NewMLP([]int{6, 6, 6, 6}, Tanh, rand.New(rand.NewPCG(3, 3)), Init{OutputGain: 0.01})
	for l, want := range []float64{math.Sqrt2, math.Sqrt2, 0.01} {
		w, b := m.Layer(l)
		var ss float64
		for _, v := range w.Data {
			ss += v * v
		}
		// ‖W‖_F² = 6·gain² for a 6×6 orthogonal matrix.
		if got := math.Sqrt(ss / 6); math.Abs(got-want) > 1e-12 {
			t.Errorf("layer %d gain = %v, want %v", l, got, want)
		}
		for _, v := range b {
			if v != 0 {
				t.Errorf("layer %d bias not zero", l)
			}
		}
	}
}

func TestHeInit(t *testing.T) {
	const in, out = 400, 300
	m := NewMLP([]int{in, out, 2}, ReLU, rand.New(rand.NewPCG(5, 5)), Init{Method: He})
	w, _ := m.Layer(0)
	var s, ss float64
	for _, v := range w.Data {
		s += v
		ss += v * v
	}
	n := float64(len(w.Data))
	mean, std := s/n, math.Sqrt(ss/n-(s/n)*(s/n))
	want := math.Sqrt(2.0 / in)
	if math.Abs(mean) > 0.01*want || math.Abs(std-want) > 0.01*want {
		t.Errorf("mean %v, std %v; want 0, %v", mean, std, want)
	}
}

func TestInitDeterministic(t *testing.T) {
	for _, method := range []InitMethod{Orthogonal, He} {
		sizes := []int{10, 64, 64, 7}
		a := NewMLP(sizes, ReLU, rand.New(rand.NewPCG(42, 0)), Init{Method: method})
		b := NewMLP(sizes, ReLU, rand.New(rand.NewPCG(42, 0)), Init{Method: method})
		c := NewMLP(sizes, ReLU, rand.New(rand.NewPCG(43, 0)), Init{Method: method})
		if !equal(a.Params(), b.Params()) {
			t.Errorf("method %d: same seed gave different parameters", method)
		}
		if equal(a.Params(), c.Params()) {
			t.Errorf("method %d: different seeds gave equal parameters", method)
		}
	}
}
