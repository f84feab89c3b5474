package train

import (
	"math"
	"unsafe"

	"gonum.org/v1/gonum/blas/blas64"

	"github.com/tablerl/tablerl/train/nn"
)

// update does one minibatch step of (double) Q-learning:
//
//	y = r + γ(1−done)·Q_target(s′, a*),  a* = argmax_a Q_online(s′, a) (double)
//	                                     or argmax_a Q_target(s′, a)
//
// minimizing the Huber loss of Q_online(s, a) − y.
//
// It runs on two cores, in three jobs of d.par (see dqnPhase): the
// minibatch's two halves through the networks, then the gradient's two
// halves through the sum, clipping, Adam and the Polyak updates. The
// split is fixed, two parts whatever the machine, and the parts' gradients
// and losses are added in a fixed order, so the result does not depend on
// GOMAXPROCS, on scheduling or on whether d.par ran the parts at once or
// in sequence. It differs in the last bits from an update of the whole
// minibatch at once: a weight's gradient is a sum over the rows, taken in
// two parts.
//
// An earlier split of the minibatch between goroutines gained about 10%:
// waking a goroutine per part cost as much as the parts. d.par's helper
// spins between jobs instead, and BenchmarkDQNUpdate measured the update
// 1.5× faster than in sequence at hidden 64,64, 1.6× at 96,96 and 1.7× at
// 128,128 on this project's idle 2-core machine (the two cores each run
// these kernels about 15% slower together than one alone). When other
// processes keep the cores busy, d.par measures that and runs the parts
// in sequence.
func (d *DQN) update() error {
	c := &d.cfg
	d.replay.sample(d.rng, d.idx)
	d.runPhase(phaseRows)
	d.loss = d.partLoss[0] + d.partLoss[1]
	d.runPhase(phaseSum)

	d.scale = 1
	if c.MaxGradNorm > 0 {
		norm := math.Sqrt(d.partSquares[0] + d.partSquares[1])
		if math.IsNaN(norm) || math.IsInf(norm, 0) {
			return errDQNDiverged
		}
		d.scale = nn.ClipScale(norm, c.MaxGradNorm)
	} else if math.IsNaN(d.loss) || math.IsInf(d.loss, 0) {
		return errDQNDiverged
	}
	d.opt.SetLR(d.lr())
	d.opt.Advance()
	d.updates++
	d.hardCopy = c.Tau == 0 && d.updates%c.TargetUpdate == 0
	d.runPhase(phaseStep)
	return nil
}

// dqnPhase is the job of a d.par run in an update.
type dqnPhase int

const (
	// phaseRows: the Forward and Backward passes of the part's minibatch
	// rows, into the part's gradient (dqnParts.rows).
	phaseRows dqnPhase = iota
	// phaseSum: the sum of the two parts' gradients over the part's
	// parameters (dqnParts.params), and its sum of squares, for the norm.
	phaseSum
	// phaseStep: the clipping, Adam and Polyak updates of the part's
	// parameters.
	phaseStep
)

func (d *DQN) runPhase(ph dqnPhase) {
	d.phase = ph
	d.par.run()
}

// updatePart is d.par's work: part p of the current phase.
func (d *DQN) updatePart(p int) {
	switch d.phase {
	case phaseRows:
		d.partLoss[p] = d.rowsPart(d.parts.rows[p], d.parts.rows[p+1], d.on[p], d.tg[p])
	case phaseSum:
		lo, hi := d.parts.params[p], d.parts.params[p+1]
		d.partSquares[p] = addSquares(d.on[0].Grads()[lo:hi], d.on[1].Grads()[lo:hi])
	case phaseStep:
		d.stepPart(d.parts.params[p], d.parts.params[p+1])
	}
}

