package train

import (
	"fmt"

	"github.com/tablerl/tablerl/tableenv"
	"github.com/tablerl/tablerl/train/nn"
)

// MLPGreedy is the deterministic policy of a categorical policy network:
// the action of the largest logit (the lowest such action on ties) for
// the observation standardized with the table's mean and deviation.
//
// It owns its copy of the weights, so it stays fixed while the learner
// that made it trains on. It keeps working buffers and is not safe for
// concurrent use; make one per goroutine.
type MLPGreedy struct {
	net   *nn.MLP
	norm  obsNormalizer
	x     []float64
	batch []float64 // ActBatch's standardized observations
}

// NewMLPGreedy returns the greedy policy of the policy network snap, whose
// input is the raw observation standardized as (obs − obsMean)/obsStd:
// that of a PPO learner's PolicySnapshot with its Model's ObsMean and
// ObsStd. Together they are what policy.json needs to act.
func NewMLPGreedy(snap nn.Snapshot, obsMean, obsStd []float64) (*MLPGreedy, error) {
	net, err := nn.FromSnapshot(snap)
	if err != nil {
		return nil, err
	}
	d := snap.Sizes[0]
	if len(obsMean) != d || len(obsStd) != d {
		return nil, fmt.Errorf("ppo: the policy takes %d inputs, the normalization has %d means and %d deviations", d, len(obsMean), len(obsStd))
	}
	for i, s := range obsStd {
		if !(s > 0) {
			return nil, fmt.Errorf("ppo: observation deviation %d is %v, want positive", i, s)
		}
	}
	return newMLPGreedy(net, newGainNormalizer(obsMean, obsStd, 1)), nil
}

func newMLPGreedy(net *nn.MLP, z obsNormalizer) *MLPGreedy {
	net.SetFMA(true) // the kernels PPO trains with, for the same decisions
	return &MLPGreedy{net: net, norm: z, x: make([]float64, z.dim())}
}

// Act returns the action of the largest logit for the raw observation obs.
func (g *MLPGreedy) Act(obs []float64) int {
	d := len(g.x)
	if len(obs) != d {
		panic(fmt.Sprintf("ppo: observation has %d values, the policy takes %d", len(obs), d))
	}
	g.norm.apply(g.x, obs)
	out := g.net.Forward(matrix(g.x, 1, d))
	return Argmax(out.Data[:out.Cols])
}

// Greedy returns the greedy policy of the current policy network, on a
// copy of its weights: later updates of the learner do not change it. It
// is the policy PolicySnapshot exports.
func (p *PPO) Greedy() Greedy {
	net, err := nn.FromSnapshot(p.PolicySnapshot())
	if err != nil {
		panic("ppo: " + err.Error()) // a snapshot of our own network
	}
	return newMLPGreedy(net, newGainNormalizer(p.m.ObsMean, p.m.ObsStd, 1))
}

// Policy returns the greedy policy's network for export (see PolicySnapshot).
func (p *PPO) Policy() PolicyPayload {
	s := p.PolicySnapshot()
	return PolicyPayload{Network: &s}
}

// loadPPOPolicy rebuilds a PPO policy file's greedy policy.
func loadPPOPolicy(_ *tableenv.Model, p *PolicyFile) (Greedy, error) {
	if p.Network == nil {
		return nil, fmt.Errorf("%w: a ppo policy without its network", ErrPolicy)
	}
	return NewMLPGreedy(*p.Network, p.ObsMean, p.ObsStd)
}

// PolicySnapshot returns a copy of the policy network: its architecture
// and parameters, logits out, for exporting the policy. Its input is the
// observation standardized with the Model's ObsMean and ObsStd (see
// NewMLPGreedy): the learner's InputGain is folded into the first layer's
// weights.
func (p *PPO) PolicySnapshot() nn.Snapshot { return p.foldGain(p.pi.Snapshot()) }

// ValueSnapshot returns a copy of the value network, for inspection, with
// the same input as PolicySnapshot's.
func (p *PPO) ValueSnapshot() nn.Snapshot { return p.foldGain(p.vf.Snapshot()) }

// foldGain scales the first layer's weights of s by the input gain, so
// that s takes standardized observations: W·(g·x) = (g·W)·x. The weights
// come first in Params, fanIn×fanOut.
func (p *PPO) foldGain(s nn.Snapshot) nn.Snapshot {
	if g := p.cfg.InputGain; g != 1 {
		w := s.Params[:s.Sizes[0]*s.Sizes[1]]
		for i := range w {
			w[i] *= g
		}
	}
	return s
}
