// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn

import "math"

// ClipGradNorm scales grads in place so that its Euclidean norm is at most
// maxNorm and returns the norm before clipping. As in PyTorch's
// clip_grad_norm_, the scale is maxNorm/(norm+1e-6), and a non-finite norm
// is returned without modifying grads so the caller can skip the step.
func ClipGradNorm(grads []float64, maxNorm float64) float64 {
	return ClipGradNorms(maxNorm, grads)
}

// ClipGradNorms is like ClipGradNorm for the concatenation of several
// gradient vectors, such as those of separate policy and value networks
// clipped jointly.
func ClipGradNorms(maxNorm float64, grads ...[]float64) float64 {
	var ss float64
	for _, g := range grads {
		for _, v := range g {
			ss += v * v
		}
	}
	norm := math.Sqrt(ss)
	if math.IsNaN(norm) || math.IsInf(norm, 0) {
		return norm
	}
	if s := ClipScale(norm, maxNorm); s < 1 {
		for _, g := range grads {
			for i := range g {
				g[i] *= s
			}
		}
	}
	return norm
}

// ClipScale is the factor ClipGradNorm scales a gradient of Euclidean norm
// norm by: maxNorm/(norm+1e-6) when that is below 1, else 1. It is for
// callers that compute the norm themselves, such as one shared by
// goroutines that each scale a part of the gradient.
func ClipScale(norm, maxNorm float64) float64 {
	return min(maxNorm/(norm+1e-6), 1)
}
