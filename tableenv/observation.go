package tableenv

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/dataset/limits"
)

// RecordedPrefix starts the names of the observation's move indicators:
// "recorded:+replicas" is 1 where the configuration +replicas leads to was
// recorded (in the current context), 0 where the move would be invalid.
const RecordedPrefix = "recorded:"

// buildObservations precomputes every row's observation — knob levels (1..n),
// observe columns, context values, one move indicator per move action, then
// the knob levels and the context one-hot — and metrics, so a step copies a
// slice instead of reading columns. A null observe cell is replaced by its
// column's mean: learners cannot take NaN, and the mean is the least
// informative value.
//
// The move indicators say which neighbouring configurations the table
// recorded. The table knows it, and so does a live decision (it maps the
// running configuration to a state), so a policy may rely on it. Without
// them a network must learn the table's coverage pattern from penalties
// alone: on sparsely recorded load-aware tables PPO and DQN then learnt to
// stay put in states where all but one move is invalid, and ended at a
// normalized score of ~98 against tabular Q's 99.9; with them, 99.7–99.8.
//
// The one-hot blocks let a network tell apart neighbouring configurations
// and loads sharply: where coverage is sparse the way to the best
// configuration doubles back around unrecorded ones, and next-door states
// need opposite moves, which a network reading only ordinal levels
// smooths over. Measured with seed 1 on `tablerl gen suite` tables
// (normalized score, PPO / DQN): replicas-cpu-9x9-l12 98.4 → 99.45 /
// 97.8 → 99.8, load10-7x7x7 96.5 → 98.2 / 92.1 → 95.3; the demo's DQN
// 96.6 → 99.6 and PPO's seed 2 94.5 → 98.6.
func (m *Model) buildObservations(t *dataset.Table, s *dataset.Spec) error {
	nk, no, nc, nmoves := len(s.Knobs), len(s.Observe), len(s.Context), m.nActions-1
	m.ObsNames = m.ObsNames[:0]
	for _, k := range s.Knobs {
		m.ObsNames = append(m.ObsNames, k.Name)
	}
	m.ObsNames = append(m.ObsNames, s.Observe...)
	m.ObsNames = append(m.ObsNames, s.Context...)
	for _, a := range m.ActionNames[1:] {
		m.ObsNames = append(m.ObsNames, RecordedPrefix+a)
	}
	oneHot := len(m.ObsNames) // where the one-hot blocks start
	m.ObsNames = append(m.ObsNames, m.oneHotNames()...)
	m.obsDim = len(m.ObsNames)

	// One-hot blocks of a knob with as many levels as rows (a continuous
	// column taken as a knob) would make the matrix rows²: check first.
	if err := limits.Check("model_cells", fmt.Sprintf("rows × observation length (%d × %d)", m.nRows, m.obsDim+len(m.MetricNames)),
		limits.Mul(int64(m.nRows), int64(m.obsDim+len(m.MetricNames))), limits.Current().ModelCells); err != nil {
		return &dataset.SpecError{File: s.File, Err: fmt.Errorf("%w: %w", dataset.ErrSpec, err)}
	}
	m.obs = make([]float64, m.nRows*m.obsDim)
	for r := 0; r < m.nRows; r++ {
		o := m.obs[r*m.obsDim:]
		st := int(m.rowState[r])
		off := oneHot
		for k, l := range m.StateLevels(st) {
			o[k] = float64(l + 1)
			o[off+int(l)] = 1
			off += len(m.Levels[k])
		}
		copy(o[nk+no:nk+no+nc], m.StateContext(st))
		if nc > 0 {
			o[off+int(m.stateCtx[st])] = 1
		}
		for a := 1; a <= nmoves; a++ {
			if m.Next(st, a) >= 0 {
				o[nk+no+nc+a-1] = 1
			}
		}
	}
	for j, name := range s.Observe {
		vals, err := meanFilled(t, name)
		if err != nil {
			return &dataset.SpecError{File: s.File, Key: fmt.Sprintf("observe[%d]", j), Err: err}
		}
		for r, v := range vals {
			m.obs[r*m.obsDim+nk+j] = v
		}
	}
	m.ObsMean = make([]float64, m.obsDim)
	m.ObsStd = make([]float64, m.obsDim)
	for d := 0; d < m.obsDim; d++ {
		var sum, sq float64
		for r := 0; r < m.nRows; r++ {
			sum += m.obs[r*m.obsDim+d]
		}
		mean := sum / float64(m.nRows)
		for r := 0; r < m.nRows; r++ {
			x := m.obs[r*m.obsDim+d] - mean
			sq += x * x
		}
		m.ObsMean[d] = mean
		m.ObsStd[d] = math.Sqrt(sq / float64(m.nRows))
		if math.IsInf(m.ObsStd[d], 0) || math.IsNaN(m.ObsStd[d]) {
			// Finite cells so large that their spread overflows.
			return &dataset.SpecError{File: s.File, Key: "observe", Err: fmt.Errorf("%w: %s: its values are too large to standardize (mean %g)", dataset.ErrSpec, m.ObsNames[d], mean)}
		}
		if m.ObsStd[d] < 1e-12 {
			m.ObsStd[d] = 1
		}
	}

	nm := len(m.MetricNames)
	m.metrics = make([]float64, m.nRows*nm)
	for j, name := range m.MetricNames {
		col, err := t.Float64(name)
		if err != nil {
			return &dataset.SpecError{File: s.File, Key: fmt.Sprintf("metrics[%d]", j), Err: err}
		}
		for r := 0; r < m.nRows; r++ {
			v := math.NaN()
			if !col.IsNull(r) {
				v = col.Value(r)
			}
			m.metrics[r*nm+j] = v
		}
	}
	return nil
}