// rowsPart sets the gradient of on, a share of the online network, to
// that of the minibatch loss's rows [lo, hi) and returns their part of the
// loss, tg being a share of the target network. The loss is the mean over
// the whole minibatch, so the parts' gradients and losses add up to its.
func (d *DQN) rowsPart(lo, hi int, on, tg *nn.MLP) float64 {
	if lo == hi {
		on.ZeroGrad()
		return 0
	}
	c, rb, dim := &d.cfg, d.replay, d.dim
	// The minibatch's transitions and then their observations are read at
	// random from megabytes (a replay of 100,000 and a table of thousands
	// of rows): asking for all of them first lets their cache misses
	// overlap. On load10-7x7x7 the copies below were 6.7% of DQN's time.
	for _, j := range d.idx[lo:hi] {
		prefetch(unsafe.Pointer(&rb.t[j]), int(unsafe.Sizeof(transition{})))
	}
	rowBytes := dim * 8
	for _, j := range d.idx[lo:hi] {
		t := &rb.t[j]
		prefetch(unsafe.Pointer(&d.obs[int(t.row)*dim]), rowBytes)
		prefetch(unsafe.Pointer(&d.obs[int(t.next)*dim]), rowBytes)
	}
	for i := lo; i < hi; i++ {
		t := &rb.t[d.idx[i]]
		r, n := int(t.row), int(t.next)
		copy(d.x.Data[i*dim:(i+1)*dim], d.obs[r*dim:(r+1)*dim])
		copy(d.xn.Data[i*dim:(i+1)*dim], d.obs[n*dim:(n+1)*dim])
		d.actions[i] = int(t.action)
	}
	x, xn := nn.Rows(d.x, lo, hi), nn.Rows(d.xn, lo, hi)
	best, y, actions := d.best[lo:hi], d.y[lo:hi], d.actions[lo:hi]

	// The online network's outputs for s′ are read before its Forward on s,
	// which overwrites them.
	if c.Double {
		out := on.Forward(xn)
		for i := range best {
			best[i] = dqnArgmax(out, i, c.Dueling)
		}
	}
	out := tg.Forward(xn)
	if !c.Double {
		for i := range best {
			best[i] = dqnArgmax(out, i, c.Dueling)
		}
	}
	tq := d.qValues(out, lo, hi)
	for i := range y {
		t := &rb.t[d.idx[lo+i]]
		y[i] = t.reward
		if !t.done {
			y[i] += c.Gamma * tq.Data[i*tq.Stride+best[i]]
		}
	}

	q := d.qValues(on.Forward(x), lo, hi)
	dq := nn.Rows(d.dq, lo, hi)
	loss := nn.HuberPart(dq, q, actions, y, len(d.idx))
	if d.cqlAlpha > 0 {
		loss += cqlPenalty(dq, q, actions, d.cqlAlpha, len(d.idx))
	}
	if c.Dueling {
		dout := nn.Rows(d.dout, lo, hi)
		nn.DuelingBackward(nn.Cols(dout, 0, 1), nn.Cols(dout, 1, d.nAct+1), dq)
		on.BackwardSet(blas64.General{}, dout)
	} else {
		on.BackwardSet(blas64.General{}, dq)
	}
	return loss
}

// stepPart does the optimizer step of the online network's parameters
// [lo, hi), their gradient summed and d.scale the clipping factor, then
// moves the same parameters of the target and averaged networks.
func (d *DQN) stepPart(lo, hi int) {
	c := &d.cfg
	params, g := d.online.Params(), d.online.Grads()
	if s := d.scale; s < 1 {
		for i := lo; i < hi; i++ {
			g[i] *= s
		}
	}
	// The averaged and target networks follow in Adam's pass.
	var avg, tgt nn.Follower
	if d.avg != nil {
		avg = nn.Follower{Params: d.avg.Params(), Tau: c.AvgTau}
	}
	if c.Tau > 0 {
		tgt = nn.Follower{Params: d.target.Params(), Tau: c.Tau}
	}
	d.opt.StepRangeFollowed(params, g, lo, hi, avg, tgt)
	if c.Tau == 0 && d.hardCopy {
		copy(d.target.Params()[lo:hi], params[lo:hi])
	}
}

// qValues turns rows [lo, hi) of a network output, out, into Q-values: out
// itself, or for a dueling head its value and advantage streams combined
// into the same rows of d.q.
func (d *DQN) qValues(out blas64.General, lo, hi int) blas64.General {
	if !d.cfg.Dueling {
		return out
	}
	q := nn.Rows(d.q, lo, hi)
	nn.Dueling(q, nn.Cols(out, 0, 1), nn.Cols(out, 1, d.nAct+1))
	return q
}
