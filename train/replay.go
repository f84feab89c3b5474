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
// 8×ObsDim, and checkpoints stay small.
type replayBuffer struct {
	row, next []int32   // the row observed before and after the step
	action    []uint8   // the action taken
	reward    []float64 // the reward earned
	done      []bool    // true termination only: truncation bootstraps
	pos       int       // where the next transition goes
	size      int       // number of stored transitions, ≤ cap
}

func newReplayBuffer(capacity int) *replayBuffer {
	return &replayBuffer{
		row:    make([]int32, capacity),
		next:   make([]int32, capacity),
		action: make([]uint8, capacity),
		reward: make([]float64, capacity),
		done:   make([]bool, capacity),
	}
}

// cap is the buffer's capacity.
func (b *replayBuffer) cap() int { return len(b.row) }

// add stores a transition, overwriting the oldest when the buffer is full.
func (b *replayBuffer) add(row, action int, reward float64, next int, done bool) {
	i := b.pos
	b.row[i], b.next[i] = int32(row), int32(next)
	b.action[i], b.reward[i], b.done[i] = uint8(action), reward, done
	b.pos++
	if b.pos == len(b.row) {
		b.pos = 0
	}
	if b.size < len(b.row) {
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
	return replayState{
		Cap: len(b.row), Pos: b.pos, Size: n,
		Row: b.row[:n], Next: b.next[:n], Action: b.action[:n],
		Reward: b.reward[:n], Done: b.done[:n],
	}
}

// setState restores a state of a buffer of the same capacity, checking that
// it is consistent and its rows and actions are in range.
func (b *replayBuffer) setState(s replayState, rows, actions int) error {
	n := s.Size
	switch {
	case s.Cap != len(b.row):
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
	copy(b.row, s.Row)
	copy(b.next, s.Next)
	copy(b.action, s.Action)
	copy(b.reward, s.Reward)
	copy(b.done, s.Done)
	b.pos, b.size = s.Pos, n
	return nil
}
