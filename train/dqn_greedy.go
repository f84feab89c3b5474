package train

import (
	"fmt"

	"gonum.org/v1/gonum/blas/blas64"

	"github.com/tablerl/tablerl/tableenv"
	"github.com/tablerl/tablerl/train/nn"
)

// DQNGreedy is the greedy policy of a Q-network: it normalizes a raw
// observation with the table's statistics and takes the action of largest
// Q-value (ties to the lower action). It owns its network, so later
// training does not change it, and it is not safe for concurrent use (the
// network keeps its activations).
type DQNGreedy struct {
	net     *nn.MLP
	norm    obsNormalizer
	dueling bool
	x       blas64.General // 1 × dim normalized observation
	batch   []float64      // ActBatch's normalized observations
}

// NewDQNGreedy rebuilds a greedy policy from an exported Q-network: its
// snapshot (DQN.PolicySnapshot), the observation statistics it was trained
// with (Model.ObsMean, Model.ObsStd) and whether its head is dueling (value
// first, then one advantage per action).
func NewDQNGreedy(s nn.Snapshot, obsMean, obsStd []float64, dueling bool) (*DQNGreedy, error) {
	net, err := nn.FromSnapshot(s)
	if err != nil {
		return nil, err
	}
	sz := net.Sizes()
	dim, out := sz[0], sz[len(sz)-1]
	if len(obsMean) != dim || len(obsStd) != dim {
		return nil, fmt.Errorf("train: network input is %d wide, observation statistics %d and %d", dim, len(obsMean), len(obsStd))
	}
	for _, v := range obsStd {
		if !(v > 0) {
			return nil, fmt.Errorf("train: observation standard deviation %v is not positive", v)
		}
	}
	if dueling && out < 2 {
		return nil, fmt.Errorf("train: a dueling head needs at least 2 outputs, the network has %d", out)
	}
	return newDQNGreedy(net, obsMean, obsStd, dueling), nil
}

func newDQNGreedy(net *nn.MLP, mean, std []float64, dueling bool) *DQNGreedy {
	net.SetFMA(true) // the kernels DQN trains with, for the same decisions
	return &DQNGreedy{
		net:     net,
		norm:    newDivNormalizer(mean, std),
		dueling: dueling,
		x:       matrix(nil, 1, len(mean)),
	}
}

// Act returns the greedy action for a raw observation.
func (g *DQNGreedy) Act(obs []float64) int {
	g.norm.apply(g.x.Data, obs)
	return dqnArgmax(g.net.Forward(g.x), 0, g.dueling)
}

// Snapshot returns the policy's network.
func (g *DQNGreedy) Snapshot() nn.Snapshot { return g.net.Snapshot() }

// Greedy returns the current greedy policy: that of the averaged network
// (AvgTau > 0) or of the online one, copied, so later updates leave it be.
func (d *DQN) Greedy() Greedy {
	return newDQNGreedy(d.policyNet().Clone(), d.m.ObsMean, d.m.ObsStd, d.cfg.Dueling)
}

// Policy returns the greedy policy's Q-network for export.
func (d *DQN) Policy() PolicyPayload {
	s := d.PolicySnapshot()
	return PolicyPayload{Network: &s, Dueling: d.cfg.Dueling}
}

// loadDQNPolicy rebuilds a DQN policy file's greedy policy.
func loadDQNPolicy(_ *tableenv.Model, p *PolicyFile) (Greedy, error) {
	if p.Network == nil {
		return nil, fmt.Errorf("%w: a dqn policy without its network", ErrPolicy)
	}
	return NewDQNGreedy(*p.Network, p.ObsMean, p.ObsStd, p.Dueling)
}

// PolicySnapshot returns the Q-network Greedy acts with, for export;
// NewDQNGreedy rebuilds the policy from it, the model's ObsMean and ObsStd
// and Config().Dueling.
func (d *DQN) PolicySnapshot() nn.Snapshot { return d.policyNet().Snapshot() }

// policyNet is the network the greedy policy reads.
func (d *DQN) policyNet() *nn.MLP {
	if d.avg != nil {
		return d.avg
	}
	return d.online
}

// QValues appends the Q-value of every action for a raw observation to dst
// and returns it: what Act maximizes, for reports that explain a decision.
func (g *DQNGreedy) QValues(dst, obs []float64) []float64 {
	g.norm.apply(g.x.Data, obs)
	return g.qValues(dst, g.net.Forward(g.x).Data)
}

// qValues appends the Q-values of the network's output row out.
func (g *DQNGreedy) qValues(dst, out []float64) []float64 {
	if !g.dueling {
		return append(dst, out...)
	}
	v, a := out[0], out[1:]
	var mean float64
	for _, x := range a {
		mean += x
	}
	mean /= float64(len(a))
	for _, x := range a {
		dst = append(dst, v+x-mean)
	}
	return dst
}
