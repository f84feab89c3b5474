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
func fmaGemm(m, n, kk int, a []float64, ars, aks int, b []float64, ldb int, c []float64, ldc int, accumulate, relu bool) {
	if m <= 0 || n <= 0 {
		return
	}
	if kk > 0 && (len(a) <= (m-1)*ars+(kk-1)*aks || len(b) <= (kk-1)*ldb+n-1) || len(c) <= (m-1)*ldc+n-1 {
		panic("nn: fmaGemm operand too short")
	}
	i := 0
	if haveAVX2FMA && kk > 0 {
		var flags int
		if accumulate {
			flags |= kernAccumulate
		}
		if relu {
			flags |= kernReLU
		}
		// Blocks of 6 rows and of 4, covering all rows of an even m from
		// 4 on and all but one of an odd m from 5 on, then single rows:
		// the 1-row kernel is several times slower per row, so 32 rows
		// go as 6·4+4+4, not 6·5+1+1.
		for i < m {
			rows, kern := 1, kern1x8
			switch left := m - i; {
			case left >= 6 && left != 8 && left != 9:
				rows, kern = 6, kern6x8
			case left >= 4:
				rows, kern = 4, kern4x8
			}
			j := 0
			for ; j+kernCols <= n; j += kernCols {
				kern(kk, &a[i*ars], ars, aks, &b[j], ldb, &c[i*ldc+j], ldc, flags)
			}
			fmaGemmGo(i, i+rows, j, n, kk, a, ars, aks, b, ldb, c, ldc, accumulate, relu)
			i += rows
		}
	}
	fmaGemmGo(i, m, 0, n, kk, a, ars, aks, b, ldb, c, ldc, accumulate, relu)
}

// The kernels' block width and flags.
const (
	kernCols       = 8
	kernAccumulate = 1
	kernReLU       = 2
)

// fmaGemmGo is fmaGemm on rows [i0, i1) and columns [j0, j1), in portable Go.
func fmaGemmGo(i0, i1, j0, j1, kk int, a []float64, ars, aks int, b []float64, ldb int, c []float64, ldc int, accumulate, relu bool) {
	for i := i0; i < i1; i++ {
		for j := j0; j < j1; j++ {
			var s float64
			if accumulate {
				s = c[i*ldc+j]
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
