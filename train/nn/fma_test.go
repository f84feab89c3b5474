// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
)

// TestFMAGemmMatchesPortable checks that fmaGemm (the AVX2 kernel where the
// CPU has one) gives bit for bit the portable kernel's results, for blocks
// with and without edges, a read in place and transposed, with and without
// accumulation and ReLU, and that both are the product to rounding.
func TestFMAGemmMatchesPortable(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for _, sz := range [][3]int{{1, 1, 1}, {4, 8, 1}, {4, 8, 64}, {10, 64, 64}, {64, 8, 64}, {7, 13, 5}, {64, 64, 10}, {3, 7, 0},
		{8, 8, 3}, {9, 16, 3}, {32, 8, 7}, {33, 9, 7}, {38, 64, 32}, {13, 40, 9}} {
		m, n, k := sz[0], sz[1], sz[2]
		for _, trans := range []bool{false, true} {
			for _, flags := range []int{0, kernAccumulate, kernReLU, kernAccumulate | kernReLU, kernBias, kernBias | kernReLU} {
				acc, relu := flags&kernAccumulate != 0, flags&kernReLU != 0
				var bias []float64
				if flags&kernBias != 0 {
					bias = fmaRandom(rng, n)
				}
				a := fmaRandom(rng, m*k+3)
				ars, aks := k+1, 1 // a row stride wider than k
				if trans {
					ars, aks = 1, m
				}
				b := fmaRandom(rng, k*(n+2))
				c0 := fmaRandom(rng, m*(n+1))
				got, want := append([]float64(nil), c0...), append([]float64(nil), c0...)
				if !trans {
					a = fmaRandom(rng, m*(k+1))
				}
				fmaGemmBias(m, n, k, a, ars, aks, b, n+2, got, n+1, bias, acc, relu, new([]float64))
				fmaGemmGo(0, m, 0, n, k, a, ars, aks, b, n+2, want, n+1, bias, acc, relu)
				for i := range got {
					if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
						t.Fatalf("%v trans=%v flags=%d: element %d is %v, portable %v", sz, trans, flags, i, got[i], want[i])
					}
				}
				for i := range m {
					for j := range n {
						var s float64
						if acc {
							s = c0[i*(n+1)+j]
						}
						if bias != nil {
							s = bias[j]
						}
						for l := range k {
							s += a[i*ars+l*aks] * b[l*(n+2)+j]
						}
						if relu && s < 0 {
							s = 0
						}
						if g := got[i*(n+1)+j]; math.Abs(g-s) > 1e-12*(1+math.Abs(s)) {
							t.Fatalf("%v trans=%v flags=%d: c[%d,%d] = %v, the product is %v", sz, trans, flags, i, j, g, s)
						}
					}
				}
			}
		}
	}
}

func fmaRandom(rng *rand.Rand, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	return v
}

func BenchmarkFMAGemm64(b *testing.B) {
	rng := rand.New(rand.NewPCG(4, 4))
	x, w, y := fmaRandom(rng, 64*64), fmaRandom(rng, 64*64), make([]float64, 64*64)
	for b.Loop() {
		fmaGemm(64, 64, 64, x, 64, 1, w, 64, y, 64, true, true, new([]float64))
	}
	b.ReportMetric(2*64*64*64*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkFMAGemmHead multiplies as a policy head does, 512 rows of 64
// features into 7 actions or 1 value, forward (the output columns are the
// narrow ones) and for the weights' gradient (the product of a 64×512 by a
// 512×7): padded onto the kernels, against the portable loop.
func BenchmarkFMAGemmHead(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 5))
	const rows, in = 512, 64
	x := fmaRandom(rng, rows*in)
	for _, out := range []int{7, 1} {
		w, y := fmaRandom(rng, in*out), make([]float64, rows*out)
		dy, dw := fmaRandom(rng, rows*out), make([]float64, in*out)
		scratch := new([]float64)
		b.Run(fmt.Sprintf("out=%d/kernels", out), func(b *testing.B) {
			for b.Loop() {
				fmaGemm(rows, out, in, x, in, 1, w, out, y, out, true, false, scratch)
				fmaGemm(in, out, rows, x, 1, in, dy, out, dw, out, true, false, scratch)
			}
		})
		b.Run(fmt.Sprintf("out=%d/portable", out), func(b *testing.B) {
			for b.Loop() {
				fmaGemmGo(0, rows, 0, out, in, x, in, 1, w, out, y, out, nil, true, false)
				fmaGemmGo(0, in, 0, out, rows, x, 1, in, dy, out, dw, out, nil, true, false)
			}
		})
	}
}

