package tableenv

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/dataset/limits"
)

// Model is the immutable, indexed form of a table under a spec, shared by
// every Env and Batch built from it.
type Model struct {
	Spec *dataset.Spec
	// Path is the table's file, for reports.
	Path string

	// Levels[k] are knob k's distinct values, ascending: level j+1 is Levels[k][j].
	Levels [][]float64
	// ActionNames are "noop", then "+name" and "-name" for each knob.
	ActionNames []string
	// ObsNames name the observation vector: knob levels, observe columns,
	// context, and a move indicator per move action (RecordedPrefix).
	ObsNames []string
	// ObsMean and ObsStd are the observation's statistics over the table's
	// rows, for learners to normalize with (Std is 1 where a column is constant).
	ObsMean, ObsStd []float64
	// MetricNames are the spec's metric columns, reported per step in Info.
	MetricNames []string

	nRows    int
	nActions int
	obsDim   int

	// per state
	stateLevels []int32   // nStates × nKnobs, 0-based levels
	stateCtx    []int32   // context tuple id of each state
	rowStart    []int32   // state s's rows are rowsByState[rowStart[s]:rowStart[s+1]]
	next        []int32   // nStates × nActions: successor state, -1 if invalid
	meanReward  []float64 // mean reward of the state's rows
	rowsByState []int32

	// per row
	rowState []int32
	reward   []float64
	obs      []float64 // nRows × obsDim
	metrics  []float64 // nRows × len(MetricNames)
	ctxVals  [][]float64

	distinct distinctObs

	// for live decisions (live.go)
	stateIDs map[string]int32 // stateKey(levels, ctx) → state
	ctxIDs   map[string]int32 // ctxKey(tuple) → context tuple id
	ctxScale []float64        // each context column's range over the tuples (1 where constant)

	// Warnings are what is legal but likely a mistake (every reward
	// missing), for a command line to show.
	Warnings []string

	dyn *dynamics // a dynamic spec's additions (dynamics.go); nil for a plain spec
}

