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

// naiveGemm is the reference for gemm.
func naiveGemm(tA, tB blas.Transpose, alpha float64, a, b blas64.General, beta float64, c blas64.General) {
	at := func(m blas64.General, t blas.Transpose, i, j int) float64 {
		if t == blas.Trans {
			i, j = j, i
		}
		return m.Data[i*m.Stride+j]
	}
	k := a.Cols
	if tA == blas.Trans {
		k = a.Rows
	}
	for i := 0; i < c.Rows; i++ {
		for j := 0; j < c.Cols; j++ {
			var s float64
			for l := 0; l < k; l++ {
				s += at(a, tA, i, l) * at(b, tB, l, j)
			}
			c.Data[i*c.Stride+j] = alpha*s + beta*c.Data[i*c.Stride+j]
		}
	}
}

// strided returns an r×c matrix with stride c+pad and random contents.
func strided(rng *rand.Rand, r, c, pad int) blas64.General {
	m := blas64.General{Rows: r, Cols: c, Stride: c + pad, Data: make([]float64, r*(c+pad))}
	for i := range m.Data {
		m.Data[i] = rng.NormFloat64()
	}
	return m
}

func TestGemmTiles(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	trans := []blas.Transpose{blas.NoTrans, blas.Trans}
	for _, sz := range [][3]int{{5, 7, 3}, {64, 64, 10}, {300, 70, 9}, {130, 200, 33}, {70, 600, 5}, {193, 193, 1}} {
		m, n, k := sz[0], sz[1], sz[2]
		for _, tA := range trans {
			for _, tB := range trans {
				ar, ac := m, k
				if tA == blas.Trans {
					ar, ac = k, m
				}
				br, bc := k, n
				if tB == blas.Trans {
					br, bc = n, k
				}
				a, b := strided(rng, ar, ac, 3), strided(rng, br, bc, 1)
				c := strided(rng, m, n, 2)
				want := blas64.General{Rows: m, Cols: n, Stride: c.Stride, Data: append([]float64(nil), c.Data...)}
				gemm(tA, tB, 1.5, a, b, 0.5, c)
				naiveGemm(tA, tB, 1.5, a, b, 0.5, want)
				for i := range c.Data {
					if math.Abs(c.Data[i]-want.Data[i]) > 1e-12*(1+math.Abs(want.Data[i])) {
						t.Fatalf("%v tA=%c tB=%c: element %d = %v, want %v", sz, tA, tB, i, c.Data[i], want.Data[i])
					}
				}
			}
		}
	}
}

// TestBatchConsistency checks that a large, strided batch (tiled GEMMs)
// gives the same outputs and gradients as the samples one at a time.
func TestBatchConsistency(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	const n, in, out = 300, 9, 5
	m := NewMLP([]int{in, 200, 70, out}, ReLU, rng, Init{})
	x := strided(rng, n, in, 4)
	dy := randGeneral(rng, n, out, 1)
	y := m.Forward(x)
	ybatch := append([]float64(nil), y.Data...)
	dx := strided(rng, n, in, 2)
	m.ZeroGrad()
	m.Backward(dx, dy)
	gbatch := append([]float64(nil), m.Grads()...)

	m.ZeroGrad()
	for i := 0; i < n; i++ {
		xi := blas64.General{Rows: 1, Cols: in, Stride: in, Data: x.Data[i*x.Stride : i*x.Stride+in]}
		yi := m.Forward(xi)
		for j := range out {
			if d := math.Abs(yi.Data[j] - ybatch[i*out+j]); d > 1e-12 {
				t.Fatalf("row %d output %d differs by %v", i, j, d)
			}
		}
		dxi := general(1, in, nil)
		m.Backward(dxi, general(1, out, dy.Data[i*out:(i+1)*out]))
		for j := range in {
			if d := math.Abs(dxi.Data[j] - dx.Data[i*dx.Stride+j]); d > 1e-12 {
				t.Fatalf("row %d input gradient %d differs by %v", i, j, d)
			}
		}
	}
	for i, g := range m.Grads() {
		if math.Abs(g-gbatch[i]) > 1e-10*(1+math.Abs(g)) {
			t.Fatalf("gradient %d: batch %v, summed %v", i, gbatch[i], g)
		}
	}
}

func TestParamOps(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	sizes := []int{4, 8, 3}
	a := NewMLP(sizes, Tanh, rng, Init{})
	b := NewMLP(sizes, Tanh, rng, Init{})
	if n := len(a.Params()); n != 4*8+8+8*3+3 || len(a.Grads()) != n {
		t.Fatalf("parameter count %d", n)
	}
	// Layer views alias the flat vector.
	w, bias := a.Layer(1)
	w.Data[w.Stride+2] = 7
	bias[1] = 8
	if p := a.Params(); p[4*8+8+3+2] != 7 || p[4*8+8+8*3+1] != 8 {
		t.Error("Layer views do not alias Params")
	}
	dw, db := a.LayerGrad(0)
	if len(dw.Data) != 32 || len(db) != 8 || &db[0] != &a.Grads()[32] {
		t.Error("LayerGrad views do not alias Grads")
	}

	pa := append([]float64(nil), a.Params()...)
	pb := append([]float64(nil), b.Params()...)
	b.SoftUpdate(a, 0.25)
	for i, v := range b.Params() {
		if want := 0.25*pa[i] + 0.75*pb[i]; math.Abs(v-want) > 1e-15 {
			t.Fatalf("SoftUpdate[%d] = %v, want %v", i, v, want)
		}
	}
	b.CopyFrom(a)
	if !equal(b.Params(), a.Params()) {
		t.Error("CopyFrom did not copy")
	}
	c := a.Clone()
	if !equal(c.Params(), a.Params()) || &c.Params()[0] == &a.Params()[0] {
		t.Error("Clone is not an independent copy")
	}
	x := randGeneral(rng, 5, 4, 1)
	ya := append([]float64(nil), a.Forward(x).Data...)
	if !equal(c.Forward(x).Data, ya) {
		t.Error("Clone computes a different function")
	}

	for _, other := range []*MLP{
		NewMLP([]int{4, 8, 2}, Tanh, rng, Init{}),
		NewMLP(sizes, ReLU, rng, Init{}),
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("CopyFrom %v/%v did not panic", other.Sizes(), other.Activation())
				}
			}()
			a.CopyFrom(other)
		}()
	}
}

