// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn

import (
	"fmt"
	"math"
)

// Activation is an element-wise nonlinearity applied after a hidden layer.
// The output layer of an MLP is always Identity: heads and losses work on
// raw values (logits, Q-values, state values).
type Activation int

const (
	Identity Activation = iota
	ReLU
	Tanh
)

var activationNames = [...]string{
	Identity: "identity",
	ReLU:     "relu",
	Tanh:     "tanh",
}

// String returns the lowercase name of a, as used in Snapshot.
func (a Activation) String() string {
	if a < 0 || int(a) >= len(activationNames) {
		return fmt.Sprintf("Activation(%d)", int(a))
	}
	return activationNames[a]
}

// ParseActivation returns the Activation named s, as returned by String.
func ParseActivation(s string) (Activation, error) {
	for i, name := range activationNames {
		if name == s {
			return Activation(i), nil
		}
	}
	return 0, fmt.Errorf("nn: unknown activation %q", s)
}

func (a Activation) valid() bool { return a >= 0 && int(a) < len(activationNames) }

// apply sets x[i] = a(x[i]) in place.
func (a Activation) apply(x []float64) {
	switch a {
	case ReLU:
		for i, v := range x {
			if v < 0 {
				x[i] = 0
			}
		}
	case Tanh:
		for i, v := range x {
			x[i] = math.Tanh(v)
		}
	}
}

// backward sets d[i] *= a'(z[i]) in place. The derivative is computed from
// the activation output y = a(z) so that Forward need not keep the
// pre-activations: relu'(z) = [y > 0] and tanh'(z) = 1 − y².
func (a Activation) backward(d, y []float64) {
	y = y[:len(d)]
	switch a {
	case ReLU:
		reluBackward(d, y)
	case Tanh:
		for i, v := range y {
			d[i] *= 1 - v*v
		}
	}
}