// NewModel indexes table t under spec s. It fails, naming the spec key or the
// table's line and column, when a column is missing or not numeric, a knob or
// context cell is null, or the spec's start row is outside the table.
func NewModel(t *dataset.Table, s *dataset.Spec) (*Model, error) {
	if err := s.Check(t); err != nil {
		return nil, err
	}
	n := t.NumRows()
	if n == 0 {
		return nil, &dataset.ParseError{File: t.Path, Err: dataset.ErrHeaderOnly}
	}
	if !s.Start.Random() && s.Start.Row >= n {
		return nil, &dataset.SpecError{File: s.File, Key: "start.row",
			Err: fmt.Errorf("%w: row %d is outside the table (%d rows, 0 to %d)", dataset.ErrSpec, s.Start.Row, n, n-1)}
	}
	rewards, missing, err := s.RewardRows(t)
	if err != nil {
		return nil, err
	}
	if err := checkReturnsFinite(s, rewards); err != nil {
		return nil, err
	}
	m := &Model{Spec: s, Path: t.Path, nRows: n, reward: rewards, MetricNames: metricNames(s)}
	if missing == n {
		m.Warnings = append(m.Warnings, allMissingWarning(s))
	}
	nk := len(s.Knobs)
	m.nActions = 1 + 2*nk

	// Knob levels, and each row's level per knob.
	rowLevels := make([]int32, n*nk)
	m.Levels = make([][]float64, nk)
	for k, knob := range s.Knobs {
		vals, err := columnValues(t, s, knob.Column, fmt.Sprintf("knobs[%d].column", k))
		if err != nil {
			return nil, err
		}
		lv := slices.Clone(vals)
		slices.Sort(lv)
		lv = slices.Compact(lv)
		m.Levels[k] = lv
		for i, v := range vals {
			j, _ := slices.BinarySearch(lv, v)
			rowLevels[i*nk+k] = int32(j)
		}
	}
	// Context tuples, by first appearance.
	rowCtx := make([]int32, n)
	if len(s.Context) > 0 {
		cols := make([][]float64, len(s.Context))
		for c, name := range s.Context {
			if cols[c], err = columnValues(t, s, name, fmt.Sprintf("context[%d]", c)); err != nil {
				return nil, err
			}
		}
		m.ctxIDs = map[string]int32{}
		tuple := make([]float64, len(cols))
		for i := 0; i < n; i++ {
			for c, col := range cols {
				tuple[c] = col[i]
			}
			id, ok := m.ctxIDs[ctxKey(tuple)]
			if !ok {
				id = int32(len(m.ctxVals))
				m.ctxIDs[ctxKey(tuple)] = id
				m.ctxVals = append(m.ctxVals, slices.Clone(tuple))
			}
			rowCtx[i] = id
		}
	} else {
		m.ctxVals = [][]float64{{}}
		m.ctxIDs = map[string]int32{ctxKey(nil): 0}
	}
	m.indexStates(rowLevels, rowCtx)
	// The exact solution keeps an action per state and step left: refuse a
	// horizon that would make it too large before anyone calls Solve.
	lim := limits.Current()
	if err := limits.Check("horizon_states", fmt.Sprintf("horizon × states (%d × %d)", s.Horizon, m.NumStates()),
		limits.Mul(int64(s.Horizon), int64(m.NumStates())), lim.HorizonStates); err != nil {
		return nil, &dataset.SpecError{File: s.File, Key: "horizon", Err: fmt.Errorf("%w: %w", dataset.ErrSpec, err)}
	}
	m.nameActions()
	if err := m.buildObservations(t, s); err != nil {
		return nil, err
	}
	m.indexDistinctObs()
	m.scaleContexts()
	if s.Dynamic() {
		if err := m.buildDynamics(); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// indexStates numbers the recorded (configuration, context) pairs in order of
// configuration then context, groups the rows by state and links the states
// by action.
func (m *Model) indexStates(rowLevels, rowCtx []int32) {
	nk := len(m.Levels)
	key := stateKey
	// Order rows by (levels, ctx) so state ids are stable and meaningful.
	order := make([]int32, m.nRows)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		if c := slices.Compare(rowLevels[int(a)*nk:int(a+1)*nk], rowLevels[int(b)*nk:int(b+1)*nk]); c != 0 {
			return c
		}
		return int(rowCtx[a]) - int(rowCtx[b])
	})
	states := map[string]int32{}
	m.stateIDs = states
	m.rowState = make([]int32, m.nRows)
	m.rowsByState = order
	for _, r := range order {
		lv := rowLevels[int(r)*nk : int(r+1)*nk]
		k := key(lv, rowCtx[r])
		s, ok := states[k]
		if !ok {
			s = int32(len(m.stateCtx))
			states[k] = s
			m.stateLevels = append(m.stateLevels, lv...)
			m.stateCtx = append(m.stateCtx, rowCtx[r])
		}
		m.rowState[r] = s
	}
	ns := len(m.stateCtx)
	// Rows are sorted by state, so each state's rows are one run of order.
	m.rowStart = make([]int32, ns+1)
	for _, r := range order {
		m.rowStart[m.rowState[r]+1]++
	}
	for s := 0; s < ns; s++ {
		m.rowStart[s+1] += m.rowStart[s]
	}
	m.meanReward = make([]float64, ns)
	for s := 0; s < ns; s++ {
		rows := m.rowsByState[m.rowStart[s]:m.rowStart[s+1]]
		var sum float64
		for _, r := range rows {
			sum += m.reward[r]
		}
		m.meanReward[s] = sum / float64(len(rows))
	}
	m.next = make([]int32, ns*m.nActions)
	lv := make([]int32, nk)
	for s := 0; s < ns; s++ {
		m.next[s*m.nActions] = int32(s) // the no-op stays, and draws again
		for k := 0; k < nk; k++ {
			for d, delta := range []int32{+1, -1} {
				copy(lv, m.stateLevels[s*nk:(s+1)*nk])
				lv[k] += delta
				nxt := int32(-1)
				if lv[k] >= 0 && int(lv[k]) < len(m.Levels[k]) {
					if t, ok := states[key(lv, m.stateCtx[s])]; ok {
						nxt = t
					}
				}
				m.next[s*m.nActions+1+2*k+d] = nxt
			}
		}
	}
}

// stateKey is the key of a (levels, context tuple) pair in Model.stateIDs.
func stateKey(levels []int32, ctx int32) string {
	b := make([]byte, 0, 4*(len(levels)+1))
	for _, l := range levels {
		b = append(b, byte(l>>24), byte(l>>16), byte(l>>8), byte(l))
	}
	return string(append(b, byte(ctx>>24), byte(ctx>>16), byte(ctx>>8), byte(ctx)))
}

// ctxKey is the key of a context tuple in Model.ctxIDs: its values' bits.
func ctxKey(tuple []float64) string {
	b := make([]byte, 0, 8*len(tuple))
	for _, v := range tuple {
		b = fmt.Appendf(b, "%x|", math.Float64bits(v))
	}
	return string(b)
}

// nameActions names the actions: "noop", then "+name" and "-name" per knob.
func (m *Model) nameActions() {
	m.ActionNames = []string{"noop"}
	for _, k := range m.Spec.Knobs {
		m.ActionNames = append(m.ActionNames, "+"+k.Name, "-"+k.Name)
	}
}

// columnValues reads the knob or context column under spec key key,
// refusing nulls (a row without its configuration cannot be placed) and
// infinities (a level must be a number to move to and from).
func columnValues(t *dataset.Table, s *dataset.Spec, name, key string) ([]float64, error) {
	col, err := t.Float64(name)
	if err != nil {
		return nil, err
	}
	out := make([]float64, col.Len())
	for i := range out {
		var why string
		switch v := col.Value(i); {
		case col.IsNull(i) || math.IsNaN(v):
			why = "the cell is empty or NaN; every row needs its configuration"
		case math.IsInf(v, 0):
			why = fmt.Sprintf("the cell is %v; a configuration must be finite", v)
		default:
			out[i] = v
			continue
		}
		return nil, &dataset.SpecError{File: s.File, Key: key,
			Err: t.CellError(name, i, fmt.Errorf("%w: %s", dataset.ErrNotNumber, why))}
	}
	return out, nil
}

