// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn

import (
	"math"

	"gonum.org/v1/gonum/blas/blas64"
)

// PPOConfig holds the coefficients of the PPO policy loss.
type PPOConfig struct {
	Clip    float64 // ε of the clipped ratio, typically 0.1–0.2
	EntCoef float64 // weight of the entropy bonus, typically 0–0.01
}

// PPOStats reports minibatch means from PPOLoss, for logging and early
// stopping on ApproxKL.
type PPOStats struct {
	Loss      float64 // Surrogate − EntCoef·Entropy, the minimized value
	Surrogate float64 // clipped surrogate loss, −min(rA, clip(r, 1±ε)A)
	Entropy   float64 // policy entropy
	ApproxKL  float64 // estimate of KL(π_old‖π), mean of (r−1) − log r
	ClipFrac  float64 // fraction of samples with |r−1| > ε
}

// PPOLoss computes the PPO policy loss (Schulman et al. 2017) for a
// minibatch of n samples with logits (n×k, one row per sample, from a
// policy network), taken actions, the log-probabilities oldLogProb of those
// actions under the policy that collected the data, and advantages adv:
//
//	L = 1/n Σᵢ −min(rᵢAᵢ, clip(rᵢ, 1−ε, 1+ε)Aᵢ) − c·1/n Σᵢ H(πᵢ),  rᵢ = πᵢ(aᵢ)/π_old(aᵢ).
//
// It sets dlogits (n×k) to ∂L/∂logits, ready for Backward, and returns L
// and its parts. Advantage normalization, if wanted, is the caller's: adv
// is used as given. dlogits must not alias logits.
func PPOLoss(dlogits, logits blas64.General, actions []int, oldLogProb, adv []float64, cfg PPOConfig) PPOStats {
	n, k := logits.Rows, logits.Cols
	if dlogits.Rows != n || dlogits.Cols != k || len(actions) != n || len(oldLogProb) != n || len(adv) != n {
		panic("nn: shape mismatch")
	}
	var st PPOStats
	if n == 0 {
		return st
	}
	inv := 1 / float64(n)
	ce := cfg.EntCoef * inv
	lo, hi := 1-cfg.Clip, 1+cfg.Clip
	for i, a := range actions {
		if a < 0 || a >= k {
			panic("nn: action out of range")
		}
		z := logits.Data[i*logits.Stride : i*logits.Stride+k]
		d := dlogits.Data[i*dlogits.Stride : i*dlogits.Stride+k]

		// d holds π while the entropy is summed.
		zmax, ls := logSumExp(z)
		var h float64
		for j, v := range z {
			lp := (v - zmax) - ls
			p := math.Exp(lp)
			d[j] = p
			h -= p * lp
		}

		logr := (z[a] - zmax) - ls - oldLogProb[i]
		r := math.Exp(logr)
		A := adv[i]
		s1, s2 := r*A, math.Min(math.Max(r, lo), hi)*A
		// The unclipped term carries the gradient whenever min selects
		// it; otherwise the sample contributes nothing but entropy.
		var g float64 // ∂L/∂log π(a)
		if s1 <= s2 {
			st.Surrogate -= s1
			g = -s1 * inv
		} else {
			st.Surrogate -= s2
		}
		st.Entropy += h
		st.ApproxKL += (r - 1) - logr
		if math.Abs(r-1) > cfg.Clip {
			st.ClipFrac++
		}

		// ∂log π(a)/∂zⱼ = [j=a] − πⱼ and ∂H/∂zⱼ = −πⱼ(log πⱼ + H).
		for j, p := range d {
			d[j] = p * (ce*((z[j]-zmax)-ls+h) - g)
		}
		d[a] += g
	}
	st.Surrogate *= inv
	st.Entropy *= inv
	st.ApproxKL *= inv
	st.ClipFrac *= inv
	st.Loss = st.Surrogate - cfg.EntCoef*st.Entropy
	return st
}
