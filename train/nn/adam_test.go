// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn

import (
	"math"
	"testing"
)

// quadGrad sets g to the gradient of f(x) = Σᵢ cᵢ(xᵢ − tᵢ)²/2 and returns f.
func quadGrad(g, x, c, target []float64) float64 {
	var f float64
	for i := range x {
		d := x[i] - target[i]
		g[i] = c[i] * d
		f += c[i] * d * d / 2
	}
	return f
}

func TestAdamQuadratic(t *testing.T) {
	// An ill-conditioned quadratic: Adam's per-coordinate scaling copes.
	c := []float64{1, 100, 0.01}
	target := []float64{3, -2, 0.5}
	x := []float64{0, 0, 0}
	g := make([]float64, 3)
	opt := NewAdam(3, AdamConfig{LR: 0.05})
	for step := range 5000 {
		quadGrad(g, x, c, target)
		opt.Step(x, g)
		if step == 4000 {
			opt.SetLR(0.005) // annealing
		}
	}
	for i := range x {
		if math.Abs(x[i]-target[i]) > 1e-3 {
			t.Errorf("x[%d] = %v, want %v", i, x[i], target[i])
		}
	}
	if got := opt.Config(); got.LR != 0.005 || got.Beta1 != 0.9 || got.Beta2 != 0.999 || got.Eps != 1e-8 {
		t.Errorf("config = %+v", got)
	}
}

func TestAdamFirstStep(t *testing.T) {
	// With bias correction, the first step is lr·g/(|g|+ε): about lr·sign(g).
	x := []float64{1, 1}
	opt := NewAdam(2, AdamConfig{LR: 0.1, Eps: 1e-5})
	opt.Step(x, []float64{2, -0.5})
	want := []float64{1 - 0.1*2/(2+1e-5), 1 + 0.1*0.5/(0.5+1e-5)}
	for i := range x {
		if math.Abs(x[i]-want[i]) > 1e-15 {
			t.Errorf("x[%d] = %v, want %v", i, x[i], want[i])
		}
	}
}

func TestAdamState(t *testing.T) {
	c := []float64{1, 2, 3, 4}
	target := []float64{1, -1, 2, -2}
	run := func(opt *Adam, x []float64, steps int) {
		g := make([]float64, len(x))
		for range steps {
			quadGrad(g, x, c, target)
			opt.Step(x, g)
		}
	}
	cfg := AdamConfig{LR: 0.01}
	a := NewAdam(4, cfg)
	xa := make([]float64, 4)
	run(a, xa, 20)
	st := a.State()

	// Resume from the checkpoint in a fresh optimizer.
	b := NewAdam(4, cfg)
	if err := b.SetState(st); err != nil {
		t.Fatal(err)
	}
	xb := append([]float64(nil), xa...)
	run(a, xa, 30)
	run(b, xb, 30)
	if !equal(xa, xb) {
		t.Errorf("resumed run differs: %v vs %v", xa, xb)
	}
	// State is a copy.
	st.M[0] = 42
	if a.State().M[0] == 42 {
		t.Error("State shares memory with the optimizer")
	}
	if err := b.SetState(AdamState{M: make([]float64, 3), V: make([]float64, 4)}); err == nil {
		t.Error("SetState accepted a short state")
	}
	b.Reset()
	if s := b.State(); s.T != 0 || s.M[0] != 0 || s.V[0] != 0 {
		t.Errorf("Reset left state %+v", s)
	}
}