// checkReturnsFinite refuses rewards or a penalty so large that a return
// over the horizon overflows: every return, and the solution, would be ±Inf.
func checkReturnsFinite(s *dataset.Spec, rewards []float64) error {
	top := math.Abs(s.InvalidPenalty)
	for _, r := range rewards {
		top = math.Max(top, math.Abs(r))
	}
	if math.IsInf(top*float64(s.Horizon), 0) {
		return &dataset.SpecError{File: s.File, Key: "reward", Err: fmt.Errorf(
			"%w: rewards (or the penalty) of magnitude %g over %d steps overflow a return", dataset.ErrSpec, top, s.Horizon)}
	}
	return nil
}

// allMissingWarning says that no row has a reward of its own.
func allMissingWarning(s *dataset.Spec) string {
	what := "reward.column " + strconv.Quote(s.Reward.Column) + " is null in every row"
	if s.Reward.Column == "" {
		what = "reward.expr has a null input in every row"
	}
	return fmt.Sprintf("%s: %s: every reward is reward.missing (%g)", s.File, what, s.Reward.Missing)
}

// metricNames are the spec's metrics, or by default its observations less
// the reward's column: every step reports its reward already, and the
// column beside it would show the same number twice.
func metricNames(s *dataset.Spec) []string {
	if len(s.Metrics) > 0 {
		return slices.Clone(s.Metrics)
	}
	return slices.DeleteFunc(slices.Clone(s.Observe), func(c string) bool { return c == s.Reward.Column })
}

// NumStates is the number of recorded (configuration, context) pairs.
func (m *Model) NumStates() int { return len(m.stateCtx) }

// NumActions is 1 + 2 × the number of knobs for the default action set
// (dynamics.go lists the others).
func (m *Model) NumActions() int {
	if m.dyn != nil {
		return m.dyn.nActions
	}
	return m.nActions
}

// NumRows is the number of table rows.
func (m *Model) NumRows() int { return m.nRows }

// ObsDim is the length of an observation.
func (m *Model) ObsDim() int {
	if m.dyn != nil {
		return m.dyn.obsDim
	}
	return m.obsDim
}

// Horizon is the number of steps in an episode.
func (m *Model) Horizon() int { return m.Spec.Horizon }

// StateOf is the state of row r.
func (m *Model) StateOf(r int) int { return int(m.rowState[r]) }

// StateLevels are the 0-based knob levels of state s (a view: do not modify).
func (m *Model) StateLevels(s int) []int32 {
	nk := len(m.Levels)
	return m.stateLevels[s*nk : (s+1)*nk]
}

// StateContext are the context values of state s (a view: do not modify).
func (m *Model) StateContext(s int) []float64 { return m.ctxVals[m.stateCtx[s]] }

// StateRows are the rows of state s (a view: do not modify).
func (m *Model) StateRows(s int) []int32 { return m.rowsByState[m.rowStart[s]:m.rowStart[s+1]] }

// Next is the successor of state s under action a, or -1 if the move is invalid.
func (m *Model) Next(s, a int) int { return int(m.next[s*m.nActions+a]) }

// MeanReward is the mean reward of state s's rows: the expected reward of arriving there.
func (m *Model) MeanReward(s int) float64 { return m.meanReward[s] }

// Reward is the reward of row r.
func (m *Model) Reward(r int) float64 { return m.reward[r] }

// Observation is the observation of row r (a view: do not modify).
func (m *Model) Observation(r int) []float64 { return m.obs[r*m.obsDim : (r+1)*m.obsDim] }

// Metrics are the metric values of row r, in MetricNames order (a view: NaN where null).
func (m *Model) Metrics(r int) []float64 {
	k := len(m.MetricNames)
	return m.metrics[r*k : (r+1)*k]
}

// KnobValues writes state s's configuration in the table's own units into dst.
func (m *Model) KnobValues(s int, dst []float64) []float64 {
	dst = dst[:0]
	for k, l := range m.StateLevels(s) {
		dst = append(dst, m.Levels[k][l])
	}
	return dst
}

// ConfigCount is the number of possible configurations: the product of the
// knobs' level counts (times the context tuples).
func (m *Model) ConfigCount() int {
	c := len(m.ctxVals)
	for _, l := range m.Levels {
		c *= len(l)
	}
	return c
}

// RewardSD is the standard deviation of the rows' rewards: the table's
// reward scale, the unit of settings that must not depend on it (a
// learner's exploration bonus).
func (m *Model) RewardSD() float64 {
	var sum float64
	for _, r := range m.reward {
		sum += r
	}
	mean := sum / float64(len(m.reward))
	var sq float64
	for _, r := range m.reward {
		sq += (r - mean) * (r - mean)
	}
	return math.Sqrt(sq / float64(len(m.reward)))
}
