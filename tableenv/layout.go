package tableenv

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/tablerl/tablerl/dataset"
)

// ErrLayout marks a layout that cannot describe a table: levels not
// ascending or not finite, a state out of range or given twice.
var ErrLayout = errors.New("bad table layout")

// Layout is the part of a Model a live decision needs, without the rows:
// the knobs' levels, the recorded context tuples and which (configuration,
// context) pairs were recorded. A policy file carries it, so that serving
// the policy needs neither the table nor its spec file.
type Layout struct {
	// Levels[k] are knob k's values, ascending, in the table's units.
	Levels [][]float64 `json:"levels"`
	// Contexts are the recorded context tuples in order of first
	// appearance (their one-hot order); empty without a context.
	Contexts [][]float64 `json:"contexts,omitempty"`
	// States are the recorded states in state order: each knob's 0-based
	// level, then the context tuple's index.
	States [][]int32 `json:"states"`
}

// Layout returns m's layout.
func (m *Model) Layout() Layout {
	l := Layout{Levels: m.Levels}
	if len(m.Spec.Context) > 0 {
		l.Contexts = m.ctxVals
	}
	for s := range m.NumStates() {
		l.States = append(l.States, append(slices.Clone(m.StateLevels(s)), m.stateCtx[s]))
	}
	return l
}

// NewLiveModel rebuilds, from a spec and a layout, a Model that decides
// live (Place, Target, MoveAction, StateAt, Solve's state graph) but has
// no rows: NumRows is 0 and it cannot step an Env or a Batch. obsMean and
// obsStd are the statistics its table's observations had.
func NewLiveModel(s *dataset.Spec, l Layout, obsMean, obsStd []float64) (*Model, error) {
	nk, nc := len(s.Knobs), len(s.Context)
	if len(l.Levels) != nk {
		return nil, fmt.Errorf("%w: %d knobs' levels for %d knobs", ErrLayout, len(l.Levels), nk)
	}
	grid := 1
	for k, lv := range l.Levels {
		if len(lv) == 0 {
			return nil, fmt.Errorf("%w: knob %s has no levels", ErrLayout, dataset.Quote(s.Knobs[k].Name))
		}
		for j, v := range lv {
			if math.IsNaN(v) || math.IsInf(v, 0) || (j > 0 && v <= lv[j-1]) {
				return nil, fmt.Errorf("%w: knob %s's levels are not finite and ascending", ErrLayout, dataset.Quote(s.Knobs[k].Name))
			}
		}
		grid = min(grid*len(lv), math.MaxInt32)
	}
	ctx := l.Contexts
	if nc == 0 {
		if len(ctx) > 0 {
			return nil, fmt.Errorf("%w: context tuples for a spec without context", ErrLayout)
		}
		ctx = [][]float64{{}}
	}
	m := &Model{Spec: s, Levels: l.Levels, ctxVals: ctx, ctxIDs: map[string]int32{}}
	for id, t := range ctx {
		if len(t) != nc || slices.ContainsFunc(t, func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }) {
			return nil, fmt.Errorf("%w: context tuple %d is not %d finite values", ErrLayout, id, nc)
		}
		if _, dup := m.ctxIDs[ctxKey(t)]; dup {
			return nil, fmt.Errorf("%w: context tuple %d given twice", ErrLayout, id)
		}
		m.ctxIDs[ctxKey(t)] = int32(id)
	}
	ns := len(l.States)
	if ns == 0 || ns > grid*len(ctx) {
		return nil, fmt.Errorf("%w: %d states for a grid of %d configurations × %d contexts", ErrLayout, ns, grid, len(ctx))
	}
	// One pseudo-row per state lets indexStates number and link them as a
	// table's; the rows are dropped after.
	rowLevels, rowCtx := make([]int32, 0, ns*nk), make([]int32, ns)
	seen := make(map[string]bool, ns)
	for i, st := range l.States {
		if len(st) != nk+1 {
			return nil, fmt.Errorf("%w: state %d has %d entries, want %d levels and a context", ErrLayout, i, len(st), nk)
		}
		for k, lv := range st[:nk] {
			if lv < 0 || int(lv) >= len(l.Levels[k]) {
				return nil, fmt.Errorf("%w: state %d: level %d of knob %s is out of range", ErrLayout, i, lv, dataset.Quote(s.Knobs[k].Name))
			}
		}
		if c := st[nk]; c < 0 || int(c) >= len(ctx) {
			return nil, fmt.Errorf("%w: state %d: context %d is out of range", ErrLayout, i, c)
		}
		key := stateKey(st[:nk], st[nk])
		if seen[key] {
			return nil, fmt.Errorf("%w: state %d given twice", ErrLayout, i)
		}
		seen[key] = true
		rowLevels = append(rowLevels, st[:nk]...)
		rowCtx[i] = st[nk]
	}
	m.nRows, m.reward, m.nActions = ns, make([]float64, ns), 1+2*nk
	m.indexStates(rowLevels, rowCtx)
	m.nRows, m.reward, m.rowState, m.rowsByState = 0, nil, nil, nil
	clear(m.rowStart)
	m.nameActions()
	m.nameObservations()
	m.MetricNames = metricNames(s)
	m.scaleContexts()
	if len(obsMean) != m.obsDim || len(obsStd) != m.obsDim {
		return nil, fmt.Errorf("%w: %d observation means and %d deviations for %d observation values", ErrLayout, len(obsMean), len(obsStd), m.obsDim)
	}
	m.ObsMean, m.ObsStd = obsMean, obsStd
	return m, nil
}