// meanFilled reads a numeric column with nulls replaced by the mean of the
// rest. An infinite cell is an error: it would make the column's mean and
// spread, and so every standardized observation, NaN.
func meanFilled(t *dataset.Table, name string) ([]float64, error) {
	col, err := t.Float64(name)
	if err != nil {
		return nil, err
	}
	out := make([]float64, col.Len())
	var sum float64
	n := 0
	for i := range out {
		if col.IsNull(i) || math.IsNaN(col.Value(i)) {
			out[i] = math.NaN()
			continue
		}
		if v := col.Value(i); math.IsInf(v, 0) {
			return nil, t.CellError(name, i, fmt.Errorf("%w: the cell is %v; an observation must be finite", dataset.ErrNotNumber, v))
		}
		out[i] = col.Value(i)
		sum += out[i]
		n++
	}
	mean := 0.0
	if n > 0 {
		mean = sum / float64(n)
	}
	for i, v := range out {
		if math.IsNaN(v) {
			out[i] = mean
		}
	}
	return out, nil
}

// ObsIndex returns where each named value stands in the observation, for a
// policy that was trained on an observation laid out differently (an older
// one without the move indicators, say): it reads its inputs by name. An
// unknown name is an error naming it.
func (m *Model) ObsIndex(names []string) ([]int, error) {
	idx := make([]int, len(names))
	for i, name := range names {
		j := slices.Index(m.ObsNames, name)
		if j < 0 {
			return nil, fmt.Errorf("tableenv: this table's observation has no %q (it has %s)", name, dataset.QuoteList(m.ObsNames))
		}
		idx[i] = j
	}
	return idx, nil
}

// oneHotNames name the one-hot blocks: "replicas=3" for each level of each
// knob, in table units, then, with a context, one entry per recorded context
// tuple in order of first appearance ("expected_tps=600", or
// "region=1,expected_tps=600" for several columns).
func (m *Model) oneHotNames() []string {
	var names []string
	for k, knob := range m.Spec.Knobs {
		for _, v := range m.Levels[k] {
			names = append(names, knob.Name+"="+strconv.FormatFloat(v, 'g', -1, 64))
		}
	}
	if len(m.Spec.Context) == 0 {
		return names
	}
	for _, tuple := range m.ctxVals {
		parts := make([]string, len(tuple))
		for c, v := range tuple {
			parts[c] = m.Spec.Context[c] + "=" + strconv.FormatFloat(v, 'g', -1, 64)
		}
		names = append(names, strings.Join(parts, ","))
	}
	return names
}
