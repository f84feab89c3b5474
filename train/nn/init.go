// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// InitMethod is a weight initialization scheme.
type InitMethod int

const (
	// Orthogonal draws each weight matrix uniformly from the (semi-)
	// orthogonal matrices and scales it by the layer gain, so that
	// WᵀW = gain²·I when fan-in ≥ fan-out and WWᵀ = gain²·I otherwise.
	// This is the PPO default (Engstrom et al. 2020, Andrychowicz et al.
	// 2021).
	Orthogonal InitMethod = iota

	// He draws each weight from N(0, gain²/fanIn). With the default hidden
	// gain √2 this is He (Kaiming) normal initialization.
	He
)

// Init configures the initialization of an MLP. Biases are always zero.
//
// Gain scales hidden layers and OutputGain the output layer. Zero values
// select the defaults: Gain √2, suitable for ReLU and, following PPO
// practice, for Tanh too; OutputGain 1. PPO uses OutputGain 0.01 for the
// policy head, so that the initial policy is near uniform, and 1 for the
// value head:
//
//	policy := nn.NewMLP([]int{obs, 64, 64, acts}, nn.Tanh, rng, nn.Init{OutputGain: 0.01})
//	value := nn.NewMLP([]int{obs, 64, 64, 1}, nn.Tanh, rng, nn.Init{})
type Init struct {
	Method     InitMethod
	Gain       float64
	OutputGain float64
}

func (c Init) gains() (hidden, output float64) {
	hidden, output = c.Gain, c.OutputGain
	if hidden == 0 {
		hidden = math.Sqrt2
	}
	if output == 0 {
		output = 1
	}
	return hidden, output
}

// initWeights fills the fanIn×fanOut matrix w according to method.
// Random numbers are drawn in a fixed order so that equal seeds give equal
// networks.
func initWeights(w blas64.General, method InitMethod, gain float64, rng *rand.Rand) {
	switch method {
	case Orthogonal:
		orthogonal(w, gain, rng)
	case He:
		std := gain / math.Sqrt(float64(w.Rows))
		for i := 0; i < w.Rows; i++ {
			row := w.Data[i*w.Stride : i*w.Stride+w.Cols]
			for j := range row {
				row[j] = std * normal(rng)
			}
		}
	default:
		panic("nn: unknown init method")
	}
}

// orthogonal sets w to gain times a random (semi-)orthogonal matrix, using
// the QR decomposition of a Gaussian matrix with the signs of R's diagonal
// folded into Q so the result is Haar distributed (Mezzadri 2007).
func orthogonal(w blas64.General, gain float64, rng *rand.Rand) {
	r, c := w.Rows, w.Cols
	tall := r >= c
	if !tall {
		r, c = c, r
	}
	g := mat.NewDense(r, c, nil)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			g.Set(i, j, normal(rng))
		}
	}
	var qr mat.QR
	qr.Factorize(g)
	var q, rr mat.Dense
	qr.QTo(&q)
	qr.RTo(&rr)
	for j := 0; j < c; j++ {
		s := gain
		if rr.At(j, j) < 0 {
			s = -gain
		}
		for i := 0; i < r; i++ {
			v := s * q.At(i, j)
			if tall {
				w.Data[i*w.Stride+j] = v
			} else {
				w.Data[j*w.Stride+i] = v
			}
		}
	}
}

// normal returns a standard normal variate from rng, or from the global
// source if rng is nil.
func normal(rng *rand.Rand) float64 {
	if rng == nil {
		return rand.NormFloat64()
	}
	return rng.NormFloat64()
}
