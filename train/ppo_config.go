package train

import (
	"errors"
	"fmt"

	"github.com/tablerl/tablerl/dataset/limits"
	"github.com/tablerl/tablerl/train/nn"
)

// PPOConfig holds the hyperparameters of the PPO learner. The zero value is
// not usable; start from DefaultPPOConfig and change what you need.
type PPOConfig struct {
	// BaseConfig's TotalSteps sets the annealing schedules; the driver
	// stops calling Iterate when Steps reaches it.
	BaseConfig `yaml:",inline"`
	// NumEnvs environments are stepped together, RolloutLen steps each per
	// iteration, so an iteration collects NumEnvs×RolloutLen samples.
	NumEnvs    int `yaml:"num_envs" json:"num_envs"`
	RolloutLen int `yaml:"rollout_len" json:"rollout_len"`
	// Epochs passes over each rollout, in shuffled minibatches of
	// Minibatch samples (the last one smaller when they do not divide).
	Epochs    int `yaml:"epochs" json:"epochs"`
	Minibatch int `yaml:"minibatch" json:"minibatch"`

	// LR is Adam's learning rate, for both networks. With AnnealLR it
	// decreases linearly to 0 over TotalSteps.
	LR       float64 `yaml:"lr" json:"lr"`
	AnnealLR bool    `yaml:"anneal_lr" json:"anneal_lr"`
	// AdamEps is Adam's ε (PPO implementations use 1e-5).
	AdamEps float64 `yaml:"adam_eps" json:"adam_eps"`

	// Gamma discounts the value targets and Lambda weighs GAE. The
	// objective is the undiscounted return over the horizon, but a
	// stationary value needs Gamma < 1 to stay finite when truncated
	// episodes are bootstrapped.
	Gamma  float64 `yaml:"gamma" json:"gamma"`
	Lambda float64 `yaml:"lambda" json:"lambda"`

	// Clip is the ratio clipping ε of the surrogate loss.
	Clip float64 `yaml:"clip" json:"clip"`
	// EntCoef weighs the entropy bonus; it moves linearly to EntCoefEnd
	// over TotalSteps (equal values: constant).
	EntCoef    float64 `yaml:"ent_coef" json:"ent_coef"`
	EntCoefEnd float64 `yaml:"ent_coef_end" json:"ent_coef_end"`
	// VFCoef weighs the value loss ½(V−R)² against the policy loss; with
	// separate networks it matters through the joint gradient clipping.
	VFCoef float64 `yaml:"vf_coef" json:"vf_coef"`
	// MaxGradNorm clips the joint gradient norm of both networks.
	MaxGradNorm float64 `yaml:"max_grad_norm" json:"max_grad_norm"`

	// Hidden are the hidden layer widths of both the policy and the value
	// network (they share no parameters), Activation their nonlinearity
	// ("tanh" or "relu").
	Hidden     []int  `yaml:"hidden" json:"hidden"`
	Activation string `yaml:"activation" json:"activation"`
	// InputGain multiplies the standardized observation before the
	// networks see it. Above 1, knob levels one step apart differ by more
	// than their standardized ~0.4, which makes the networks less smooth
	// across neighbouring configurations (for rugged reward landscapes).
	// Exported policies have it folded into their first layer, so they
	// take plainly standardized observations.
	InputGain float64 `yaml:"input_gain" json:"input_gain"`
	// CountBonus weighs a count-based exploration bonus, in standard
	// deviations of the rows' rewards: a valid move into a state the
	// learner has entered n times earns CountBonus·sd/√n more while
	// training (0: off; off under a dynamic spec). See visitBonus.
	CountBonus float64 `yaml:"count_bonus" json:"count_bonus"`
}

