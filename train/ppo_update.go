package train

import (
	"errors"
	"math"

	"github.com/tablerl/tablerl/train/nn"
	"gonum.org/v1/gonum/blas/blas64"
)

// ppoUpdater runs the minibatch epochs of PPO over a collected rollout. Its
// buffers are sized once for the largest minibatch.
type ppoUpdater struct {
	p    *PPO // the learner of the current run
	perm []int

	// The current minibatch, gathered contiguous.
	obs     []float64
	actions []int
	logp    []float64
	adv     []float64
	returns []float64
	dlogits []float64
	dv      []float64

	// par computes a step's two gradients at once (see step): its part 0
	// is the policy's, with the step's entropy weight ent and its result
	// st, part 1 the value network's, with its loss vloss.
	par   *pair
	ent   float64
	st    nn.PPOStats
	vloss float64
	rows  int // rows of the current minibatch
}

func newPPOUpdater(p *PPO) *ppoUpdater {
	mb := min(p.cfg.Minibatch, p.cfg.batchSize())
	d, k := p.m.ObsDim(), p.m.NumActions()
	u := &ppoUpdater{
		perm:    make([]int, p.cfg.batchSize()),
		obs:     make([]float64, mb*d),
		actions: make([]int, mb),
		logp:    make([]float64, mb),
		adv:     make([]float64, mb),
		returns: make([]float64, mb),
		dlogits: make([]float64, mb*k),
		dv:      make([]float64, mb),
	}
	u.par = newPair(u.gradPart)
	p.pi.Reserve(max(mb, p.cfg.NumEnvs))
	p.vf.Reserve(p.cfg.batchSize())
	return u
}

var errPPONonFinite = errors.New("ppo: the gradient is not finite; lower lr or max_grad_norm")

// PPOUpdateStats are the means over an iteration's minibatches of the
// quantities PPO practitioners watch: a collapsing Entropy or a large
// ApproxKL or ClipFrac say the policy moves too fast.
type PPOUpdateStats struct {
	Loss       float64 // PolicyLoss − ent·Entropy + VFCoef·ValueLoss
	PolicyLoss float64 // clipped surrogate
	ValueLoss  float64 // ½(V − R)²
	Entropy    float64 // policy entropy, in nats
	ApproxKL   float64 // KL(π_old‖π) estimate
	ClipFrac   float64 // share of samples whose ratio left [1−ε, 1+ε]
}

// run trains for Epochs passes over the rollout with entropy weight ent.
func (u *ppoUpdater) run(p *PPO, ent float64) (PPOUpdateStats, error) {
	u.p = p
	n := len(u.perm)
	mb := min(p.cfg.Minibatch, n)
	var sum PPOUpdateStats
	var count int
	for range p.cfg.Epochs {
		for i := range u.perm {
			u.perm[i] = i
		}
		// Fisher–Yates with the learner's stream, so a resumed run
		// shuffles alike.
		for i := n - 1; i > 0; i-- {
			j := p.rng.IntN(i + 1)
			u.perm[i], u.perm[j] = u.perm[j], u.perm[i]
		}
		for lo := 0; lo < n; lo += mb {
			st, err := u.step(u.perm[lo:min(lo+mb, n)], ent)
			if err != nil {
				return PPOUpdateStats{}, err
			}
			sum.PolicyLoss += st.Surrogate
			sum.Entropy += st.Entropy
			sum.ApproxKL += st.ApproxKL
			sum.ClipFrac += st.ClipFrac
			sum.ValueLoss += u.vloss
			sum.Loss += st.Loss + p.cfg.VFCoef*u.vloss
			count++
		}
	}
	inv := 1 / float64(count)
	sum.Loss *= inv
	sum.PolicyLoss *= inv
	sum.ValueLoss *= inv
	sum.Entropy *= inv
	sum.ApproxKL *= inv
	sum.ClipFrac *= inv
	return sum, nil
}

// step does one minibatch update of both networks on the samples idx.
func (u *ppoUpdater) step(idx []int, ent float64) (nn.PPOStats, error) {
	p := u.p
	ro := p.ro
	d := ro.d
	m := len(idx)
	u.rows = m
	for r, j := range idx {
		copy(u.obs[r*d:(r+1)*d], ro.obs[j*d:(j+1)*d])
		u.actions[r] = ro.actions[j]
		u.logp[r] = ro.logp[j]
		u.adv[r] = ro.adv[j]
		u.returns[r] = ro.returns[j]
	}
	ppoNormalize(u.adv[:m])

	// The two networks' gradients are computed at once, on both cores when
	// the pair finds that faster: they share only the read-only minibatch
	// and write disjoint memory, so the result does not depend on which
	// goroutine computes which.
	u.ent = ent
	u.par.run()
	st := u.st

	norm := nn.ClipGradNorms(p.cfg.MaxGradNorm, p.pi.Grads(), p.vf.Grads())
	if math.IsNaN(norm) || math.IsInf(norm, 0) {
		return st, errPPONonFinite
	}
	p.piOpt.Step(p.pi.Params(), p.pi.Grads())
	p.vfOpt.Step(p.vf.Params(), p.vf.Grads())
	return st, nil
}

// gradPart is u.par's work: the policy's gradient (part 0) or the value
// network's (part 1) on the current minibatch.
func (u *ppoUpdater) gradPart(part int) {
	if part == 0 {
		u.policyGrad()
	} else {
		u.valueGrad()
	}
}

// policyGrad sets the policy's gradient of the clipped surrogate with
// entropy weight u.ent, averaged over the minibatch, and u.st.
func (u *ppoUpdater) policyGrad() {
	p := u.p
	m, d, k := u.rows, p.ro.d, len(p.ro.probs)
	dl := matrix(u.dlogits, m, k)
	u.st = nn.PPOLoss(dl, p.pi.Forward(matrix(u.obs, m, d)), u.actions[:m], u.logp[:m], u.adv[:m],
		nn.PPOConfig{Clip: p.cfg.Clip, EntCoef: u.ent})
	p.pi.BackwardSet(blas64.General{}, dl)
}

// valueGrad sets the value network's gradient of VFCoef·½(V − R)²,
// averaged over the minibatch.
func (u *ppoUpdater) valueGrad() {
	p := u.p
	m, d := u.rows, u.p.ro.d
	dv := matrix(u.dv, m, 1)
	mse := nn.MSE(dv, p.vf.Forward(matrix(u.obs, m, d)), nil, u.returns[:m])
	// MSE's gradient is that of the mean of (V − R)²; PPO's value loss is
	// half of it.
	s := 0.5 * p.cfg.VFCoef
	for i := range dv.Data {
		dv.Data[i] *= s
	}
	p.vf.BackwardSet(blas64.General{}, dv)
	u.vloss = 0.5 * mse
}

// ppoNormalize standardizes x in place to mean 0 and standard deviation 1
// (sample deviation, plus 1e-8 so a constant minibatch gives zeros).
func ppoNormalize(x []float64) {
	n := float64(len(x))
	if len(x) < 2 {
		clear(x)
		return
	}
	var s float64
	for _, v := range x {
		s += v
	}
	mean := s / n
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	inv := 1 / (math.Sqrt(ss/(n-1)) + 1e-8)
	for i, v := range x {
		x[i] = (v - mean) * inv
	}
}
