// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn

import "math"

// fmaGemm computes, for 0 ≤ i < m and 0 ≤ j < n,
//
//	c[i·ldc+j] = c₀ + Σₖ a[i·ars+k·aks]·b[k·ldb+j],
//
// the sum taken in order k = 0, 1, …, kk−1, each term by one fused
// multiply-add, from c₀ = c[i·ldc+j] when accumulate and 0 otherwise; with
// relu a negative result is set to 0 (NaN stays). The strides of a make
// both a and aᵀ readable in place.
//
// Every element is computed by the same sequence of correctly rounded
// operations whether the AVX2 kernel or the portable one does it, so the
// results are bit-identical on every machine. They differ in the last bits
// from blas64.Gemm, which rounds each product.
//
// Columns past the last multiple of 8 are computed in *scratch (see
// fmaTail), which grows to fmaScratch(m, kk) elements when it is shorter.
func fmaGemm(m, n, kk int, a []float64, ars, aks int, b []float64, ldb int, c []float64, ldc int, accumulate, relu bool, scratch *[]float64) {
	fmaGemmBias(m, n, kk, a, ars, aks, b, ldb, c, ldc, nil, accumulate, relu, scratch)
}

// fmaGemmBias is fmaGemm with c₀ = bias[j] when bias is not nil (and
// accumulate false): a layer's affine map in one pass, the kernels loading
// the bias where they would load c, rather than c seeded with a copy of the
// bias in every row first. The sums are the same either way.
func fmaGemmBias(m, n, kk int, a []float64, ars, aks int, b []float64, ldb int, c []float64, ldc int, bias []float64, accumulate, relu bool, scratch *[]float64) {
	if m <= 0 || n <= 0 {
		return
	}
	if kk > 0 && (len(a) <= (m-1)*ars+(kk-1)*aks || len(b) <= (kk-1)*ldb+n-1) || len(c) <= (m-1)*ldc+n-1 {
		panic("nn: fmaGemm operand too short")
	}
	if bias != nil && (accumulate || len(bias) < n) {
		panic("nn: fmaGemm bias with accumulate, or too short")
	}
	if !haveAVX2FMA || kk == 0 {
		fmaGemmGo(0, m, 0, n, kk, a, ars, aks, b, ldb, c, ldc, bias, accumulate, relu)
		return
	}
	var flags int
	if accumulate {
		flags |= kernAccumulate
	}
	if relu {
		flags |= kernReLU
	}
	if bias != nil {
		flags |= kernBias
	}
	full := n &^ (kernCols - 1)
	if full > 0 {
		fmaKernels(m, full, kk, a, ars, aks, b, ldb, c, ldc, first(bias), flags)
	}
	if full < n {
		fmaTail(m, full, n, kk, a, ars, aks, b, ldb, c, ldc, bias, flags, scratch)
	}
}

// fmaKernels runs the AVX2 kernels over all m rows of c and its first n
// columns, n a multiple of kernCols.
// bias, with kernBias, points at the bias of c's first column.
func fmaKernels(m, n, kk int, a []float64, ars, aks int, b []float64, ldb int, c []float64, ldc int, bias *float64, flags int) {
	// Blocks of 6 rows and of 4, covering all rows of an even m from 4 on
	// and all but one of an odd m from 5 on, then single rows: the 1-row
	// kernel is several times slower per row, so 32 rows go as 6·4+4+4,
	// not 6·5+1+1.
	for i := 0; i < m; {
		rows, kern := 1, kern1x8
		switch left := m - i; {
		case left >= 6 && left != 8 && left != 9:
			rows, kern = 6, kern6x8
		case left >= 4:
			rows, kern = 4, kern4x8
		}
		kern(kk, &a[i*ars], ars, aks, &b[0], ldb, &c[i*ldc], ldc, flags, n/kernCols, bias)
		i += rows
	}
}

// fmaTail computes c's columns [j0, n), fewer than kernCols, with the AVX2
// kernels on copies of b's and c's columns padded with zeros to kernCols.
// A network's output layer is that narrow (an action per column, or the
// one value), and the portable loop, one dependent chain of fused
// multiply-adds per element, is several times slower there than a kernel
// computing 8 columns of which only some are kept. The kept columns are
// computed by the same operations either way, so the results do not change.
func fmaTail(m, j0, n, kk int, a []float64, ars, aks int, b []float64, ldb int, c []float64, ldc int, bias []float64, flags int, scratch *[]float64) {
	w := n - j0
	need := fmaScratch(m, kk)
	if len(*scratch) < need {
		*scratch = make([]float64, need)
	}
	bt, ct, biast := (*scratch)[:kk*kernCols], (*scratch)[kk*kernCols:need-kernCols], (*scratch)[need-kernCols:need]
	var biasp *float64
	if bias != nil {
		copy(biast, bias[j0:n])
		clear(biast[w:])
		biasp = &biast[0]
	}
	for k := range kk {
		row := bt[k*kernCols : (k+1)*kernCols]
		copy(row, b[k*ldb+j0:k*ldb+n])
		clear(row[w:])
	}
	if flags&kernAccumulate != 0 {
		for i := range m {
			copy(ct[i*kernCols:i*kernCols+w], c[i*ldc+j0:i*ldc+n])
		}
	}
	fmaKernels(m, kernCols, kk, a, ars, aks, bt, kernCols, ct, kernCols, biasp, flags)
	for i := range m {
		copy(c[i*ldc+j0:i*ldc+n], ct[i*kernCols:i*kernCols+w])
	}
}

// fmaScratch is the scratch length fmaTail needs for an m-row product over
// kk terms.
func fmaScratch(m, kk int) int { return (kk + m + 1) * kernCols }

// The kernels' block width and flags.
const (
	kernCols       = 8
	kernAccumulate = 1
	kernReLU       = 2
	kernBias       = 4
)

// fmaGemmGo is fmaGemmBias on rows [i0, i1) and columns [j0, j1), in portable Go.
func fmaGemmGo(i0, i1, j0, j1, kk int, a []float64, ars, aks int, b []float64, ldb int, c []float64, ldc int, bias []float64, accumulate, relu bool) {
	for i := i0; i < i1; i++ {
		for j := j0; j < j1; j++ {
			var s float64
			switch {
			case accumulate:
				s = c[i*ldc+j]
			case bias != nil:
				s = bias[j]
			}
			for k := range kk {
				s = math.FMA(a[i*ars+k*aks], b[k*ldb+j], s)
			}
			if relu && s < 0 {
				s = 0
			}
			c[i*ldc+j] = s
		}
	}
}

// reluBackward sets d[i] = 0 where y[i] ≤ 0: the ReLU's derivative read
// from its output, [y > 0], with NaN passing d through.
func reluBackward(d, y []float64) {
	y = y[:len(d)]
	i := 0
	if haveAVX2FMA && len(d) >= 4 {
		i = len(d) &^ 3
		maskReLU(&d[0], &y[0], i)
	}
	for ; i < len(d); i++ {
		if y[i] <= 0 {
			d[i] = 0
		}
	}
}