// DefaultPPOConfig returns the defaults. First tuned on the TeaStore
// table (seed 1 within 0.1% of the exact optimum from row 558 and from a
// random start), then on the embedded demo and the `tablerl gen suite`
// tables, where the earlier defaults (128 environments, entropy 0.05 → 0,
// whole-horizon episodes, no bonus) missed a mean normalized score of 99
// on load4-3x6x6 (98.8; seeds 1, 4 and 6 of 6 at 96.4, their policies
// leaving the best configuration for a broad second basin) and
// load8-9x9x9-full (98.2; every seed settled on a smooth optimum and left
// a lone better configuration). What changed, measured with seed 1
// (normalized score, 100 = optimal):
//
//   - NumEnvs 256, not 128: the same gradient steps on rollouts twice as
//     large. load4-3x6x6 seeds 1, 4 and 6 went from 96.4 to 99.9+; the
//     demo, where 64 had settled on a local optimum, stayed at 99.8.
//   - EntCoef 0.1 annealed to EntCoefEnd 0.02 rather than 0.05 to 0:
//     load8-9x9x9-full 98.1–99.0 over seeds 1–3 (from 97.9–98.2),
//     replicas-cpu-9x9-l12 99.3 → 99.8, load6-6x6x6 98.7 → 99.6.
//   - EpisodeSteps 10 with CountBonus 4 (about one reward unit at the
//     first visit on these tables, whose reward sd is 0.18–0.25): many
//     more episode starts at uniformly drawn rows, and an incentive to
//     enter the states the policy's own walks avoid, which is where a
//     lone best configuration hides. load8-9x9x9-full seeds 1–3: 99.67,
//     99.83, 99.8; either alone did not reach 99 on all three.
//
// Short rollouts of many environments, a steep learning rate annealed to
// 0, and a discount of 0.97 (a 33-step horizon) that keeps values finite
// without hiding a distant best configuration, as first tuned. KeepBest
// exports the best policy the exact evaluations saw. StopWithin stays off:
// stopping at a normalized score of 99.9 over the spec's random starts
// (TeaStore seed 1: after 135k steps) left the policy at 97.9% of the
// optimum from row 558, against 99.5% when trained to the end.
func DefaultPPOConfig() PPOConfig {
	return PPOConfig{
		BaseConfig:  BaseConfig{BaseSteps: 750_000, Seed: 1, StartRow: -1, KeepBest: true, EpisodeSteps: 10},
		NumEnvs:     256,
		RolloutLen:  32,
		Epochs:      3,
		Minibatch:   128,
		LR:          2.5e-3,
		AnnealLR:    true,
		AdamEps:     1e-5,
		Gamma:       0.97,
		Lambda:      0.95,
		Clip:        0.2,
		EntCoef:     0.1,
		EntCoefEnd:  0.02,
		VFCoef:      0.5,
		MaxGradNorm: 0.5,
		Hidden:      []int{48, 48},
		Activation:  "relu",
		InputGain:   1,
		CountBonus:  4,
	}
}

// Validate reports the first hyperparameter out of range.
func (c PPOConfig) Validate() error {
	if err := c.BaseConfig.validate("ppo"); err != nil {
		return err
	}
	pos := func(name string, v int) error {
		if v <= 0 {
			return fmt.Errorf("ppo: %s must be positive, got %d", name, v)
		}
		return nil
	}
	for _, e := range []error{
		pos("num_envs", c.NumEnvs),
		pos("rollout_len", c.RolloutLen),
		pos("epochs", c.Epochs),
		pos("minibatch", c.Minibatch),
	} {
		if e != nil {
			return e
		}
	}
	switch {
	case !finite(c.LR) || c.LR <= 0:
		return fmt.Errorf("ppo: lr must be positive, got %v", c.LR)
	case !finite(c.AdamEps) || c.AdamEps < 0:
		return fmt.Errorf("ppo: adam_eps must be 0 (Adam's default) or more, got %v", c.AdamEps)
	case !(c.Gamma >= 0 && c.Gamma < 1):
		return fmt.Errorf("ppo: gamma must be in [0, 1), got %v", c.Gamma)
	case !(c.Lambda >= 0 && c.Lambda <= 1):
		return fmt.Errorf("ppo: lambda must be in [0, 1], got %v", c.Lambda)
	case !finite(c.Clip) || c.Clip <= 0:
		return fmt.Errorf("ppo: clip must be positive, got %v", c.Clip)
	case !finite(c.EntCoef) || c.EntCoef < 0 || !finite(c.EntCoefEnd) || c.EntCoefEnd < 0:
		return fmt.Errorf("ppo: ent_coef and ent_coef_end must be 0 or more, got %v and %v", c.EntCoef, c.EntCoefEnd)
	case !finite(c.VFCoef) || c.VFCoef <= 0:
		return fmt.Errorf("ppo: vf_coef must be positive, got %v", c.VFCoef)
	case !finite(c.MaxGradNorm) || c.MaxGradNorm <= 0:
		return fmt.Errorf("ppo: max_grad_norm must be positive, got %v", c.MaxGradNorm)
	case !finite(c.InputGain) || c.InputGain <= 0:
		return fmt.Errorf("ppo: input_gain must be positive, got %v", c.InputGain)
	case !finite(c.CountBonus) || c.CountBonus < 0:
		return fmt.Errorf("ppo: count_bonus must be 0 (off) or more, got %v", c.CountBonus)
	}
	if len(c.Hidden) == 0 {
		return errors.New("ppo: hidden needs at least one layer width")
	}
	for _, h := range c.Hidden {
		if h <= 0 {
			return fmt.Errorf("ppo: hidden layer widths must be positive, got %v", c.Hidden)
		}
	}
	if _, err := c.activation(); err != nil {
		return err
	}
	if err := checkRollout("ppo", "rollout_len", fmt.Sprintf("num_envs × rollout_len (%d × %d)", c.NumEnvs, c.RolloutLen),
		limits.Mul(int64(c.NumEnvs), int64(c.RolloutLen))); err != nil {
		return err
	}
	return checkRollout("ppo", "minibatch", "minibatch", int64(c.Minibatch))
}

