package train

import (
	"math"

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
// It runs on one core: splitting the minibatch between goroutines was
// measured to gain about 10% on this project's 2-vCPU machines, not worth a
// goroutine per update.
func (d *DQN) update() error {
	c, rb, dim := &d.cfg, d.replay, d.dim
	rb.sample(d.rng, d.idx)
	for i, j := range d.idx {
		t := &rb.t[j]
		r, n := int(t.row), int(t.next)
		copy(d.x.Data[i*dim:(i+1)*dim], d.obs[r*dim:(r+1)*dim])
		copy(d.xn.Data[i*dim:(i+1)*dim], d.obs[n*dim:(n+1)*dim])
		d.actions[i] = int(t.action)
	}

	// The online network's outputs for s′ are read before its Forward on s,
	// which overwrites them.
	if c.Double {
		out := d.online.Forward(d.xn)
		for i := range d.best {
			d.best[i] = dqnArgmax(out, i, c.Dueling)
		}
	}
	out := d.target.Forward(d.xn)
	if !c.Double {
		for i := range d.best {
			d.best[i] = dqnArgmax(out, i, c.Dueling)
		}
	}
	tq := d.qValues(out)
	for i, j := range d.idx {
		t := &rb.t[j]
		d.y[i] = t.reward
		if !t.done {
			d.y[i] += c.Gamma * tq.Data[i*tq.Stride+d.best[i]]
		}
	}

	d.online.ZeroGrad()
	q := d.qValues(d.online.Forward(d.x))
	d.loss = nn.Huber(d.dq, q, d.actions, d.y)
	if d.cqlAlpha > 0 {
		d.loss += cqlPenalty(d.dq, q, d.actions, d.cqlAlpha)
	}
	if c.Dueling {
		nn.DuelingBackward(nn.Cols(d.dout, 0, 1), nn.Cols(d.dout, 1, d.nAct+1), d.dq)
		d.online.Backward(blas64.General{}, d.dout)
	} else {
		d.online.Backward(blas64.General{}, d.dq)
	}
	if c.MaxGradNorm > 0 {
		if norm := nn.ClipGradNorm(d.online.Grads(), c.MaxGradNorm); math.IsNaN(norm) || math.IsInf(norm, 0) {
			return errDQNDiverged
		}
	} else if math.IsNaN(d.loss) || math.IsInf(d.loss, 0) {
		return errDQNDiverged
	}
	d.opt.SetLR(d.lr())
	d.opt.Step(d.online.Params(), d.online.Grads())
	d.updates++

	if d.avg != nil {
		d.avg.SoftUpdate(d.online, c.AvgTau)
	}
	if c.Tau > 0 {
		d.target.SoftUpdate(d.online, c.Tau)
	} else if d.updates%c.TargetUpdate == 0 {
		d.target.CopyFrom(d.online)
	}
	return nil
}

// qValues turns a network output into Q-values: the output itself, or for
// a dueling head its value and advantage streams combined into d.q.
func (d *DQN) qValues(out blas64.General) blas64.General {
	if !d.cfg.Dueling {
		return out
	}
	nn.Dueling(d.q, nn.Cols(out, 0, 1), nn.Cols(out, 1, d.nAct+1))
	return d.q
}
