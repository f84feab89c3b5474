// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
)

const (
	fdStep = 1e-5 // central difference step
	fdTol  = 1e-5 // maximum relative error
)

// relErr is the relative error of a against b. Below a magnitude of 1e-7
// the error is taken as absolute: both are then within rounding noise of
// zero (for example weights into a dead ReLU unit).
func relErr(a, b float64) float64 {
	return math.Abs(a-b) / math.Max(math.Max(math.Abs(a), math.Abs(b)), 1e-7)
}

// checkGrad compares grad, the analytic gradient of f with respect to x,
// against central differences, perturbing x in place.
func checkGrad(t *testing.T, name string, x, grad []float64, f func() float64) {
	t.Helper()
	if len(x) != len(grad) {
		t.Fatalf("%s: len(x)=%d len(grad)=%d", name, len(x), len(grad))
	}
	var worst float64
	for i := range x {
		orig := x[i]
		x[i] = orig + fdStep
		fp := f()
		x[i] = orig - fdStep
		fm := f()
		x[i] = orig
		num := (fp - fm) / (2 * fdStep)
		e := relErr(grad[i], num)
		worst = math.Max(worst, e)
		if e > fdTol {
			t.Errorf("%s[%d]: analytic %.10g, numeric %.10g, rel err %.3g", name, i, grad[i], num, e)
		}
	}
	if testing.Verbose() {
		t.Logf("%s: worst rel err %.3g over %d elements", name, worst, len(x))
	}
}

func general(r, c int, data []float64) blas64.General {
	if data == nil {
		data = make([]float64, r*c)
	}
	return blas64.General{Rows: r, Cols: c, Stride: c, Data: data}
}

func randGeneral(rng *rand.Rand, r, c int, scale float64) blas64.General {
	m := general(r, c, nil)
	for i := range m.Data {
		m.Data[i] = scale * rng.NormFloat64()
	}
	return m
}

// dot returns Σ a⊙b over a's elements; it turns a matrix output into a
// scalar loss with gradient b.
func dot(a, b blas64.General) float64 {
	var s float64
	for i := 0; i < a.Rows; i++ {
		for j := 0; j < a.Cols; j++ {
			s += a.Data[i*a.Stride+j] * b.Data[i*b.Stride+j]
		}
	}
	return s
}

func TestMLPGradient(t *testing.T) {
	for _, tc := range []struct {
		sizes []int
		act   Activation
		init  InitMethod
		batch int
	}{
		{[]int{3, 2}, Identity, Orthogonal, 4},
		{[]int{4, 5, 3}, ReLU, Orthogonal, 6},
		{[]int{4, 5, 3}, Tanh, Orthogonal, 6},
		{[]int{4, 5, 3}, Identity, He, 6},
		{[]int{5, 7, 6, 2}, ReLU, He, 5},
		{[]int{5, 7, 6, 2}, Tanh, He, 5},
		{[]int{6, 3, 8, 4, 1}, Tanh, Orthogonal, 3},
		{[]int{6, 3, 8, 4, 1}, ReLU, Orthogonal, 3},
		{[]int{2, 4, 3}, ReLU, Orthogonal, 1},
		{[]int{10, 16, 9, 8}, ReLU, He, 13}, // the fused kernel's 4×8 blocks and their edges
		{[]int{10, 16, 9, 8}, Tanh, He, 13},
	} {
		for _, fma := range []bool{false, true} {
			name := fmt.Sprintf("%v/%v/init%d/n%d/fma=%v", tc.sizes, tc.act, tc.init, tc.batch, fma)
			t.Run(name, func(t *testing.T) { checkMLPGradient(t, tc.sizes, tc.act, tc.init, tc.batch, fma) })
		}
	}
}

func checkMLPGradient(t *testing.T, sizes []int, act Activation, init InitMethod, batch int, fma bool) {
	rng := rand.New(rand.NewPCG(1, uint64(len(sizes)*batch)))
	// Nonzero biases so that they matter in the check.
	m := NewMLP(sizes, act, rng, Init{Method: init, OutputGain: 1})
	m.SetFMA(fma)
	for l := range m.Layers() {
		_, b := m.Layer(l)
		for j := range b {
			b[j] = 0.1 * rng.NormFloat64()
		}
	}
	x := randGeneral(rng, batch, sizes[0], 1)
	c := randGeneral(rng, batch, sizes[len(sizes)-1], 1)
	loss := func() float64 { return dot(m.Forward(x), c) }

	dx := general(batch, sizes[0], nil)
	m.ZeroGrad()
	loss()
	m.Backward(dx, c)
	grads := append([]float64(nil), m.Grads()...)

	checkGrad(t, "params", m.Params(), grads, loss)
	checkGrad(t, "input", x.Data, dx.Data, loss)

	// A second Backward accumulates.
	loss()
	m.Backward(blas64.General{}, c)
	for i, g := range m.Grads() {
		if relErr(g, 2*grads[i]) > 1e-12 {
			t.Fatalf("gradient %d not accumulated: %v, want %v", i, g, 2*grads[i])
		}
	}
}

// TestPPOThroughMLP checks the policy gradient path end to end: logits
// from an MLP, PPOLoss, Backward.
func TestPPOThroughMLP(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const n, obs, acts = 6, 4, 3
	m := NewMLP([]int{obs, 8, acts}, Tanh, rng, Init{})
	x := randGeneral(rng, n, obs, 1)
	actions := make([]int, n)
	adv := make([]float64, n)
	old := make([]float64, n)
	logits := m.Forward(x)
	for i := range actions {
		actions[i] = rng.IntN(acts)
		adv[i] = rng.NormFloat64()
		// Ratios of 1 ± 0.5 or 1: clipped and unclipped samples, away from
		// the clip boundaries.
		r := []float64{0.5, 1, 1.5}[i%3]
		old[i] = LogProb(logits.Data[i*acts:(i+1)*acts], actions[i]) - math.Log(r)
	}
	cfg := PPOConfig{Clip: 0.2, EntCoef: 0.01}
	dl := general(n, acts, nil)
	loss := func() float64 { return PPOLoss(dl, m.Forward(x), actions, old, adv, cfg).Loss }
	m.ZeroGrad()
	loss()
	m.Backward(blas64.General{}, dl)
	grads := append([]float64(nil), m.Grads()...)
	checkGrad(t, "params", m.Params(), grads, loss)
}

// TestDuelingDQNThroughMLP checks a dueling DQN update end to end: one
// network with 1+k outputs, Dueling, Huber on the taken actions, Backward.
func TestDuelingDQNThroughMLP(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const n, obs, acts = 5, 3, 4
	m := NewMLP([]int{obs, 6, 1 + acts}, ReLU, rng, Init{Method: He})
	x := randGeneral(rng, n, obs, 1)
	actions := []int{0, 3, 1, 2, 3}
	target := []float64{0.3, -2.5, 1.7, 0.1, 4}
	q := general(n, acts, nil)
	dq := general(n, acts, nil)
	dout := general(n, 1+acts, nil)
	loss := func() float64 {
		out := m.Forward(x)
		Dueling(q, Cols(out, 0, 1), Cols(out, 1, 1+acts))
		return Huber(dq, q, actions, target)
	}
	m.ZeroGrad()
	loss()
	DuelingBackward(Cols(dout, 0, 1), Cols(dout, 1, 1+acts), dq)
	m.Backward(blas64.General{}, dout)
	grads := append([]float64(nil), m.Grads()...)
	checkGrad(t, "params", m.Params(), grads, loss)
}
