// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn

import (
	"math"

	"gonum.org/v1/gonum/blas/blas64"
)

// MSE returns the mean squared error between one selected element per row
// of y and the targets,
//
//	L = 1/n Σᵢ (y[i, idx[i]] − target[i])²,
//
// and sets dy (shape of y) to ∂L/∂y, zero outside the selected elements,
// ready for Backward. n = y.Rows = len(target). With idx nil, column 0 is
// selected: the case of a scalar value head. For DQN, idx holds the taken
// actions and y the Q-values.
func MSE(dy, y blas64.General, idx []int, target []float64) float64 {
	checkSelect(dy, y, idx, target)
	n := len(target)
	if n == 0 {
		return 0
	}
	inv := 1 / float64(n)
	var loss float64
	for i, t := range target {
		j := col(idx, i)
		row := dy.Data[i*dy.Stride : i*dy.Stride+dy.Cols]
		clear(row)
		e := y.Data[i*y.Stride+j] - t
		loss += e * e
		row[j] = 2 * e * inv
	}
	return loss * inv
}

// Huber returns the mean Huber loss with δ = 1 (smooth L1) between one
// selected element per row of y and the targets,
//
//	L = 1/n Σᵢ h(y[i, idx[i]] − target[i]),  h(e) = e²/2 if |e| ≤ 1, |e| − 1/2 otherwise,
//
// and sets dy like MSE. Its gradient is the TD error clipped to [−1, 1],
// the DQN choice for robustness to large errors.
func Huber(dy, y blas64.General, idx []int, target []float64) float64 {
	return HuberPart(dy, y, idx, target, len(target))
}

// HuberPart is Huber on the rows of a part of a minibatch of n rows (n at
// least the part's rows): the loss and gradient are those of the mean over
// all n rows, restricted to the part's. The gradient rows are Huber's on
// the whole minibatch bit for bit, and the parts' losses add up to its
// loss, so goroutines can each take some rows of one minibatch.
func HuberPart(dy, y blas64.General, idx []int, target []float64, n int) float64 {
	checkSelect(dy, y, idx, target)
	if n < len(target) {
		panic("nn: minibatch smaller than its part")
	}
	if len(target) == 0 {
		return 0
	}
	inv := 1 / float64(n)
	var loss float64
	for i, t := range target {
		j := col(idx, i)
		row := dy.Data[i*dy.Stride : i*dy.Stride+dy.Cols]
		clear(row)
		e := y.Data[i*y.Stride+j] - t
		if a := math.Abs(e); a <= 1 {
			loss += 0.5 * e * e
		} else {
			loss += a - 0.5
			e = math.Copysign(1, e)
		}
		row[j] = e * inv
	}
	return loss * inv
}

func checkSelect(dy, y blas64.General, idx []int, target []float64) {
	if y.Rows != len(target) || dy.Rows != y.Rows || dy.Cols != y.Cols {
		panic("nn: shape mismatch")
	}
	if idx != nil && len(idx) != len(target) {
		panic("nn: index length mismatch")
	}
	for _, j := range idx {
		if j < 0 || j >= y.Cols {
			panic("nn: index out of range")
		}
	}
}

func col(idx []int, i int) int {
	if idx == nil {
		return 0
	}
	return idx[i]
}
