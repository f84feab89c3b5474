// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func TestPPOGradient(t *testing.T) {
	for _, tc := range []struct {
		cfg    PPOConfig
		ratios []float64 // π/π_old per sample, cycled; away from 1±ε
	}{
		{PPOConfig{Clip: 0.2}, []float64{1}},
		{PPOConfig{Clip: 0.2, EntCoef: 0.01}, []float64{1}},
		{PPOConfig{Clip: 0.2, EntCoef: 0.01}, []float64{0.5, 0.9, 1.1, 1.5}},
		{PPOConfig{Clip: 0.1, EntCoef: 0.5}, []float64{0.3, 2, 1.05}},
		{PPOConfig{Clip: 0.2, EntCoef: 1}, []float64{0.5, 1.5}},
	} {
		t.Run(fmt.Sprintf("%+v/%v", tc.cfg, tc.ratios), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(9, 10))
			const n, k = 8, 5
			logits := randGeneral(rng, n, k, 2)
			actions := make([]int, n)
			old := make([]float64, n)
			adv := make([]float64, n)
			for i := range actions {
				actions[i] = rng.IntN(k)
				// Alternate advantage signs so that every clipping
				// case occurs.
				adv[i] = (0.5 + rng.Float64()) * float64(1-2*(i/len(tc.ratios)%2))
				r := tc.ratios[i%len(tc.ratios)]
				old[i] = LogProb(logits.Data[i*k:(i+1)*k], actions[i]) - math.Log(r)
			}
			dl := general(n, k, nil)
			PPOLoss(dl, logits, actions, old, adv, tc.cfg)
			grad := append([]float64(nil), dl.Data...)
			checkGrad(t, "logits", logits.Data, grad, func() float64 {
				return PPOLoss(dl, logits, actions, old, adv, tc.cfg).Loss
			})
		})
	}
}

func TestPPOStats(t *testing.T) {
	logits := general(4, 2, []float64{0, 0, 0, 0, 0, 0, 0, 0})
	actions := []int{0, 1, 0, 1}
	lp := -math.Log(2)
	// Ratios 1, 1, 2 and 0.5.
	old := []float64{lp, lp, lp - math.Log(2), lp + math.Log(2)}
	adv := []float64{1, -1, 1, 1}
	dl := general(4, 2, nil)
	st := PPOLoss(dl, logits, actions, old, adv, PPOConfig{Clip: 0.2, EntCoef: 0.1})

	// Samples: −1·1, +1·1, −1.2·1 (clipped at 1+ε), −0.5·1 (not clipped:
	// min picks the unclipped, pessimistic term).
	wantSurr := (-1 + 1 - 1.2 - 0.5) / 4
	wantKL := (0 + 0 + (1 - math.Log(2)) + (-0.5 + math.Log(2))) / 4
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"Surrogate", st.Surrogate, wantSurr},
		{"Entropy", st.Entropy, math.Log(2)},
		{"Loss", st.Loss, wantSurr - 0.1*math.Log(2)},
		{"ApproxKL", st.ApproxKL, wantKL},
		{"ClipFrac", st.ClipFrac, 0.5},
	} {
		if math.Abs(c.got-c.want) > 1e-14 {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	// At a uniform policy the entropy gradient vanishes, and the clipped
	// sample 2 has no gradient at all.
	if dl.Data[4] != 0 || dl.Data[5] != 0 {
		t.Errorf("clipped sample has gradient %v", dl.Data[4:6])
	}
}
