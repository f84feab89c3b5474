// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn

import (
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/blas/blas64"
)

// MLP is a fully connected feed-forward network
//
//	h₀ = x,  hₗ₊₁ = act(hₗ·Wₗ + bₗ),  y = h_{L−1}·W_{L−1} + b_{L−1}
//
// acting on row-major minibatches (one sample per row). The hidden layers
// share one Activation; the output layer is the identity.
//
// All weights and biases live in one flat slice, Params, laid out layer by
// layer as Wₗ (fanIn×fanOut, row-major) followed by bₗ, and Grads has the
// same layout. Optimizers, clipping, Polyak averaging and checkpointing
// therefore work on plain []float64.
//
// An MLP keeps the activations of the most recent Forward for Backward, so
// it must not be used concurrently; use Clone for per-goroutine copies,
// or Share for per-goroutine networks on the same parameters.
type MLP struct {
	sizes []int
	act   Activation

	params []float64
	grads  []float64
	w, dw  []blas64.General // views of params and grads
	b, db  [][]float64

	// State of the most recent Forward.
	x   blas64.General // input, referenced, not copied
	n   int            // batch size
	out [][]float64    // output of each layer, capacity rows each

	delta [2][]float64 // ping-pong buffers for backpropagated gradients
	rows  int          // batch capacity of out and delta

	// fma selects the fused multiply-add kernels (SetFMA); wt then holds
	// a layer's transposed weights for Backward, and tail the padded
	// copies of the products' narrow last columns (fmaTail).
	fma  bool
	wt   []float64
	tail []float64
}

// NewMLP returns an MLP with layer widths sizes (input first, output last;
// at least two entries), the given hidden activation and weights
// initialized from rng by init. A nil rng uses the global source of
// math/rand/v2, which is not reproducible.
func NewMLP(sizes []int, hidden Activation, rng *rand.Rand, init Init) *MLP {
	m := newMLP(sizes, hidden)
	hg, og := init.gains()
	last := len(m.w) - 1
	for l, w := range m.w {
		g := hg
		if l == last {
			g = og
		}
		initWeights(w, init.Method, g, rng)
	}
	return m
}

// newMLP returns an MLP with zero parameters.
func newMLP(sizes []int, act Activation) *MLP {
	return newMLPOn(sizes, act, nil)
}

// newMLPOn returns an MLP whose parameters are params, or new zero ones if
// params is nil; params must have the architecture's length.
func newMLPOn(sizes []int, act Activation, params []float64) *MLP {
	if len(sizes) < 2 {
		panic("nn: need at least input and output sizes")
	}
	if !act.valid() {
		panic("nn: invalid activation")
	}
	var n int
	for l, s := range sizes {
		if s <= 0 {
			panic("nn: non-positive layer size")
		}
		if l > 0 {
			n += sizes[l-1]*s + s
		}
	}
	if params == nil {
		params = make([]float64, n)
	} else if len(params) != n {
		panic("nn: parameter length mismatch")
	}
	layers := len(sizes) - 1
	m := &MLP{
		sizes:  append([]int(nil), sizes...),
		act:    act,
		params: params,
		grads:  make([]float64, n),
		w:      make([]blas64.General, layers),
		dw:     make([]blas64.General, layers),
		b:      make([][]float64, layers),
		db:     make([][]float64, layers),
		out:    make([][]float64, layers),
	}
	var off int
	for l := range layers {
		in, out := sizes[l], sizes[l+1]
		m.w[l] = blas64.General{Rows: in, Cols: out, Stride: out, Data: m.params[off : off+in*out : off+in*out]}
		m.dw[l] = blas64.General{Rows: in, Cols: out, Stride: out, Data: m.grads[off : off+in*out : off+in*out]}
		off += in * out
		m.b[l] = m.params[off : off+out : off+out]
		m.db[l] = m.grads[off : off+out : off+out]
		off += out
	}
	return m
}

// Sizes returns a copy of the layer widths, input first.
func (m *MLP) Sizes() []int { return append([]int(nil), m.sizes...) }

// Activation returns the hidden activation.
func (m *MLP) Activation() Activation { return m.act }

// Layers returns the number of dense layers, len(Sizes())-1.
func (m *MLP) Layers() int { return len(m.w) }

