package train

import (
	"github.com/tablerl/tablerl/tableenv"
)

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

// GreedyReturn is the exact expected return of a deterministic policy g in m
// from startRow (or a uniformly drawn row when startRow < 0). A greedy policy
// may read the drawn row's metrics, so its value is computed over rows: the
// value of a row is the value of what its action leads to. It costs
// O(horizon × rows), independent of any sampling noise, which makes it the
// right yardstick for learning curves.
func GreedyReturn(m *tableenv.Model, g Greedy, startRow int) float64 {
	n, h := m.NumRows(), m.Horizon()
	pen := m.Spec.InvalidPenalty
	act := make([]int, n)
	for r := 0; r < n; r++ {
		act[r] = g.Act(m.Observation(r))
	}
	v, nv := make([]float64, n), make([]float64, n)
	// stateMean[s] is the mean of v over the rows of state s: arriving in s
	// draws one of its rows uniformly.
	stateMean := make([]float64, m.NumStates())
	for left := 1; left <= h; left++ {
		for s := range stateMean {
			var sum float64
			rows := m.StateRows(s)
			for _, r := range rows {
				sum += m.Reward(int(r)) + v[r]
			}
			stateMean[s] = sum / float64(len(rows))
		}
		for r := 0; r < n; r++ {
			if t := m.Next(m.StateOf(r), act[r]); t >= 0 {
				nv[r] = stateMean[t]
			} else {
				nv[r] = pen + v[r]
			}
		}
		v, nv = nv, v
	}
	if startRow >= 0 {
		return v[startRow]
	}
	var sum float64
	for _, x := range v {
		sum += x
	}
	return sum / float64(n)
}
