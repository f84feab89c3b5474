package train

import (
	"fmt"
	"math"

	"github.com/tablerl/tablerl/tableenv"
)

// BaseConfig holds the parameters every algorithm shares. Each algorithm's
// config embeds it inline, so that its YAML keys sit beside the algorithm's
// own (params: {total_steps: …, num_envs: …}).
type BaseConfig struct {
	// TotalSteps is the training budget in environment steps; the
	// algorithms lay their schedules (learning rate, exploration) out over
	// it. 0 sizes it from the table (see SizedSteps).
	TotalSteps int `yaml:"total_steps" json:"total_steps"`
	// BaseSteps is the sized budget of a table of up to ReferenceStates
	// recorded states.
	BaseSteps int `yaml:"base_steps" json:"base_steps"`
	// Seed seeds the networks, the learner's random streams and the
	// environments: equal seeds give bit-identical runs.
	Seed uint64 `yaml:"seed" json:"seed"`
	// StartRow fixes the row every training episode starts from; −1 keeps
	// the spec's start.
	StartRow int `yaml:"start_row" json:"start_row"`
	// ExploreStarts draws the start row of every training episode uniformly
	// when the start is fixed (it changes nothing when starts are already
	// random). The learned policy is still judged from the fixed start; what
	// changes is only where the behaviour policy collects data, which in an
	// offline table costs nothing and reaches configurations that walks from
	// one corner of the grid rarely see.
	ExploreStarts bool `yaml:"explore_starts" json:"explore_starts"`
	// EpisodeSteps, when positive and below the horizon, truncates the
	// training episodes that start at uniformly drawn rows after this many
	// steps (0: at the horizon). A truncated episode is bootstrapped, not
	// scored, so the values still look the horizon ahead; what changes is
	// that many more episodes start at a uniformly drawn row, so the
	// learner sees states its own walks would rarely reach, such as a best
	// configuration whose neighbours all score lower. Episodes from a fixed
	// start keep the whole horizon: a walk from one corner needs it to get
	// anywhere. The policy is judged over the spec's horizon either way.
	EpisodeSteps int `yaml:"episode_steps" json:"episode_steps"`
	// KeepBest makes Run export the greedy policy with the best exact return
	// among its evaluations, rather than the last one.
	KeepBest bool `yaml:"keep_best" json:"keep_best"`
	// StopWithin, when positive, makes Run stop once the greedy policy's
	// exact return is within this fraction of the optimum, measured from the
	// random policy's return (see tableenv.WithinOptimum): 0.001 stops at a
	// normalized score of 99.9. 0 trains for the whole budget.
	StopWithin float64 `yaml:"stop_within" json:"stop_within"`
}

// Base returns b itself: a config embedding BaseConfig gets it as its
// Config.Base method.
func (b *BaseConfig) Base() *BaseConfig { return b }

// validate reports the first invalid base field, by its YAML key, for the
// algorithm named algo.
func (b *BaseConfig) validate(algo string) error {
	switch {
	case b.TotalSteps < 0:
		return paramError(algo, "total_steps", fmt.Sprintf("must be positive (or 0: sized from the table), got %d", b.TotalSteps))
	case b.TotalSteps == 0 && b.BaseSteps <= 0:
		return paramError(algo, "base_steps", fmt.Sprintf("must be positive when total_steps is 0, got %d", b.BaseSteps))
	case b.EpisodeSteps < 0:
		return paramError(algo, "episode_steps", fmt.Sprintf("must be positive (or 0: the horizon), got %d", b.EpisodeSteps))
	case b.StartRow < -1:
		return paramError(algo, "start_row", fmt.Sprintf("must be -1 (the spec's start) or a row, got %d", b.StartRow))
	case !(b.StopWithin >= 0 && b.StopWithin < 1) || math.IsInf(b.StopWithin, 0):
		return paramError(algo, "stop_within", fmt.Sprintf("must be in [0, 1) (0: off), got %v", b.StopWithin))
	}
	return nil
}

