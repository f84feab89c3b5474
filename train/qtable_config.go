package train

import (
	"fmt"
	"math"
)

// QTableConfig holds the hyperparameters of tabular Q-learning. Start from
// DefaultQTableConfig.
type QTableConfig struct {
	// TotalSteps is the training budget in environment steps; the
	// learning-rate and exploration schedules are laid out over it.
	TotalSteps int `yaml:"total_steps" json:"total_steps"`
	// Alpha is the learning rate, decaying linearly to AlphaEnd over
	// TotalSteps: large steps early propagate values fast, small ones late
	// average out the noise of the drawn rows' rewards.
	Alpha    float64 `yaml:"alpha" json:"alpha"`
	AlphaEnd float64 `yaml:"alpha_end" json:"alpha_end"`
	// Gamma discounts the bootstrapped target; truncated episodes bootstrap
	// through the horizon, so Gamma < 1.
	Gamma float64 `yaml:"gamma" json:"gamma"`
	// Epsilon decays linearly from EpsStart to EpsEnd over the first
	// EpsFraction of TotalSteps.
	EpsStart    float64 `yaml:"eps_start" json:"eps_start"`
	EpsEnd      float64 `yaml:"eps_end" json:"eps_end"`
	EpsFraction float64 `yaml:"eps_fraction" json:"eps_fraction"`
	// InitQ is every entry's initial value; above the returns' scale it is
	// optimistic and drives the greedy policy to untried actions.
	InitQ float64 `yaml:"init_q" json:"init_q"`

	// IterateSteps is the work of one Iterate in environment steps, rounded
	// up to whole episodes and capped at TotalSteps.
	IterateSteps int `yaml:"iterate_steps" json:"iterate_steps"`

	Seed uint64 `yaml:"seed" json:"seed"`
	// StartRow fixes the episodes' start row; −1 keeps the spec's start.
	StartRow int `yaml:"start_row" json:"start_row"`
	// ExploreStarts draws the start row of every training episode uniformly
	// when the start is fixed, as for DQN.
	ExploreStarts bool `yaml:"explore_starts" json:"explore_starts"`
}

// DefaultQTableConfig returns the tuned defaults: on the TeaStore table the
// greedy policy reaches 99.8% of the optimum from row 558 and from a random
// start for each of seeds 1 to 10, in a quarter of a second. γ = 0.9 learns
// faster than 0.95 and its discounted-optimal policy is still optimal for the
// 50-step return; without ExploreStarts, from row 558, an optimistic InitQ
// (10) is what reaches the far optimum.
func DefaultQTableConfig() QTableConfig {
	return QTableConfig{
		TotalSteps:    5_000_000,
		Alpha:         0.5,
		AlphaEnd:      0.01,
		Gamma:         0.9,
		EpsStart:      1,
		EpsEnd:        0.1,
		EpsFraction:   0.5,
		InitQ:         0,
		IterateSteps:  10_000,
		Seed:          1,
		StartRow:      -1,
		ExploreStarts: true,
	}
}

// Validate reports the first invalid field, by its yaml name.
func (c *QTableConfig) Validate() error {
	bad := func(key, why string) error { return fmt.Errorf("train: qtable %s: %s", key, why) }
	prob := func(x float64) bool { return x >= 0 && x <= 1 }
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	switch {
	case c.TotalSteps <= 0:
		return bad("total_steps", "must be positive")
	case !(c.Alpha > 0 && c.Alpha <= 1):
		return bad("alpha", "must be in (0, 1]")
	case !(c.AlphaEnd >= 0 && c.AlphaEnd <= 1):
		return bad("alpha_end", "must be in [0, 1]")
	case !(c.Gamma >= 0 && c.Gamma < 1):
		return bad("gamma", "must be in [0, 1): truncated episodes bootstrap")
	case !prob(c.EpsStart) || !prob(c.EpsEnd):
		return bad("eps_start/eps_end", "must be in [0, 1]")
	case !(c.EpsFraction > 0 && c.EpsFraction <= 1):
		return bad("eps_fraction", "must be in (0, 1]")
	case c.IterateSteps <= 0:
		return bad("iterate_steps", "must be positive")
	case !finite(c.InitQ):
		return bad("init_q", "must be finite")
	case c.StartRow < -1:
		return bad("start_row", "must be a row or -1")
	}
	return nil
}
