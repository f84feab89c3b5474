package tableenv

import (
	"math"
	"slices"
)

// distinctObs numbers the table's distinct observations, so that a
// deterministic policy, a function of the observation alone, is evaluated
// once per distinct observation rather than once per row. Rows of different
// states never share one (knob levels or context differ), so observations
// are deduplicated within each state, and numbered state by state: when no
// observation varies within a state, distinct observation s is state s's.
type distinctObs struct {
	class []int32 // per row: the index of its distinct observation
	first []int32 // per distinct observation: its first row, in state order
}

// indexDistinctObs fills m.distinct from the rows' observations. Two
// observations are the same when their values are bit for bit equal.
func (m *Model) indexDistinctObs() {
	d := &m.distinct
	d.class = make([]int32, m.nRows)
	if len(m.Spec.Observe) == 0 {
		// Knob levels and context are the state's: one observation per state.
		d.first = make([]int32, m.NumStates())
		for s := range d.first {
			d.first[s] = m.StateRows(s)[0]
		}
		copy(d.class, m.rowState)
		return
	}
	// Open addressing over a hash of the bits: seen maps a probe key to a
	// distinct observation of the current state.
	seen := map[uint64]int32{}
	for s := 0; s < m.NumStates(); s++ {
		clear(seen)
		for _, r := range m.StateRows(s) {
			obs := m.Observation(int(r))
			for h := obsHash(obs); ; h++ {
				id, ok := seen[h]
				if !ok {
					id = int32(len(d.first))
					seen[h] = id
					d.first = append(d.first, r)
				} else if !sameBits(obs, m.Observation(int(d.first[id]))) {
					continue // a collision: probe on
				}
				d.class[r] = id
				break
			}
		}
	}
	d.first = slices.Clip(d.first)
}

// obsHash is FNV-1a over the values' bits, eight bytes at a time.
func obsHash(obs []float64) uint64 {
	h := uint64(14695981039346656037)
	for _, v := range obs {
		h ^= math.Float64bits(v)
		h *= 1099511628211
	}
	return h
}

func sameBits(a, b []float64) bool {
	for i, v := range a {
		if math.Float64bits(v) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// NumDistinctObs is the number of distinct observations in the table: at
// least NumStates, at most NumRows.
func (m *Model) NumDistinctObs() int { return len(m.distinct.first) }

// DistinctObs is distinct observation i, 0 ≤ i < NumDistinctObs (a view: do
// not modify).
func (m *Model) DistinctObs(i int) []float64 { return m.Observation(int(m.distinct.first[i])) }

// DistinctObsOf is the index of row r's distinct observation: rows with the
// same index have bit-identical observations, rows with different ones
// different observations.
func (m *Model) DistinctObsOf(r int) int { return int(m.distinct.class[r]) }

// ObsVaryWithinStates reports whether the rows of some state have different
// observations (observe columns that are not constant per configuration).
// When it is false, DistinctObsOf(r) == StateOf(r) for every row, and a
// deterministic policy acts the same in all rows of a state.
func (m *Model) ObsVaryWithinStates() bool { return m.NumDistinctObs() > m.NumStates() }