// checkModel reports a start row outside m's table, and sizes a budget
// left at 0 from m (see SizedSteps).
func (b *BaseConfig) checkModel(algo string, m *tableenv.Model) error {
	if m == nil {
		return fmt.Errorf("train: %s: nil model", algo)
	}
	if b.StartRow >= m.NumRows() {
		return paramError(algo, "start_row", fmt.Sprintf("%d is outside the table (%d rows)", b.StartRow, m.NumRows()))
	}
	if b.TotalSteps == 0 {
		b.TotalSteps = SizedSteps(b.BaseSteps, m.NumStates())
	}
	return nil
}

// ReferenceStates and MaxStepsScale shape the sized budget: BaseSteps for
// a table of up to ReferenceStates recorded states (the TeaStore table's
// 729, on which the base budgets were first tuned), growing in proportion
// to the states beyond it, up to MaxStepsScale × BaseSteps.
const (
	ReferenceStates = 729
	MaxStepsScale   = 2
)

// SizedSteps is the budget of a table of states recorded states. A table
// with more states has more to learn per episode start. Measured with
// `make bench-learners` (mean / min normalized score over seeds 1–3, the
// same defaults at 713af59 with a fixed budget against 9448127 with this
// one): load10-7x7x7 (1,715 states, 2×) PPO 98.4 / 98.2 → 99.2 / 99.0, DQN
// 95.5 / 95.2 → 97.9 / 97.6; load8-9x9x9-full (5,832 states, 2×) DQN
// 98.4 → 98.9; tables of up to 729 states unchanged. The cap keeps a
// default training within about 20 s on 2 cores for tables of up to 3,000
// states.
func SizedSteps(base, states int) int {
	scale := min(max(float64(states)/ReferenceStates, 1), MaxStepsScale)
	return int(math.Round(float64(base) * scale))
}

// trainingStart is the start row of the training environments: the
// configured or the spec's row, or −1 (uniform) when starts are explored.
func (b *BaseConfig) trainingStart(m *tableenv.Model) int {
	if b.ExploreStarts {
		return -1
	}
	if b.StartRow >= 0 {
		return b.StartRow
	}
	return m.Spec.Start.Row
}

// prepareEnvs sets where the training environments' episodes start and
// how long they last (see EpisodeSteps).
func (b *BaseConfig) prepareEnvs(m *tableenv.Model, envs ...*tableenv.Env) {
	start := b.trainingStart(m)
	for _, e := range envs {
		e.SetStart(start)
		if start < 0 {
			e.SetEpisodeSteps(b.EpisodeSteps)
		}
	}
}

// params are the base's parameters. start_row is left to the file: the
// command line's --start-row moves the spec's start, which is where episodes
// start and where the policy is judged from.
func (b *BaseConfig) params() []Param {
	return []Param{
		{Name: "start_row", Usage: "start every training episode at this row (-1: the spec's start)", Value: (*intValue)(&b.StartRow), FileOnly: true},
		{Name: "total_steps", Flag: "steps", Usage: "training budget in environment steps (0: sized from the table, base-steps × the recorded states / 729, between 1× and 2×)", Value: (*intValue)(&b.TotalSteps)},
		{Name: "base_steps", Usage: "the sized budget of a table of up to 729 recorded states", Value: (*intValue)(&b.BaseSteps)},
		{Name: "seed", Usage: "random seed: the same seed gives a byte-identical policy.json", Value: (*uint64Value)(&b.Seed)},
		{Name: "explore_starts", Usage: "start training episodes at uniformly drawn rows when the start is fixed", Value: (*boolValue)(&b.ExploreStarts)},
		{Name: "episode_steps", Usage: "truncate training episodes that start at uniformly drawn rows after this many steps, bootstrapped (0: the horizon)", Value: (*intValue)(&b.EpisodeSteps)},
		{Name: "keep_best", Usage: "export the greedy policy of the best evaluation, not the last", Value: (*boolValue)(&b.KeepBest)},
		{Name: "stop_within", Usage: "stop once the greedy policy is within this fraction of the optimum, on the random-to-optimal scale (0: off)", Value: (*floatValue)(&b.StopWithin)},
	}
}

// paramError names the algorithm and the parameter's YAML key.
func paramError(algo, key, why string) error {
	return fmt.Errorf("train: %s %s: %s", algo, key, why)
}