// Params lists PPO's parameters, the base's first.
func (c *PPOConfig) Params() []Param {
	return append(c.BaseConfig.params(),
		Param{Name: "num_envs", Usage: "environments stepped together", Value: (*intValue)(&c.NumEnvs)},
		Param{Name: "rollout_len", Usage: "steps of each environment per iteration", Value: (*intValue)(&c.RolloutLen)},
		Param{Name: "epochs", Usage: "passes over each rollout", Value: (*intValue)(&c.Epochs)},
		Param{Name: "minibatch", Usage: "samples per minibatch", Value: (*intValue)(&c.Minibatch)},
		Param{Name: "lr", Usage: "Adam's learning rate", Value: (*floatValue)(&c.LR)},
		Param{Name: "anneal_lr", Usage: "decrease the learning rate linearly to 0", Value: (*boolValue)(&c.AnnealLR)},
		Param{Name: "adam_eps", Usage: "Adam's epsilon", Value: (*floatValue)(&c.AdamEps)},
		Param{Name: "gamma", Usage: "discount of the value targets, in [0, 1)", Value: (*floatValue)(&c.Gamma)},
		Param{Name: "lambda", Usage: "GAE's lambda, in [0, 1]", Value: (*floatValue)(&c.Lambda)},
		Param{Name: "clip", Usage: "ratio clipping epsilon of the surrogate loss", Value: (*floatValue)(&c.Clip)},
		Param{Name: "ent_coef", Usage: "entropy bonus weight at the start", Value: (*floatValue)(&c.EntCoef)},
		Param{Name: "ent_coef_end", Usage: "entropy bonus weight at the end of the budget", Value: (*floatValue)(&c.EntCoefEnd)},
		Param{Name: "vf_coef", Usage: "value loss weight", Value: (*floatValue)(&c.VFCoef)},
		Param{Name: "max_grad_norm", Usage: "joint gradient norm clip", Value: (*floatValue)(&c.MaxGradNorm)},
		Param{Name: "hidden", Usage: "hidden layer widths, comma-separated", Value: (*intsValue)(&c.Hidden)},
		Param{Name: "activation", Usage: "hidden nonlinearity: tanh or relu", Value: (*stringValue)(&c.Activation)},
		Param{Name: "input_gain", Usage: "factor on the standardized observation", Value: (*floatValue)(&c.InputGain)},
		Param{Name: "count_bonus", Usage: "exploration bonus for entering rarely entered states, in reward standard deviations (0: off)", Value: (*floatValue)(&c.CountBonus)},
	)
}

func (c PPOConfig) activation() (nn.Activation, error) {
	a, err := nn.ParseActivation(c.Activation)
	if err != nil || a == nn.Identity {
		return 0, fmt.Errorf("ppo: activation must be tanh or relu, got %q", c.Activation)
	}
	return a, nil
}

// batchSize is the number of samples an iteration collects.
func (c PPOConfig) batchSize() int { return c.NumEnvs * c.RolloutLen }
