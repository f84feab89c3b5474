package tableenv

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// MarshalBinary saves the environment's position and random stream, so a
// checkpointed learner resumes exactly where it stopped.
func (e *Env) MarshalBinary() ([]byte, error) {
	rng, err := e.rng.MarshalBinary()
	if err != nil {
		return nil, err
	}
	b := binary.LittleEndian.AppendUint64(nil, uint64(int64(e.row)))
	b = binary.LittleEndian.AppendUint64(b, uint64(int64(e.state)))
	b = binary.LittleEndian.AppendUint64(b, uint64(int64(e.steps)))
	b = binary.LittleEndian.AppendUint64(b, uint64(int64(e.start)))
	if e.dyn != nil {
		b = e.dyn.appendState(b)
	}
	return append(b, rng...), nil
}

// UnmarshalBinary restores a state saved by MarshalBinary on the same Model.
func (e *Env) UnmarshalBinary(b []byte) error {
	if len(b) < 32 {
		return errors.New("tableenv: environment state too short")
	}
	get := func(i int) int { return int(int64(binary.LittleEndian.Uint64(b[8*i:]))) }
	row, state, steps, start := get(0), get(1), get(2), get(3)
	if row < 0 || row >= e.m.nRows || state < 0 || state >= e.m.NumStates() || int(e.m.rowState[row]) != state || start >= e.m.nRows {
		return fmt.Errorf("tableenv: environment state (row %d, state %d) does not fit this table", row, state)
	}
	rest := b[32:]
	if e.dyn != nil {
		var err error
		if rest, err = e.dyn.restoreState(rest); err != nil {
			return err
		}
	}
	if err := e.rng.UnmarshalBinary(rest); err != nil {
		return err
	}
	e.row, e.state, e.steps, e.start = row, state, steps, start
	return nil
}

// StateOfObs finds the state an observation belongs to, from its knob levels
// and context values; ok is false when no recorded state matches.
func (m *Model) StateOfObs(obs []float64) (s int, ok bool) {
	nk, nc := len(m.Levels), len(m.Spec.Context)
	if len(obs) != m.obsDim {
		return 0, false
	}
	// Binary search over states, which are sorted by levels then context id.
	lv := make([]int32, nk)
	for k := range lv {
		lv[k] = int32(obs[k]) - 1
	}
	no := len(m.Spec.Observe)
	ctx := obs[nk+no : nk+no+nc]
	lo, hi := 0, m.NumStates()
	for lo < hi { // first state whose levels are ≥ lv
		mid := (lo + hi) / 2
		if cmpLevels(m.StateLevels(mid), lv) < 0 {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	for s := lo; s < m.NumStates() && cmpLevels(m.StateLevels(s), lv) == 0; s++ {
		c := m.StateContext(s)
		match := true
		for i := range ctx {
			match = match && c[i] == ctx[i]
		}
		if match {
			return s, true
		}
	}
	return 0, false
}

func cmpLevels(a, b []int32) int {
	for i := range a {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}
