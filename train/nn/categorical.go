// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn

import (
	"math"

	"gonum.org/v1/gonum/blas/blas64"
)

// The functions in this file treat one row of logits z as the categorical
// distribution π = softmax(z). All are computed through the log-sum-exp
// shifted by max(z), so large logits do not overflow.

// LogSumExp returns log Σⱼ exp(z[j]).
func LogSumExp(z []float64) float64 {
	hi, ls := logSumExp(z)
	return hi + ls
}

// logSumExp returns max(z) and log Σⱼ exp(z[j] − max(z)) separately, so
// that log πⱼ = (zⱼ − hi) − ls keeps full precision for large logits.
func logSumExp(z []float64) (hi, ls float64) {
	hi = math.Inf(-1)
	for _, v := range z {
		hi = max(hi, v)
	}
	if math.IsInf(hi, 0) {
		return hi, 0
	}
	var s float64
	for _, v := range z {
		s += math.Exp(v - hi)
	}
	return hi, math.Log(s)
}

// LogSoftmax sets dst[j] = log π(j) = z[j] − logΣexp(z). dst and z may be
// the same slice.
func LogSoftmax(dst, z []float64) {
	if len(dst) != len(z) {
		panic("nn: length mismatch")
	}
	hi, ls := logSumExp(z)
	for j, v := range z {
		dst[j] = (v - hi) - ls
	}
}

// Softmax sets dst to π = softmax(z). dst and z may be the same slice.
func Softmax(dst, z []float64) {
	LogSoftmax(dst, z)
	for j, v := range dst {
		dst[j] = math.Exp(v)
	}
}

// LogProb returns log π(a).
func LogProb(z []float64, a int) float64 {
	hi, ls := logSumExp(z)
	return (z[a] - hi) - ls
}

// Entropy returns H(π) = −Σⱼ π(j) log π(j).
func Entropy(z []float64) float64 {
	hi, ls := logSumExp(z)
	var h float64
	for _, v := range z {
		lp := (v - hi) - ls
		h -= math.Exp(lp) * lp
	}
	return h
}

// LogProbs sets dst[i] to the log-probability of actions[i] under row i of
// logits, for instance to record the behaviour policy's log-probabilities
// before a PPO epoch.
func LogProbs(dst []float64, logits blas64.General, actions []int) {
	if len(dst) != logits.Rows || len(actions) != logits.Rows {
		panic("nn: length mismatch")
	}
	for i, a := range actions {
		dst[i] = LogProb(logits.Data[i*logits.Stride:i*logits.Stride+logits.Cols], a)
	}
}
