// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// Forward computes the network output for the minibatch x, one sample per
// row, x.Cols == Sizes()[0]. Any stride is accepted.
//
// The returned n×out matrix is a view of an internal buffer, overwritten
// by the next call to Forward. Forward keeps a reference to x, not a copy,
// for Backward: x must not be modified between the two calls.
//
// Forward allocates only when x has more rows than ever before (see
// Reserve).
func (m *MLP) Forward(x blas64.General) blas64.General {
	if x.Cols != m.sizes[0] {
		panic("nn: input width mismatch")
	}
	n := x.Rows
	m.Reserve(n)
	m.x, m.n = x, n
	last := len(m.w) - 1
	in := x
	for l, w := range m.w {
		c := w.Cols
		y := blas64.General{Rows: n, Cols: c, Stride: c, Data: m.out[l][:n*c]}
		b := m.b[l]
		relu := l != last && m.act == ReLU
		if m.fma {
			fmaGemmBias(n, c, w.Rows, in.Data, in.Stride, 1, w.Data, w.Stride, y.Data, c, b, false, relu, &m.tail)
		} else {
			// Seed each row with the bias so one Gemm with beta=1
			// finishes the affine map.
			for i := 0; i < n; i++ {
				copy(y.Data[i*c:i*c+c], b)
			}
			gemm(blas.NoTrans, blas.NoTrans, 1, in, w, 1, y)
		}
		if l != last && !(m.fma && relu) {
			m.act.apply(y.Data)
		}
		in = y
	}
	return in
}

// Backward backpropagates dy = ∂L/∂y, the gradient of a loss with respect
// to the output of the most recent Forward (same shape), adding ∂L/∂θ to
// Grads. If dx.Data is not nil, Backward also sets dx (shape of x) to
// ∂L/∂x; pass blas64.General{} to skip that product.
//
// Gradients accumulate across calls, so call ZeroGrad before each
// optimizer step, or use BackwardSet. Backward does not allocate and
// leaves the activations of Forward intact, but dy must not alias internal
// buffers other than the output of Forward.
func (m *MLP) Backward(dx, dy blas64.General) { m.backward(dx, dy, true) }

// BackwardSet is ZeroGrad followed by Backward, bit for bit, in one pass:
// with the fused kernels (SetFMA) each gradient is written once, as its
// sum's first term, instead of cleared and then added to. A minibatch
// update that takes one Backward per step spares the clearing pass, about
// 2% of DQN's time.
func (m *MLP) BackwardSet(dx, dy blas64.General) {
	if !m.fma {
		m.ZeroGrad()
	}
	m.backward(dx, dy, !m.fma)
}

// backward is Backward, adding to the gradients when accumulate and
// setting them otherwise, which only the fused kernels do (BackwardSet).
func (m *MLP) backward(dx, dy blas64.General, accumulate bool) {
	if m.x.Stride == 0 {
		panic("nn: Backward without Forward")
	}
	n := m.n
	if dy.Rows != n || dy.Cols != m.sizes[len(m.sizes)-1] {
		panic("nn: output gradient shape mismatch")
	}
	if dx.Data != nil && (dx.Rows != n || dx.Cols != m.sizes[0]) {
		panic("nn: input gradient shape mismatch")
	}
	cur := dy
	for l := len(m.w) - 1; l >= 0; l-- {
		in := m.x
		if l > 0 {
			c := m.sizes[l]
			in = blas64.General{Rows: n, Cols: c, Stride: c, Data: m.out[l-1][:n*c]}
		}
		// ∂L/∂Wₗ += hₗᵀ·δₗ and ∂L/∂bₗ += Σ_rows δₗ.
		db := m.db[l]
		if m.fma {
			dw := m.dw[l]
			fmaGemm(dw.Rows, dw.Cols, n, in.Data, 1, in.Stride, cur.Data, cur.Stride, dw.Data, dw.Stride, accumulate, false, &m.tail)
			// The bias gradient as the product 1ᵀ·δₗ: each term is
			// fma(1, δ, s), the same rounded sum s + δ as the loop below,
			// in the same order, computed eight columns at a time.
			fmaGemm(1, len(db), n, unitRow[:], 0, 0, cur.Data, cur.Stride, db, len(db), accumulate, false, &m.tail)
		} else {
			gemm(blas.Trans, blas.NoTrans, 1, in, cur, 1, m.dw[l])
			for i := 0; i < n; i++ {
				row := cur.Data[i*cur.Stride : i*cur.Stride+len(db)]
				for j, v := range row {
					db[j] += v
				}
			}
		}
		// ∂L/∂hₗ = δₗ·Wₗᵀ, then through the activation to δₗ₋₁.
		switch {
		case l > 0:
			c := m.sizes[l]
			next := blas64.General{Rows: n, Cols: c, Stride: c, Data: m.delta[l&1][:n*c]}
			m.inputGrad(next, cur, l)
			m.act.backward(next.Data, in.Data)
			cur = next
		case dx.Data != nil:
			m.inputGrad(dx, cur, 0)
		}
	}
}

// unitRow is the one-element left operand of the bias gradient's product:
// read with both strides 0, it is a row of ones as long as the batch.
var unitRow = [1]float64{1}

// inputGrad sets dx = δ·Wₗᵀ, the gradient at the input of layer l given
// δ = cur at its output. The fused kernel reads its right operand by rows,
// so it multiplies by a transposed copy of Wₗ: a weight matrix is far
// smaller than the product.
func (m *MLP) inputGrad(dx, cur blas64.General, l int) {
	w := m.w[l]
	if !m.fma {
		gemm(blas.NoTrans, blas.Trans, 1, cur, w, 0, dx)
		return
	}
	wt := m.wt[:len(w.Data)]
	transpose(wt, w.Rows, w.Data, w.Stride, w.Rows, w.Cols)
	fmaGemm(dx.Rows, dx.Cols, w.Cols, cur.Data, cur.Stride, 1, wt, w.Rows, dx.Data, dx.Stride, false, false, &m.tail)
}

// transpose sets dst[j·ldd+i] = src[i·lds+j] for i < rows and j < cols:
// with AVX2, 4×4 tiles of it at once, about five times faster than the
// loop that does the edges (BenchmarkTranspose), which matters because
// Backward transposes every weight matrix it propagates through, in each
// of DQN's two update parts.
func transpose(dst []float64, ldd int, src []float64, lds, rows, cols int) {
	if rows <= 0 || cols <= 0 {
		return
	}
	if len(src) < (rows-1)*lds+cols || len(dst) < (cols-1)*ldd+rows {
		panic("nn: transpose operand too short")
	}
	r4, c4 := 0, 0
	if haveAVX2FMA && rows >= 4 && cols >= 4 {
		r4, c4 = rows&^3, cols&^3
		transpose4(&dst[0], ldd, &src[0], lds, r4, c4)
	}
	for i := range rows {
		j0 := c4
		if i >= r4 {
			j0 = 0
		}
		for j := j0; j < cols; j++ {
			dst[j*ldd+i] = src[i*lds+j]
		}
	}
}
