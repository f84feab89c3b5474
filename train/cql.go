package train

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/blas/blas64"

	"github.com/tablerl/tablerl/tableenv"
)

// CQLConfig holds discrete conservative Q-learning's parameters: DQN's
// network and update, and CQL's α. Its budget counts minibatch updates.
type CQLConfig struct {
	BaseConfig `yaml:",inline"`
	// Alpha weighs the conservative term α·(log Σ_a exp Q(s, a) − Q(s, a_logged)),
	// which pushes down the values of actions the log did not take.
	Alpha        float64 `yaml:"alpha" json:"alpha"`
	BatchSize    int     `yaml:"batch_size" json:"batch_size"`
	LR           float64 `yaml:"lr" json:"lr"`
	Gamma        float64 `yaml:"gamma" json:"gamma"`
	Tau          float64 `yaml:"tau" json:"tau"`
	AvgTau       float64 `yaml:"avg_tau" json:"avg_tau"`
	Double       bool    `yaml:"double" json:"double"`
	Dueling      bool    `yaml:"dueling" json:"dueling"`
	MaxGradNorm  float64 `yaml:"max_grad_norm" json:"max_grad_norm"`
	Hidden       []int   `yaml:"hidden" json:"hidden"`
	IterateSteps int     `yaml:"iterate_steps" json:"iterate_steps"`
	log          *tableenv.Log
}

// DefaultCQLConfig is DQN's network and update (64×64 dueling, double,
// Adam 1e-3, γ 0.95, Polyak targets) with α = 0.3, for 10,000 updates. On
// TeaStore's log (seed 1, random starts) α = 0.3 reached a normalized score
// of 94.9 in 10,000 updates, α = 1 (d3rlpy's DiscreteCQL default) 85.4:
// the logging policy is close to uniform, so the log covers every action
// and strong conservatism only holds the values back.
func DefaultCQLConfig() CQLConfig {
	d := DefaultDQNConfig()
	return CQLConfig{BaseConfig: offlineBase(10_000), Alpha: 0.3, BatchSize: d.BatchSize, LR: d.LR, Gamma: d.Gamma,
		Tau: d.Tau, AvgTau: d.AvgTau, Double: d.Double, Dueling: d.Dueling, MaxGradNorm: d.MaxGradNorm,
		Hidden: d.BaseHidden, IterateSteps: 1_000}
}

// SetLog hands the config the log to learn from.
func (c *CQLConfig) SetLog(l *tableenv.Log) { c.log = l }

// dqn is the DQN configuration CQL's network and update run with: one
// environment that never steps, a replay of exactly the log, updates from
// the first step.
func (c *CQLConfig) dqn(transitions int) DQNConfig {
	return DQNConfig{BaseConfig: c.BaseConfig, NumEnvs: 1, BufferSize: max(transitions, 1), BatchSize: c.BatchSize,
		LR: c.LR, Gamma: c.Gamma, Exploration: Exploration{EpsStart: 1, EpsEnd: 1, EpsFraction: 1},
		IterateSteps: c.IterateSteps, TrainFreq: 1, GradientSteps: 1, Tau: c.Tau, AvgTau: c.AvgTau,
		Double: c.Double, Dueling: c.Dueling, MaxGradNorm: c.MaxGradNorm, Hidden: c.Hidden, TargetUpdate: 1}
}

// Validate reports the first invalid field, by its yaml name.
func (c *CQLConfig) Validate() error {
	if !(c.Alpha >= 0) || math.IsInf(c.Alpha, 0) {
		return paramError("cql", "alpha", "must be 0 or more (0: plain offline DQN)")
	}
	d := c.dqn(1)
	if err := d.Validate(); err != nil {
		return renameAlgo(err)
	}
	return nil
}

// renameAlgo reports a DQN parameter's error as CQL's.
func renameAlgo(err error) error {
	return errors.New(strings.Replace(err.Error(), "train: dqn", "train: cql", 1))
}

