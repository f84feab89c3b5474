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
	// algorithms lay their schedules (learning rate, exploration) out over it.
	TotalSteps int `yaml:"total_steps" json:"total_steps"`
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
	case b.TotalSteps <= 0:
		return paramError(algo, "total_steps", fmt.Sprintf("must be positive, got %d", b.TotalSteps))
	case b.StartRow < -1:
		return paramError(algo, "start_row", fmt.Sprintf("must be -1 (the spec's start) or a row, got %d", b.StartRow))
	case !(b.StopWithin >= 0 && b.StopWithin < 1) || math.IsInf(b.StopWithin, 0):
		return paramError(algo, "stop_within", fmt.Sprintf("must be in [0, 1) (0: off), got %v", b.StopWithin))
	}
	return nil
}

// checkModel reports a start row outside m's table.
func (b *BaseConfig) checkModel(algo string, m *tableenv.Model) error {
	if m == nil {
		return fmt.Errorf("train: %s: nil model", algo)
	}
	if b.StartRow >= m.NumRows() {
		return paramError(algo, "start_row", fmt.Sprintf("%d is outside the table (%d rows)", b.StartRow, m.NumRows()))
	}
	return nil
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

// params are the base's parameters. start_row is left to the file: the
// command line's --start-row moves the spec's start, which is where episodes
// start and where the policy is judged from.
func (b *BaseConfig) params() []Param {
	return []Param{
		{Name: "start_row", Usage: "start every training episode at this row (-1: the spec's start)", Value: (*intValue)(&b.StartRow), FileOnly: true},
		{Name: "total_steps", Flag: "steps", Usage: "training budget in environment steps", Value: (*intValue)(&b.TotalSteps)},
		{Name: "seed", Usage: "random seed: the same seed gives a byte-identical policy.json", Value: (*uint64Value)(&b.Seed)},
		{Name: "explore_starts", Usage: "start training episodes at uniformly drawn rows when the start is fixed", Value: (*boolValue)(&b.ExploreStarts)},
		{Name: "keep_best", Usage: "export the greedy policy of the best evaluation, not the last", Value: (*boolValue)(&b.KeepBest)},
		{Name: "stop_within", Usage: "stop once the greedy policy is within this fraction of the optimum, on the random-to-optimal scale (0: off)", Value: (*floatValue)(&b.StopWithin)},
	}
}

// paramError names the algorithm and the parameter's YAML key.
func paramError(algo, key, why string) error {
	return fmt.Errorf("train: %s %s: %s", algo, key, why)
}
