// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
)

// BenchmarkForwardBackward times one forward and backward pass of a
// minibatch of 64 through a 10→64→64→7 network, the shape of the tablerl
// policies, without the input gradient, with the default kernels and the
// fused multiply-add ones.
func BenchmarkForwardBackward(b *testing.B) {
	for _, act := range []Activation{ReLU, Tanh} {
		for _, fma := range []bool{false, true} {
			b.Run(fmt.Sprintf("%v/fma=%v", act, fma), func(b *testing.B) { benchForwardBackward(b, act, fma) })
		}
	}
}

func benchForwardBackward(b *testing.B, act Activation, fma bool) {
	const n = 64
	rng := rand.New(rand.NewPCG(1, 1))
	m := NewMLP([]int{10, 64, 64, 7}, act, rng, Init{})
	m.SetFMA(fma)
	x := randGeneral(rng, n, 10, 1)
	dy := randGeneral(rng, n, 7, 1)
	m.Forward(x)
	b.ReportAllocs()
	for b.Loop() {
		m.Forward(x)
		m.Backward(blas64.General{}, dy)
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "samples/s")
}

// BenchmarkPPOStep times a full PPO minibatch update of the policy
// network: forward, loss, backward, clipping and Adam.
func BenchmarkPPOStep(b *testing.B) {
	const n, obs, acts = 64, 10, 7
	rng := rand.New(rand.NewPCG(2, 2))
	m := NewMLP([]int{obs, 64, 64, acts}, Tanh, rng, Init{OutputGain: 0.01})
	opt := NewAdam(len(m.Params()), AdamConfig{LR: 3e-4, Eps: 1e-5})
	x := randGeneral(rng, n, obs, 1)
	actions := make([]int, n)
	old := make([]float64, n)
	adv := make([]float64, n)
	for i := range actions {
		actions[i] = rng.IntN(acts)
		old[i] = -2
		adv[i] = rng.NormFloat64()
	}
	dl := general(n, acts, nil)
	cfg := PPOConfig{Clip: 0.2, EntCoef: 0.01}
	m.Forward(x)
	b.ReportAllocs()
	for b.Loop() {
		m.ZeroGrad()
		PPOLoss(dl, m.Forward(x), actions, old, adv, cfg)
		m.Backward(blas64.General{}, dl)
		ClipGradNorm(m.Grads(), 0.5)
		opt.Step(m.Params(), m.Grads())
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "samples/s")
}

// BenchmarkTranspose is Backward's transposition of an 80×80 hidden layer's
// weights and of an 80×8 head's, as DQN does twice per update at [80, 80]:
// tiles against the plain loop, which it replaced.
func BenchmarkTranspose(b *testing.B) {
	w := make([]float64, 80*80)
	for i := range w {
		w[i] = float64(i)
	}
	wt := make([]float64, len(w))
	loop := func(dst []float64, ldd int, src []float64, lds, rows, cols int) {
		for i := range rows {
			for j, v := range src[i*lds : i*lds+cols] {
				dst[j*ldd+i] = v
			}
		}
	}
	for _, bc := range []struct {
		name string
		f    func(dst []float64, ldd int, src []float64, lds, rows, cols int)
	}{{"tiles", transpose}, {"loop", loop}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				bc.f(wt, 80, w, 80, 80, 80)
				bc.f(wt, 80, w[:640], 8, 80, 8)
			}
		})
	}
}

// BenchmarkAdamFollowed is DQN's optimizer step at [80, 80] on load10-7x7x7
// (10,488 parameters): Adam with a target and an averaged network following
// in its pass (fused), against StepRange and then two SoftUpdateRange passes
// (separate), the same arithmetic.
func BenchmarkAdamFollowed(b *testing.B) {
	sizes := []int{43, 80, 80, 8}
	rng := rand.New(rand.NewPCG(9, 9))
	online := NewMLP(sizes, ReLU, rng, Init{})
	target, avg := online.Clone(), online.Clone()
	n := len(online.Params())
	g := make([]float64, n)
	for i := range g {
		g[i] = rng.NormFloat64()
	}
	opt := NewAdam(n, AdamConfig{LR: 1e-3})
	b.Run("fused", func(b *testing.B) {
		for b.Loop() {
			opt.Advance()
			opt.StepRangeFollowed(online.Params(), g, 0, n, Follower{Params: avg.Params(), Tau: 0.002}, Follower{Params: target.Params(), Tau: 0.05})
		}
	})
	b.Run("separate", func(b *testing.B) {
		for b.Loop() {
			opt.Advance()
			opt.StepRange(online.Params(), g, 0, n)
			avg.SoftUpdateRange(online, 0.002, 0, n)
			target.SoftUpdateRange(online, 0.05, 0, n)
		}
	})
}