func BenchmarkGonumGemm64(b *testing.B) {
	rng := rand.New(rand.NewPCG(4, 4))
	x, w := randGeneral(rng, 64, 64, 1), randGeneral(rng, 64, 64, 1)
	y := general(64, 64, nil)
	for b.Loop() {
		gemm(blas.NoTrans, blas.NoTrans, 1, x, w, 1, y)
	}
	b.ReportMetric(2*64*64*64*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// TestReLUBackward checks the vector mask against the definition, zeros,
// NaN and lengths off the vector width included.
func TestReLUBackward(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for _, n := range []int{0, 1, 3, 4, 5, 64, 67} {
		y, d := fmaRandom(rng, n), fmaRandom(rng, n)
		if n > 2 {
			y[0], y[1], y[2] = math.Copysign(0, -1), math.NaN(), 0
		}
		got := append([]float64(nil), d...)
		reluBackward(got, y)
		for i := range d {
			want := d[i]
			if y[i] <= 0 {
				want = 0
			}
			if math.Float64bits(got[i]) != math.Float64bits(want) {
				t.Errorf("n=%d: d[%d] = %v for y %v, want %v", n, i, got[i], y[i], want)
			}
		}
	}
}

// TestAdamStepBitwise checks Adam.Step (vectorized where the CPU allows)
// against its formula evaluated one element at a time, bit for bit, and
// so does a step split by parameter range (Advance, then StepRange on
// each range).
func TestAdamStepBitwise(t *testing.T) {
	for _, tc := range []struct {
		name  string
		split []int // range bounds; nil: Step
	}{
		{"Step", nil},
		{"halves", []int{0, 52, 103}},
		{"uneven ranges", []int{0, 3, 7, 7, 64, 103}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(6, 6))
			const n = 103
			cfg := AdamConfig{LR: 1e-3}
			a := NewAdam(n, cfg)
			cfg = a.Config()
			p, m, v := fmaRandom(rng, n), make([]float64, n), make([]float64, n)
			want := append([]float64(nil), p...)
			for step := 1; step <= 5; step++ {
				g := fmaRandom(rng, n)
				if tc.split == nil {
					a.Step(p, g)
				} else {
					a.Advance()
					for i := 1; i < len(tc.split); i++ {
						a.StepRange(p, g, tc.split[i-1], tc.split[i])
					}
				}
				b1, b2, tt := cfg.Beta1, cfg.Beta2, float64(step)
				lr := cfg.LR / (1 - math.Pow(b1, tt))
				corr := 1 / math.Sqrt(1-math.Pow(b2, tt))
				for i, gi := range g {
					m[i] = b1*m[i] + (1-b1)*gi
					v[i] = b2*v[i] + (1-b2)*gi*gi
					want[i] -= lr * m[i] / (math.Sqrt(v[i])*corr + cfg.Eps)
				}
				for i := range p {
					if math.Float64bits(p[i]) != math.Float64bits(want[i]) {
						t.Fatalf("step %d: parameter %d is %v, the formula gives %v", step, i, p[i], want[i])
					}
				}
			}
		})
	}
}

// TestAdamFollowersBitwise checks StepRangeFollowed against StepRange and
// then each follower's Polyak formula, bit for bit, with no follower, one
// in either place and two, over ranges with and without a tail of fewer
// than 4.
func TestAdamFollowersBitwise(t *testing.T) {
	const n = 103
	for _, which := range []struct {
		name   string
		f1, f2 bool
	}{{"none", false, false}, {"first", true, false}, {"second", false, true}, {"both", true, true}} {
		t.Run(which.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(8, 8))
			fused, plain := NewAdam(n, AdamConfig{LR: 1e-3}), NewAdam(n, AdamConfig{LR: 1e-3})
			p := fmaRandom(rng, n)
			q := append([]float64(nil), p...)
			var f1, f2 Follower
			var w1, w2 []float64
			if which.f1 {
				f1 = Follower{Params: fmaRandom(rng, n), Tau: 0.05}
				w1 = append([]float64(nil), f1.Params...)
			}
			if which.f2 {
				f2 = Follower{Params: fmaRandom(rng, n), Tau: 0.002}
				w2 = append([]float64(nil), f2.Params...)
			}
			split := []int{0, 3, 52, 103}
			for step := 1; step <= 4; step++ {
				g := fmaRandom(rng, n)
				fused.Advance()
				plain.Advance()
				for i := 1; i < len(split); i++ {
					fused.StepRangeFollowed(p, g, split[i-1], split[i], f1, f2)
					plain.StepRange(q, g, split[i-1], split[i])
				}
				for i := range q {
					if w1 != nil {
						w1[i] += f1.Tau * (q[i] - w1[i])
					}
					if w2 != nil {
						w2[i] += f2.Tau * (q[i] - w2[i])
					}
				}
				for i := range p {
					if math.Float64bits(p[i]) != math.Float64bits(q[i]) {
						t.Fatalf("step %d: parameter %d is %v, StepRange gives %v", step, i, p[i], q[i])
					}
					if w1 != nil && math.Float64bits(f1.Params[i]) != math.Float64bits(w1[i]) {
						t.Fatalf("step %d: follower 1's %d is %v, the formula gives %v", step, i, f1.Params[i], w1[i])
					}
					if w2 != nil && math.Float64bits(f2.Params[i]) != math.Float64bits(w2[i]) {
						t.Fatalf("step %d: follower 2's %d is %v, the formula gives %v", step, i, f2.Params[i], w2[i])
					}
				}
			}
		})
	}
}

// TestSoftUpdateBitwise checks SoftUpdate (vectorized where the CPU allows)
// against its formula one element at a time, bit for bit, and so does
// SoftUpdateRange over ranges that cover the parameters.
func TestSoftUpdateBitwise(t *testing.T) {
	for _, tc := range []struct {
		name  string
		split []int // range bounds; nil: SoftUpdate
	}{
		{"SoftUpdate", nil},
		{"halves", []int{0, 19, 38}},
		{"uneven ranges", []int{0, 1, 6, 6, 38}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, 7))
			m := NewMLP([]int{3, 5, 3}, ReLU, rng, Init{}) // 38 parameters: a vector part and a tail
			src := NewMLP([]int{3, 5, 3}, ReLU, rng, Init{})
			want := append([]float64(nil), m.Params()...)
			const tau = 0.05
			for i, v := range src.Params() {
				want[i] += tau * (v - want[i])
			}
			if tc.split == nil {
				m.SoftUpdate(src, tau)
			}
			for i := 1; i < len(tc.split); i++ {
				m.SoftUpdateRange(src, tau, tc.split[i-1], tc.split[i])
			}
			for i, p := range m.Params() {
				if math.Float64bits(p) != math.Float64bits(want[i]) {
					t.Fatalf("parameter %d is %v, the formula gives %v", i, p, want[i])
				}
			}
		})
	}
}
