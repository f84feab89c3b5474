package train

import (
	"errors"
	"math"

	"github.com/tablerl/tablerl/tableenv"
)

// visitBonus is a count-based exploration bonus in the manner of MBIE-EB
// (Strehl and Littman 2008): a valid move into state s earns, on top of
// its reward, scale/√n(s), where n(s) counts the learner's moves into s so
// far, this one included. It is a training reward only: the curve, the
// reported returns and the exported policy's exact score all use the
// table's rewards.
//
// The count is over the table's states, which a table-lookup environment
// knows exactly, so no density model is needed. scale is a multiple of the
// rows' reward standard deviation, so the bonus means the same on a table
// whose rewards are in cents as on one whose rewards are fractions. Under
// a dynamic spec it is off: the state a move lands in is not the
// configuration's state alone there.
type visitBonus struct {
	m     *tableenv.Model
	scale float64
	n     []uint32
}

// newVisitBonus returns the bonus of weight beta (in reward standard
// deviations) on m, or nil when it is off: beta 0, a dynamic spec, or a
// table whose rewards are all equal.
func newVisitBonus(m *tableenv.Model, beta float64) *visitBonus {
	scale := beta * m.RewardSD()
	if !(scale > 0) || math.IsInf(scale, 0) || m.Dynamic() {
		return nil
	}
	return &visitBonus{m: m, scale: scale, n: make([]uint32, m.NumStates())}
}

// move returns the bonus of action a taken in state s, counting the visit
// of the state it leads to; an invalid move earns none.
func (v *visitBonus) move(s, a int) float64 {
	next := v.m.Next(s, a)
	if next < 0 {
		return 0
	}
	if v.n[next] < math.MaxUint32 {
		v.n[next]++
	}
	return v.scale / math.Sqrt(float64(v.n[next]))
}

// counts returns the visit counts for a checkpoint (nil when off).
func (v *visitBonus) counts() []uint32 {
	if v == nil {
		return nil
	}
	return v.n
}

// restore takes a checkpoint's counts, which must match the table's
// states (and be absent when the bonus is off).
func (v *visitBonus) restore(n []uint32) error {
	if v == nil {
		if len(n) != 0 {
			return errors.New("train: the checkpoint has visit counts but its configuration has no count bonus")
		}
		return nil
	}
	if len(n) != len(v.n) {
		return errors.New("train: the checkpoint's visit counts do not match the table's states")
	}
	copy(v.n, n)
	return nil
}