// Params lists CQL's parameters, the base's first.
func (c *CQLConfig) Params() []Param {
	return append(c.BaseConfig.params(),
		Param{Name: "alpha", Usage: "weight of the conservative penalty on actions the log did not take", Value: (*floatValue)(&c.Alpha)},
		Param{Name: "batch_size", Usage: "logged transitions per minibatch", Value: (*intValue)(&c.BatchSize)},
		Param{Name: "lr", Usage: "Adam's learning rate", Value: (*floatValue)(&c.LR)},
		Param{Name: "gamma", Usage: "discount of the bootstrapped target, in [0, 1)", Value: (*floatValue)(&c.Gamma)},
		Param{Name: "tau", Usage: "Polyak rate of the target network", Value: (*floatValue)(&c.Tau)},
		Param{Name: "avg_tau", Usage: "Polyak rate of the averaged policy network (0: the online network)", Value: (*floatValue)(&c.AvgTau)},
		Param{Name: "double", Usage: "double Q-learning targets", Value: (*boolValue)(&c.Double)},
		Param{Name: "dueling", Usage: "dueling value and advantage head", Value: (*boolValue)(&c.Dueling)},
		Param{Name: "max_grad_norm", Usage: "gradient norm clip (0: none)", Value: (*floatValue)(&c.MaxGradNorm)},
		Param{Name: "hidden", Usage: "hidden layer widths, comma-separated", Value: (*intsValue)(&c.Hidden)},
		Param{Name: "iterate_steps", Usage: "updates between progress reports and checkpoints", Value: (*intValue)(&c.IterateSteps)},
	)
}

// CQL is discrete conservative Q-learning (Kumar et al. 2020) on DQN's
// network: DQN's double, dueling Huber update over minibatches of the
// log's transitions, plus α times the gap between the soft maximum of a
// state's Q-values and the logged action's. It never steps the table
// environment; its policy is a DQN policy, exported and loaded as one.
type CQL struct {
	d   *DQN
	cfg CQLConfig
}

// NewCQL returns a CQL learner over cfg's log.
func NewCQL(m *tableenv.Model, cfg CQLConfig) (*CQL, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	l, err := offlineLog("cql", cfg.log, m)
	if err != nil {
		return nil, err
	}
	d, err := NewDQN(m, cfg.dqn(len(l.T)))
	if err != nil {
		return nil, err
	}
	for _, t := range l.T {
		d.replay.add(int(t.Row), int(t.Action), t.Reward, int(t.Next), false)
	}
	d.cqlAlpha = cfg.Alpha
	return &CQL{d: d, cfg: cfg}, nil
}

// Algo is "cql".
func (c *CQL) Algo() string { return "cql" }

// Steps is the number of minibatch updates done.
func (c *CQL) Steps() int { return c.d.steps }

// StepUnit is one update.
func (c *CQL) StepUnit() (int, string) {
	return 1, fmt.Sprintf("minibatch updates of %d logged transitions", c.cfg.BatchSize)
}

// SetTotalSteps changes the budget (the learning rate is constant).
func (c *CQL) SetTotalSteps(n int) { c.d.cfg.TotalSteps, c.cfg.TotalSteps = n, n }

// Iterate does IterateSteps updates (capped at TotalSteps).
func (c *CQL) Iterate() (Progress, error) {
	d := c.d
	end := d.steps + c.cfg.IterateSteps
	if d.steps < c.cfg.TotalSteps {
		end = min(end, c.cfg.TotalSteps)
	}
	for d.steps < end {
		if err := d.update(); err != nil {
			return d.progress(), err
		}
		d.steps++
	}
	p := d.progress()
	p.MeanReturn = c.cfg.log.MeanReturn()
	return p, nil
}

// Greedy is the Q-network's greedy policy.
func (c *CQL) Greedy() Greedy { return c.d.Greedy() }

// Policy exports the Q-network as DQN does.
func (c *CQL) Policy() PolicyPayload { return c.d.Policy() }

// MarshalBinary saves the learner's state (DQN's, its replay the log).
func (c *CQL) MarshalBinary() ([]byte, error) { return c.d.MarshalBinary() }

// UnmarshalBinary restores a state MarshalBinary saved, on the same table.
func (c *CQL) UnmarshalBinary(data []byte) error {
	if err := c.d.UnmarshalBinary(data); err != nil {
		return err
	}
	c.d.cqlAlpha = c.cfg.Alpha
	return nil
}

// cqlPenalty adds CQL's term, alpha/B · Σ_i (logsumexp Q(s_i, ·) −
// Q(s_i, a_i)), to a minibatch's loss gradient dq (∂L/∂Q, rows × actions)
// and returns its value, the sum over rows of q, part of a minibatch of B
// rows.
func cqlPenalty(dq, q blas64.General, actions []int, alpha float64, b int) float64 {
	inv := alpha / float64(b)
	var loss float64
	for i, a := range actions {
		row := q.Data[i*q.Stride : i*q.Stride+q.Cols]
		g := dq.Data[i*dq.Stride : i*dq.Stride+dq.Cols]
		hi := row[Argmax(row)]
		var sum float64
		for _, v := range row {
			sum += math.Exp(v - hi)
		}
		for j, v := range row {
			g[j] += inv * math.Exp(v-hi) / sum
		}
		g[a] -= inv
		loss += inv * (hi + math.Log(sum) - row[a])
	}
	return loss
}
