package train

import (
	"errors"
	"math/rand/v2"
)

// replayBuffer is DQN's experience replay: a ring of the last cap
// transitions, overwriting the oldest once full.
//
// A transition is stored as table rows, not observation vectors: in a
// tableenv the observation is a pure function of the drawn row
// (Model.Observation), so a row id carries it exactly in 4 bytes instead of
// 8×ObsDim, and checkpoints stay small. Transitions are stored whole, 24
// bytes each, rather than by column: a minibatch reads them at random, one
// cache line each instead of one per column.
type replayBuffer struct {
	t    []transition
	pos  int // where the next transition goes
	size int // number of stored transitions, ≤ cap
}

type transition struct {
	row, next int32   // the row observed before and after the step
	action    uint8   // the action taken
	done      bool    // true termination only: truncation bootstraps
	reward    float64 // the reward earned
}

func newReplayBuffer(capacity int) *replayBuffer {
	return &replayBuffer{t: make([]transition, capacity)}
}

// cap is the buffer's capacity.
func (b *replayBuffer) cap() int { return len(b.t) }

// add stores a transition, overwriting the oldest when the buffer is full.
func (b *replayBuffer) add(row, action int, reward float64, next int, done bool) {
	b.t[b.pos] = transition{row: int32(row), next: int32(next), action: uint8(action), done: done, reward: reward}
	b.pos++
	if b.pos == len(b.t) {
		b.pos = 0
	}
	if b.size < len(b.t) {
		b.size++
	}
}

// sample fills idx with indices of stored transitions drawn uniformly with
// replacement, as DQN does; the buffer must not be empty.
func (b *replayBuffer) sample(rng *rand.Rand, idx []int) {
	for i := range idx {
		idx[i] = rng.IntN(b.size)
	}
}

// replayState is the serialized form of a replayBuffer: only the stored
// part, so an early checkpoint of a large buffer stays small.
type replayState struct {
	Cap, Pos, Size int
	Row, Next      []int32
	Action         []uint8
	Reward         []float64
	Done           []bool
}

func (b *replayBuffer) state() replayState {
	n := b.size
	s := replayState{
		Cap: len(b.t), Pos: b.pos, Size: n,
		Row: make([]int32, n), Next: make([]int32, n), Action: make([]uint8, n),
		Reward: make([]float64, n), Done: make([]bool, n),
	}
	for i, t := range b.t[:n] {
		s.Row[i], s.Next[i], s.Action[i], s.Reward[i], s.Done[i] = t.row, t.next, t.action, t.reward, t.done
	}
	return s
}

// setState restores a state of a buffer of the same capacity, checking that
// it is consistent and its rows and actions are in range.
func (b *replayBuffer) setState(s replayState, rows, actions int) error {
	n := s.Size
	switch {
	case s.Cap != len(b.t):
		return errors.New("train: replay capacity differs from the configuration's")
	case n < 0 || n > s.Cap || s.Pos < 0 || s.Pos >= max(s.Cap, 1) || (n < s.Cap && s.Pos != n):
		return errors.New("train: inconsistent replay position")
	case len(s.Row) != n || len(s.Next) != n || len(s.Action) != n || len(s.Reward) != n || len(s.Done) != n:
		return errors.New("train: replay columns have the wrong length")
	}
	for i := 0; i < n; i++ {
		if s.Row[i] < 0 || int(s.Row[i]) >= rows || s.Next[i] < 0 || int(s.Next[i]) >= rows || int(s.Action[i]) >= actions {
			return errors.New("train: replay transition out of the table's range")
		}
	}
	for i := range n {
		b.t[i] = transition{row: s.Row[i], next: s.Next[i], action: s.Action[i], done: s.Done[i], reward: s.Reward[i]}
	}
	b.pos, b.size = s.Pos, n
	return nil
}