// Params returns the flat parameter vector. It is the network's storage,
// not a copy: writes change the network.
func (m *MLP) Params() []float64 { return m.params }

// Grads returns the flat gradient vector, laid out like Params. Backward
// accumulates into it, BackwardSet overwrites it.
func (m *MLP) Grads() []float64 { return m.grads }

// Layer returns views of the weights (fanIn×fanOut) and bias of layer l.
func (m *MLP) Layer(l int) (w blas64.General, b []float64) { return m.w[l], m.b[l] }

// LayerGrad returns views of the weight and bias gradients of layer l.
func (m *MLP) LayerGrad(l int) (dw blas64.General, db []float64) { return m.dw[l], m.db[l] }

// ZeroGrad sets all gradients to zero.
func (m *MLP) ZeroGrad() { clear(m.grads) }

// CopyFrom sets the parameters of m to those of src, as for a hard target
// network update. The architectures must match.
func (m *MLP) CopyFrom(src *MLP) {
	m.mustMatch(src)
	copy(m.params, src.params)
}

// SoftUpdate moves the parameters of m towards those of src,
//
//	θ ← τ·θ_src + (1−τ)·θ,
//
// as for a Polyak-averaged target network. The architectures must match.
func (m *MLP) SoftUpdate(src *MLP, tau float64) {
	m.SoftUpdateRange(src, tau, 0, len(m.params))
}

// SoftUpdateRange is SoftUpdate on the parameters [lo, hi) only, so that
// goroutines can share an update between them by parameter range; the
// update is elementwise, so the result is SoftUpdate's bit for bit however
// the parameters are split.
func (m *MLP) SoftUpdateRange(src *MLP, tau float64, lo, hi int) {
	m.mustMatch(src)
	p := m.params[lo:hi]
	s := src.params[lo:hi]
	i := 0
	if haveAVX2FMA && len(p) >= 4 {
		i = len(p) &^ 3 // the same operations four at a time, bit for bit
		softUpdate(&p[0], &s[0], i, tau)
	}
	for ; i < len(p); i++ {
		p[i] += tau * (s[i] - p[i])
	}
}

// Clone returns an independent copy of m with the same parameters and zero
// gradients. Working buffers are not shared.
func (m *MLP) Clone() *MLP {
	c := newMLP(m.sizes, m.act)
	copy(c.params, m.params)
	c.SetFMA(m.fma)
	return c
}

// SetFMA selects the kernels of Forward and Backward: with on, fused
// multiply-add kernels (AVX2 where the CPU has it, ReLU fused into the
// product) that are several times faster than blas64.Gemm at these layer
// widths and give bit-identical results on every machine, differing from
// the default kernels' in the last bits. Clone keeps the choice; Snapshot
// does not record it.
func (m *MLP) SetFMA(on bool) {
	m.fma = on
	if on && m.wt == nil {
		var n int
		for _, w := range m.w {
			n = max(n, len(w.Data))
		}
		m.wt = make([]float64, n)
	}
}

// FMA reports whether the fused multiply-add kernels are selected.
func (m *MLP) FMA() bool { return m.fma }

// Reserve preallocates working buffers for minibatches of up to rows
// samples. Forward grows the buffers on demand, so Reserve only moves that
// allocation out of the training loop.
func (m *MLP) Reserve(rows int) {
	if rows <= m.rows {
		return
	}
	var widest int
	for l := range m.out {
		w := m.sizes[l+1]
		m.out[l] = make([]float64, rows*w)
		if l < len(m.out)-1 {
			widest = max(widest, w)
		}
	}
	m.delta[0] = make([]float64, rows*widest)
	m.delta[1] = make([]float64, rows*widest)
	// The longest product a batch of rows takes is rows long or as long as
	// the widest layer, and the other of the two is at most that layer.
	m.tail = make([]float64, fmaScratch(rows, slices.Max(m.sizes)))
	m.rows = rows
	m.x, m.n = blas64.General{}, 0 // activations are gone
}

func (m *MLP) mustMatch(o *MLP) {
	if m.act != o.act || len(m.sizes) != len(o.sizes) {
		panic("nn: architecture mismatch")
	}
	for i, s := range m.sizes {
		if o.sizes[i] != s {
			panic("nn: architecture mismatch")
		}
	}
}
