// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn

// Share returns an MLP that uses m's parameters, not a copy of them, with
// gradients and working buffers (activations, backpropagated deltas) of
// its own. It is how a minibatch is split between goroutines: each runs
// Forward and Backward on its rows through its own share, concurrently,
// and the shares' Grads are then added up in a fixed order, which makes
// the result independent of scheduling.
//
// Writes to the parameters, through either network, are seen by both:
// an optimizer step, SoftUpdate or CopyFrom on m must not run while a
// share is in Forward or Backward. A share starts with zero gradients,
// keeps m's SetFMA choice and, like any MLP, must itself be used by one
// goroutine at a time.
func (m *MLP) Share() *MLP {
	s := newMLPOn(m.sizes, m.act, m.params)
	s.SetFMA(m.fma)
	return s
}
