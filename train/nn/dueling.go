// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn

import "gonum.org/v1/gonum/blas/blas64"

// Dueling combines a state-value stream v (n×1) and an advantage stream a
// (n×k) into Q-values (Wang et al. 2016),
//
//	q[i, j] = v[i] + a[i, j] − 1/k Σₗ a[i, l].
//
// Subtracting the mean makes V and A identifiable. v and a are typically
// column views of one network output with k+1 columns (see Cols). q must
// not alias v or a.
func Dueling(q, v, a blas64.General) {
	n, k := a.Rows, a.Cols
	if v.Rows != n || v.Cols != 1 || q.Rows != n || q.Cols != k {
		panic("nn: shape mismatch")
	}
	inv := 1 / float64(k)
	for i := 0; i < n; i++ {
		ar := a.Data[i*a.Stride : i*a.Stride+k]
		var mean float64
		for _, x := range ar {
			mean += x
		}
		off := v.Data[i*v.Stride] - mean*inv
		qr := q.Data[i*q.Stride : i*q.Stride+k]
		for j, x := range ar {
			qr[j] = x + off
		}
	}
}

// DuelingBackward sets dv and da to the gradients of a loss with respect to
// the inputs of Dueling, given dq = ∂L/∂q:
//
//	dv[i] = Σⱼ dq[i, j],  da[i, j] = dq[i, j] − 1/k Σₗ dq[i, l].
//
// dv and da may be column views of one gradient matrix for Backward.
func DuelingBackward(dv, da, dq blas64.General) {
	n, k := dq.Rows, dq.Cols
	if dv.Rows != n || dv.Cols != 1 || da.Rows != n || da.Cols != k {
		panic("nn: shape mismatch")
	}
	inv := 1 / float64(k)
	for i := 0; i < n; i++ {
		g := dq.Data[i*dq.Stride : i*dq.Stride+k]
		var s float64
		for _, x := range g {
			s += x
		}
		dv.Data[i*dv.Stride] = s
		s *= inv
		d := da.Data[i*da.Stride : i*da.Stride+k]
		for j, x := range g {
			d[j] = x - s
		}
	}
}

// Cols returns the view of columns [i, j) of m, sharing its data.
func Cols(m blas64.General, i, j int) blas64.General {
	if i < 0 || j < i || j > m.Cols {
		panic("nn: column range out of bounds")
	}
	if m.Rows == 0 || i == j {
		return blas64.General{Rows: m.Rows, Cols: j - i, Stride: m.Stride}
	}
	return blas64.General{Rows: m.Rows, Cols: j - i, Stride: m.Stride, Data: m.Data[i:]}
}

// Rows returns the view of rows [i, j) of m, sharing its data: the part of
// a minibatch one goroutine works on.
func Rows(m blas64.General, i, j int) blas64.General {
	if i < 0 || j < i || j > m.Rows {
		panic("nn: row range out of bounds")
	}
	if i == j || m.Cols == 0 {
		return blas64.General{Rows: j - i, Cols: m.Cols, Stride: m.Stride}
	}
	return blas64.General{Rows: j - i, Cols: m.Cols, Stride: m.Stride, Data: m.Data[i*m.Stride : (j-1)*m.Stride+m.Cols]}
}
