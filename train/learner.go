package train

// Progress reports a learner's state after an iteration.
type Progress struct {
	Steps    int // environment steps taken so far
	Episodes int // episodes finished so far
	// MeanReturn is the mean return of recently finished training episodes
	// (behaviour policy, exploration included).
	MeanReturn float64
	Loss       float64 // the last update's loss
}

// Learner is a training algorithm in progress. A driver calls Iterate until
// Steps reaches the budget; the learner's whole state (networks, optimizer,
// replay, environments and random streams) round-trips through
// MarshalBinary/UnmarshalBinary, so that a run resumed from a checkpoint ends
// with the same policy as an uninterrupted one.
type Learner interface {
	// Algo names the algorithm: "ppo", "dqn" or "qtable".
	Algo() string
	// Iterate does one unit of work (a rollout and its update, or a block of
	// steps and updates) and reports progress.
	Iterate() (Progress, error)
	// Steps is the number of environment steps taken.
	Steps() int
	// StepUnit is the learner's unit of work in steps, which Steps grows
	// by, and what it is ("rollouts of 4096 steps (num_envs × rollout_len)").
	StepUnit() (steps int, what string)
	// SetTotalSteps changes the budget the learner's schedules follow
	// (learning rate, exploration, entropy): a resumed run extended to a
	// larger budget continues under the schedules of the new one.
	SetTotalSteps(n int)
	// Greedy returns the learner's current greedy policy.
	Greedy() Greedy
	// Policy returns the current greedy policy in its exported form, which
	// the algorithm's LoadPolicy turns back into the same Greedy.
	Policy() PolicyPayload
	MarshalBinary() ([]byte, error)
	UnmarshalBinary([]byte) error
}

// Greedy is a deterministic policy over raw observations, as the environment
// returns them (normalization is the policy's own business).
type Greedy interface {
	Act(obs []float64) int
}

// A learner's budget is kept in whole units of its work: a run's steps are
// TotalSteps rounded up to a multiple of the unit (PPO's rollouts, DQN's
// training rounds, tabular Q's episodes), which PlannedSteps computes and
// the command line reports.

// PlannedSteps is the number of steps Run will have taken when l reaches a
// budget of total: total rounded up to whole units of l's work from where
// it is now.
func PlannedSteps(l Learner, total int) int {
	s := l.Steps()
	if s >= total {
		return s
	}
	u, _ := l.StepUnit()
	u = max(u, 1)
	return s + (total-s+u-1)/u*u
}
