// Copyright ©2025 The tablerl Authors. All rights reserved.

// Package nn provides the small float64 neural-network toolkit used by the
// tablerl PPO and DQN learners: multilayer perceptrons with hand-written
// backpropagation on gonum BLAS, the Adam optimizer, gradient clipping and
// the losses and heads those learners need.
//
// # Networks
//
// An MLP is a stack of dense layers with a shared hidden Activation (ReLU,
// Tanh or Identity) and an identity output layer. Minibatches are
// row-major blas64.General matrices, one sample per row. Forward returns a
// view of the network's output buffer; Backward takes ∂L/∂output, adds the
// parameter gradients into Grads and optionally returns ∂L/∂input.
//
// All parameters live in one flat []float64 (Params) with a gradient
// vector of the same layout (Grads), so optimizers, clipping, checkpoints,
// hard target updates (CopyFrom) and Polyak averaging (SoftUpdate) operate
// on plain slices. Layer and LayerGrad return per-layer views. Snapshot
// and FromSnapshot give a JSON-friendly form including the architecture.
//
// Weights are initialized orthogonally or by He's scheme, with separate
// gains for hidden and output layers (see Init); biases start at zero.
// Equal seeds give equal networks.
//
// # Allocation and performance
//
// Working buffers are sized for the largest batch seen (or reserved with
// Reserve); after that Forward, Backward, the losses, Adam.Step,
// ClipGradNorm and SoftUpdate do not allocate. GEMMs use blas64.Gemm with
// transpose flags, split into tiles that keep gonum's implementation on
// its serial path: its parallel path allocates per call and does not pay
// off at these layer widths. MLP.SetFMA selects fused multiply-add kernels
// instead (AVX2 assembly where the CPU has it, ReLU fused into the
// product), several times faster at these widths; their results differ
// from blas64.Gemm's in the last bits but are the same on every machine,
// the portable fallback doing the same correctly rounded operations in the
// same order. Adam.Step is vectorized the same way, bit for bit.
// Learners wanting more throughput should run independent networks or
// minibatches in parallel goroutines, one MLP per goroutine: Clone for a
// copy, Share for one that uses the same parameters with gradients and
// working buffers of its own, so that goroutines can take rows of one
// minibatch each (HuberPart normalizes a part's loss by the whole
// minibatch). Adam.StepRange and SoftUpdateRange split the step after it
// by parameter range, with the same result as one goroutine's.
//
// # Losses and heads
//
// Loss functions take the network output and write the gradient of the
// minibatch-mean loss into a caller-provided matrix, ready for Backward:
//
//   - MSE and Huber (δ = 1) on one selected column per row: the taken
//     action's Q-value for DQN, or column 0 (nil index) for a value head.
//   - PPOLoss: the clipped surrogate minus an entropy bonus, from logits,
//     with LogSoftmax, LogProb, LogProbs, Entropy and Softmax for the
//     categorical policy itself.
//   - Dueling and DuelingBackward combine V and A streams into Q. Cols
//     takes column views, so one network with 1+k outputs can carry both.
//
// # A PPO minibatch update
//
//	st := nn.PPOLoss(dlogits, pi.Forward(obs), actions, oldLogProb, adv,
//		nn.PPOConfig{Clip: 0.2, EntCoef: 0.01})
//	pi.BackwardSet(blas64.General{}, dlogits) // ZeroGrad and Backward in one pass
//	vloss := nn.MSE(dv, vf.Forward(obs), nil, returns)
//	vf.BackwardSet(blas64.General{}, dv)
//	nn.ClipGradNorms(0.5, pi.Grads(), vf.Grads())
//	piOpt.Step(pi.Params(), pi.Grads())
//	vfOpt.Step(vf.Params(), vf.Grads())
//
// Loss weights such as a value coefficient are applied by scaling the
// output gradient before Backward; with separate Adam optimizers they
// matter only through ε and joint clipping. Learning-rate annealing is
// Adam.SetLR.
//
// # A DQN minibatch update
//
//	next := target.Forward(nextObs) // n×k Q-values of the target network
//	for i := range y {
//		y[i] = reward[i] + gamma*(1-done[i])*maxRow(next, i) // learner's helper
//	}
//	nn.Huber(dq, q.Forward(obs), actions, y)
//	q.BackwardSet(blas64.General{}, dq)
//	nn.ClipGradNorm(q.Grads(), 10)
//	opt.Step(q.Params(), q.Grads())
//	target.SoftUpdate(q, 0.005) // or target.CopyFrom(q) every C steps
//
// For double DQN evaluate the online network on nextObs first and read its
// argmax before the Forward on obs, which overwrites the output buffer.
package nn
