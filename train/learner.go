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
