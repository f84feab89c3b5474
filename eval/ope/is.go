package ope

import (
	"math"

	"github.com/tablerl/tablerl/tableenv"
)

var nan = math.NaN()

// prepared holds one policy's per-step quantities over a Data's episodes:
// cumulative importance weights, rewards, and FQE's q̂ and v̂ for the
// doubly robust estimators.
type prepared struct {
	d *Data
	p *Policy
	// W[e][t] = Π_{k≤t} π(a_k | row_k) / μ_k.
	W [][]float64
	// qhat[e][t] = Q̂(s_t, a_t), vhat[e][t] = V̂(row_t), FQE's with H − t to go.
	qhat, vhat [][]float64
}

func prepare(d *Data, p *Policy) *prepared {
	m := d.Log.Model()
	h := m.Horizon()
	ones := make([]float64, len(d.Episodes))
	for i := range ones {
		ones[i] = 1
	}
	q, _ := fitFQE(d, p, ones)
	pr := &prepared{d: d, p: p}
	for e, ep := range d.Episodes {
		W, qh, vh := make([]float64, h), make([]float64, h), make([]float64, h)
		cum := 1.0
		for t, tr := range ep {
			left := h - t
			r, s, a := int(tr.Row), int(tr.State), int(tr.Action)
			cum *= p.Prob(r, left, a) / d.Mu[e][t]
			W[t] = cum
			qh[t] = qAt(m, q, left, s, a)
			i := ((left-1)*m.NumStates() + s) * m.NumActions()
			vh[t] = p.value(r, left, q[i:i+m.NumActions()])
		}
		pr.W, pr.qhat, pr.vhat = append(pr.W, W), append(pr.qhat, qh), append(pr.vhat, vh)
	}
	return pr
}

// is is trajectory importance sampling: the w-weighted mean of W_H·G.
func (pr *prepared) is(w []float64) float64 {
	var s, ws float64
	for e, ep := range pr.d.Episodes {
		s += w[e] * pr.W[e][len(ep)-1] * episodeReturn(ep)
		ws += w[e]
	}
	return s / ws
}

// wis is weighted importance sampling: Σ w·W_H·G / Σ w·W_H; NaN when no
// episode has weight (the target never agrees with a whole logged episode).
func (pr *prepared) wis(w []float64) float64 {
	var s, ws float64
	for e, ep := range pr.d.Episodes {
		W := pr.W[e][len(ep)-1]
		s += w[e] * W * episodeReturn(ep)
		ws += w[e] * W
	}
	if ws == 0 {
		return nan
	}
	return s / ws
}

// pdis is per-decision importance sampling: Σ_t W_t r_t, averaged.
func (pr *prepared) pdis(w []float64) float64 {
	var s, ws float64
	for e, ep := range pr.d.Episodes {
		var g float64
		for t, tr := range ep {
			g += pr.W[e][t] * tr.Reward
		}
		s += w[e] * g
		ws += w[e]
	}
	return s / ws
}

// dr is the per-decision doubly robust estimate (Jiang & Li 2016):
// Σ_t W_t (r_t − q̂_t) + W_{t−1} v̂_t, W_{−1} = 1, averaged.
func (pr *prepared) dr(w []float64) float64 {
	var s, ws float64
	for e, ep := range pr.d.Episodes {
		var g float64
		prev := 1.0
		for t, tr := range ep {
			W := pr.W[e][t]
			g += W*(tr.Reward-pr.qhat[e][t]) + prev*pr.vhat[e][t]
			prev = W
		}
		s += w[e] * g
		ws += w[e]
	}
	return s / ws
}

// wdr is weighted doubly robust (Thomas & Brunskill 2016): dr with each
// step's weights normalized across the episodes, w̄_{−1} = 1/n; a step
// where no episode keeps weight contributes only its v̂ term.
func (pr *prepared) wdr(w []float64) float64 {
	h := pr.d.Log.Model().Horizon()
	var ws float64
	for _, x := range w {
		ws += x
	}
	var total float64
	prevNorm := ws // Σ_e w_e W_{e,t−1}, with W_{−1} = 1
	for t := 0; t < h; t++ {
		var norm float64
		for e := range pr.d.Episodes {
			norm += w[e] * pr.W[e][t]
		}
		for e, ep := range pr.d.Episodes {
			if w[e] == 0 {
				continue
			}
			tr := ep[t]
			prevW := 1.0
			if t > 0 {
				prevW = pr.W[e][t-1]
			}
			if norm > 0 {
				total += w[e] * pr.W[e][t] / norm * (tr.Reward - pr.qhat[e][t])
			}
			if prevNorm > 0 {
				total += w[e] * prevW / prevNorm * pr.vhat[e][t]
			}
		}
		prevNorm = norm
	}
	return total
}

func episodeReturn(ep []tableenv.Transition) float64 {
	var g float64
	for _, t := range ep {
		g += t.Reward
	}
	return g
}