// TestNoAllocs asserts that warmed-up training steps do not allocate, with
// batch sizes and widths large enough that gonum's Dgemm would go
// parallel without tiling.
func TestNoAllocs(t *testing.T) {
	for _, tc := range []struct {
		batch, width int
	}{{64, 64}, {256, 128}} {
		t.Run(fmt.Sprintf("batch%d/width%d", tc.batch, tc.width), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(4, 4))
			const obs, acts = 10, 7
			n := tc.batch
			x := randGeneral(rng, n, obs, 1)
			actions := make([]int, n)
			for i := range actions {
				actions[i] = rng.IntN(acts)
			}
			old := make([]float64, n)
			adv := make([]float64, n)
			ret := make([]float64, n)
			for i := range adv {
				old[i] = -math.Log(acts)
				adv[i] = rng.NormFloat64()
				ret[i] = rng.NormFloat64()
			}

			// PPO with separate policy and value networks.
			pi := NewMLP([]int{obs, tc.width, tc.width, acts}, Tanh, rng, Init{OutputGain: 0.01})
			vf := NewMLP([]int{obs, tc.width, tc.width, 1}, Tanh, rng, Init{})
			piOpt := NewAdam(len(pi.Params()), AdamConfig{LR: 3e-4, Eps: 1e-5})
			vfOpt := NewAdam(len(vf.Params()), AdamConfig{LR: 3e-4, Eps: 1e-5})
			dl := general(n, acts, nil)
			dv := general(n, 1, nil)
			dx := general(n, obs, nil)
			ppo := func() {
				pi.ZeroGrad()
				vf.ZeroGrad()
				PPOLoss(dl, pi.Forward(x), actions, old, adv, PPOConfig{Clip: 0.2, EntCoef: 0.01})
				pi.Backward(dx, dl)
				MSE(dv, vf.Forward(x), nil, ret)
				vf.Backward(blas64.General{}, dv)
				ClipGradNorms(0.5, pi.Grads(), vf.Grads())
				piOpt.Step(pi.Params(), pi.Grads())
				vfOpt.Step(vf.Params(), vf.Grads())
			}

			// Dueling DQN with a Polyak target network.
			q := NewMLP([]int{obs, tc.width, tc.width, 1 + acts}, ReLU, rng, Init{Method: He})
			q.SetFMA(true)
			target := q.Clone()
			qOpt := NewAdam(len(q.Params()), AdamConfig{LR: 1e-4})
			qv := general(n, acts, nil)
			dq := general(n, acts, nil)
			dout := general(n, 1+acts, nil)
			y := make([]float64, n)
			dqn := func() {
				next := target.Forward(x)
				for i := range y {
					y[i] = ret[i] + 0.99*next.Data[i*next.Stride]
				}
				q.ZeroGrad()
				out := q.Forward(x)
				Dueling(qv, Cols(out, 0, 1), Cols(out, 1, 1+acts))
				Huber(dq, qv, actions, y)
				DuelingBackward(Cols(dout, 0, 1), Cols(dout, 1, 1+acts), dq)
				q.Backward(blas64.General{}, dout)
				ClipGradNorm(q.Grads(), 10)
				qOpt.Step(q.Params(), q.Grads())
				target.SoftUpdate(q, 0.005)
			}

			ppo()
			dqn()
			if a := testing.AllocsPerRun(20, ppo); a != 0 {
				t.Errorf("PPO step: %v allocations", a)
			}
			if a := testing.AllocsPerRun(20, dqn); a != 0 {
				t.Errorf("DQN step: %v allocations", a)
			}
		})
	}
}

func TestForwardShapes(t *testing.T) {
	m := NewMLP([]int{3, 4, 2}, ReLU, rand.New(rand.NewPCG(5, 5)), Init{})
	y := m.Forward(general(0, 3, nil))
	if y.Rows != 0 || y.Cols != 2 {
		t.Errorf("empty batch gave %d×%d", y.Rows, y.Cols)
	}
	for name, f := range map[string]func(){
		"input width":     func() { m.Forward(general(2, 4, nil)) },
		"output gradient": func() { m.Forward(general(2, 3, nil)); m.Backward(blas64.General{}, general(3, 2, nil)) },
		"input gradient":  func() { m.Forward(general(2, 3, nil)); m.Backward(general(2, 2, nil), general(2, 2, nil)) },
		"sizes":           func() { NewMLP([]int{3}, ReLU, nil, Init{}) },
		"zero size":       func() { NewMLP([]int{3, 0, 1}, ReLU, nil, Init{}) },
		"activation":      func() { NewMLP([]int{3, 1}, Activation(9), nil, Init{}) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}
