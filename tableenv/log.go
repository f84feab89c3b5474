package tableenv

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/tablerl/tablerl/dataset"
)

// ErrLog marks a table that cannot be read as the log its spec's log:
// section describes.
var ErrLog = errors.New("invalid log")

// Transition is one logged step: at row Row, in state State, the behaviour
// took Action and the service arrived in NextState, observed at row Next.
type Transition struct {
	Row, Next        int32
	State, NextState int32
	Action           uint8
	// Step is the transition's 0-based place in its episode.
	Step int32
	// Reward is the step's reward as the table model gives it: the reward
	// of the row arrived at (the next state's mean when the log names a
	// next configuration but no row of it), or the invalid-move penalty for
	// an action the model has no successor for.
	Reward float64
	// Propensity is the logged behaviour probability of Action, NaN when the
	// spec names no propensity column.
	Propensity float64
}

// Log is the table read as a logged trajectory under its spec's log:
// section (dataset.LogSpec), its transitions in table order.
type Log struct {
	m *Model
	T []Transition
	// Episodes[e] is the first transition of episode e; Episodes ends with
	// len(T), so episode e is T[Episodes[e]:Episodes[e+1]].
	Episodes []int
	// Logged is true when the propensities come from the table; without a
	// propensity column Propensity estimates them by behaviour cloning.
	Logged bool
	// Inconsistent counts the transitions whose next state is not where the
	// model says their action leads.
	Inconsistent int

	count      []int32 // NumStates × NumActions: transitions per (state, action)
	stateCount []int32
}

// Model is the model the log was read under.
func (l *Log) Model() *Model { return l.m }

// NumEpisodes is the number of episodes.
func (l *Log) NumEpisodes() int { return len(l.Episodes) - 1 }

// Episode returns episode e's transitions (a view).
func (l *Log) Episode(e int) []Transition { return l.T[l.Episodes[e]:l.Episodes[e+1]] }

// Count is the number of transitions that took action a in state s.
func (l *Log) Count(s, a int) int { return int(l.count[s*l.m.nActions+a]) }

// StateCount is the number of transitions from state s.
func (l *Log) StateCount(s int) int { return int(l.stateCount[s]) }

// BehaviourProb is the behaviour-cloning estimate of the logging policy's
// probability of a in s: the share of s's logged transitions that took a
// (0 for a state the log never left).
func (l *Log) BehaviourProb(s, a int) float64 {
	n := l.stateCount[s]
	if n == 0 {
		return 0
	}
	return float64(l.count[s*l.m.nActions+a]) / float64(n)
}

// Propensity is the behaviour probability of transition t's action: the
// logged one, or the behaviour-cloning estimate.
func (l *Log) Propensity(t *Transition) float64 {
	if l.Logged {
		return t.Propensity
	}
	return l.BehaviourProb(int(t.State), int(t.Action))
}

// NewLog reads table t, the table m was built from, as the log its spec's
// log: section describes. Errors name the spec key and the table's line and
// column.
func NewLog(m *Model, t *dataset.Table) (*Log, error) {
	ls := m.Spec.Log
	if ls == nil {
		return nil, &dataset.SpecError{File: m.Spec.File, Key: "log", Err: fmt.Errorf("%w: the spec has no log: section (see the README's spec reference)", ErrLog)}
	}
	if m.nActions > 256 {
		return nil, &dataset.SpecError{File: m.Spec.File, Key: "knobs", Err: fmt.Errorf("%w: a log holds at most 256 actions, the spec has %d", ErrLog, m.nActions)}
	}
	if t.NumRows() != m.nRows {
		return nil, fmt.Errorf("tableenv: the log's table has %d rows, the model %d", t.NumRows(), m.nRows)
	}
	r, err := newLogReader(m, t, ls)
	if err != nil {
		return nil, err
	}
	l := &Log{m: m, Logged: ls.Propensity != ""}
	for i := 0; i < m.nRows; i++ {
		tr, ok, err := r.transition(i)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		n := len(l.T)
		newEp := n == 0 || int(l.T[n-1].Next) != i ||
			(ls.Episodes.Length > 0 && n-l.Episodes[len(l.Episodes)-1] >= ls.Episodes.Length)
		if newEp {
			l.Episodes = append(l.Episodes, n)
		}
		tr.Step = int32(n - l.Episodes[len(l.Episodes)-1])
		if nx := m.Next(int(tr.State), int(tr.Action)); nx != int(tr.NextState) && (nx >= 0 || tr.NextState != tr.State) {
			l.Inconsistent++
		}
		l.T = append(l.T, tr)
	}
	if len(l.T) == 0 {
		return nil, &dataset.SpecError{File: m.Spec.File, Key: "log", Err: fmt.Errorf("%w: %s gives no transitions", ErrLog, t.Path)}
	}
	l.Episodes = append(l.Episodes, len(l.T))
	l.count = make([]int32, m.NumStates()*m.nActions)
	l.stateCount = make([]int32, m.NumStates())
	for _, tr := range l.T {
		l.count[int(tr.State)*m.nActions+int(tr.Action)]++
		l.stateCount[tr.State]++
	}
	return l, nil
}

// logReader reads one row's transition.
type logReader struct {
	m      *Model
	t      *dataset.Table
	ls     *dataset.LogSpec
	action func(i int) (string, bool)
	next   [][]float64 // per knob, the next value of each row; nil: the following row
	nextOK []bool
	prop   []float64
	epCol  []float64
	time   []float64
}

func newLogReader(m *Model, t *dataset.Table, ls *dataset.LogSpec) (*logReader, error) {
	r := &logReader{m: m, t: t, ls: ls}
	spec := m.Spec
	fail := func(key string, err error) error { return &dataset.SpecError{File: spec.File, Key: key, Err: err} }
	var err error
	if !ls.Action.Infer {
		if r.action, err = t.CellText(ls.Action.Column); err != nil {
			return nil, fail("log.action.column", err)
		}
	}
	if len(ls.Next) > 0 {
		names := make([]string, len(spec.Knobs))
		for k, kn := range spec.Knobs {
			names[k] = kn.Name
		}
		for name := range ls.Next {
			if !slices.Contains(names, name) {
				return nil, fail("log.next."+name, fmt.Errorf("%w: no knob %q%s (knobs: %s)", ErrLog, name, dataset.DidYouMean(name, names), dataset.QuoteList(names)))
			}
		}
		r.next = make([][]float64, len(spec.Knobs))
		r.nextOK = make([]bool, m.nRows)
		for i := range r.nextOK {
			r.nextOK[i] = true
		}
		for k, kn := range spec.Knobs {
			nc, ok := ls.Next[kn.Name]
			if !ok {
				return nil, fail("log.next", fmt.Errorf("%w: no column for knob %q: give one for every knob, or none (the following row)", ErrLog, kn.Name))
			}
			col, err := t.Float64(nc.Column)
			if err != nil {
				return nil, fail("log.next."+kn.Name, err)
			}
			r.next[k] = make([]float64, m.nRows)
			for i := range r.next[k] {
				if col.IsNull(i) || math.IsNaN(col.Value(i)) {
					r.nextOK[i] = false // an episode's end
					continue
				}
				r.next[k][i] = col.Value(i) * nc.Scale
			}
		}
	}
	floats := func(key, name string) ([]float64, error) {
		col, err := t.Float64(name)
		if err != nil {
			return nil, fail(key, err)
		}
		out := make([]float64, col.Len())
		for i := range out {
			out[i] = math.NaN()
			if !col.IsNull(i) {
				out[i] = col.Value(i)
			}
		}
		return out, nil
	}
	if ls.Propensity != "" {
		if r.prop, err = floats("log.propensity", ls.Propensity); err != nil {
			return nil, err
		}
	}
	if ls.Episodes.Column != "" {
		if r.epCol, err = floats("log.episodes.column", ls.Episodes.Column); err != nil {
			return nil, err
		}
	}
	if ls.Episodes.Time != "" {
		if r.time, err = floats("log.episodes.time", ls.Episodes.Time); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// sameEpisode reports whether rows i and j (i < j) are in one episode by
// the episode column or the time gap; fixed lengths are cut by NewLog.
func (r *logReader) sameEpisode(i, j int) bool {
	if i < 0 || j >= r.m.nRows {
		return false
	}
	switch {
	case r.epCol != nil:
		return r.epCol[i] == r.epCol[j] // NaN ends an episode
	case r.time != nil:
		d := r.time[j] - r.time[i]
		return d >= 0 && d <= r.ls.Episodes.Gap
	}
	return true
}

// transition reads row i's transition; ok is false where the row has none
// (the last row of an episode, or of the table).
func (r *logReader) transition(i int) (Transition, bool, error) {
	m := r.m
	follows := i+1 < m.nRows && r.sameEpisode(i, i+1)
	tr := Transition{Row: int32(i), State: m.rowState[i], Propensity: math.NaN()}
	if r.next == nil {
		if !follows {
			return tr, false, nil
		}
		tr.Next, tr.NextState = int32(i+1), m.rowState[i+1]
	} else {
		if !r.nextOK[i] {
			return tr, false, nil
		}
		s, err := r.nextState(i)
		if err != nil {
			return tr, false, err
		}
		tr.NextState = s
		if follows && m.rowState[i+1] == s {
			tr.Next = int32(i + 1)
		} else {
			tr.Next = m.rowsByState[m.rowStart[s]]
		}
	}
	actRow := i
	if r.ls.Action.NextRow {
		if !follows {
			return tr, false, nil
		}
		actRow = i + 1
	}
	a, err := r.actionAt(actRow, tr)
	if err != nil {
		return tr, false, err
	}
	tr.Action = uint8(a)
	if r.prop != nil {
		p := r.prop[actRow]
		if !(p > 0 && p <= 1) {
			return tr, false, r.cellError("log.propensity", r.ls.Propensity, actRow, fmt.Sprintf("propensity %v is not in (0, 1]", p))
		}
		tr.Propensity = p
	}
	switch {
	case m.Next(int(tr.State), a) < 0:
		tr.Reward = m.Spec.InvalidPenalty
	case int(tr.Next) == i+1 || r.next == nil:
		tr.Reward = m.reward[tr.Next]
	default:
		tr.Reward = m.meanReward[tr.NextState]
	}
	return tr, true, nil
}

// nextState finds the state of row i's next configuration in the next:
// columns, in row i's context.
func (r *logReader) nextState(i int) (int32, error) {
	m := r.m
	lv := make([]int32, len(m.Levels))
	for k, levels := range m.Levels {
		v := r.next[k][i]
		j, found := slices.BinarySearch(levels, v)
		switch {
		case found:
		case j < len(levels) && math.Abs(levels[j]-v) <= 1e-9*math.Max(1, math.Abs(v)):
		case j > 0 && math.Abs(levels[j-1]-v) <= 1e-9*math.Max(1, math.Abs(v)):
			j--
		default:
			kn := m.Spec.Knobs[k].Name
			return 0, r.cellError("log.next."+kn, r.ls.Next[kn].Column, i, fmt.Sprintf("%s %v is not a level of the knob", kn, v))
		}
		lv[k] = int32(j)
	}
	s, ok := m.stateIDs[stateKey(lv, m.stateCtx[m.rowState[i]])]
	if !ok {
		return 0, r.cellError("log.next", r.ls.Next[m.Spec.Knobs[0].Name].Column, i, "the next configuration is not recorded in the table")
	}
	return s, nil
}

// actionAt is the action read at row ar, or inferred from tr's states.
func (r *logReader) actionAt(ar int, tr Transition) (int, error) {
	m := r.m
	if r.ls.Action.Infer {
		from, to := m.StateLevels(int(tr.State)), m.StateLevels(int(tr.NextState))
		a := 0
		for k := range from {
			switch d := to[k] - from[k]; {
			case d == 0:
				continue
			case a == 0 && (d == 1 || d == -1):
				a = 1 + 2*k
				if d < 0 {
					a++
				}
				continue
			}
			return 0, &dataset.SpecError{File: m.Spec.File, Key: "log.action", Err: &dataset.ParseError{File: r.t.Path, Line: r.t.Row(ar),
				Err: fmt.Errorf("%w: cannot infer the action: the next configuration differs by more than one level of one knob", ErrLog)}}
		}
		return a, nil
	}
	col := r.ls.Action.Column
	text, ok := r.action(ar)
	if !ok {
		return 0, r.cellError("log.action.column", col, ar, "the action cell is empty")
	}
	v := text
	if p := r.ls.Action.Pattern; p != nil {
		sm := p.FindStringSubmatch(text)
		if sm == nil {
			return 0, r.cellError("log.action.pattern", col, ar, fmt.Sprintf("%q does not match %s", text, p))
		}
		v = sm[len(sm)-1]
	}
	if id, err := strconv.Atoi(v); err == nil {
		if id < 0 || id >= m.nActions {
			return 0, r.cellError("log.action.column", col, ar, fmt.Sprintf("action id %d is not in 0 to %d", id, m.nActions-1))
		}
		return id, nil
	}
	if a := slices.Index(m.ActionNames, v); a >= 0 {
		return a, nil
	}
	return 0, r.cellError("log.action.column", col, ar, fmt.Sprintf("%q is neither an action id nor an action name%s (names: %s)", v, dataset.DidYouMean(v, m.ActionNames), dataset.QuoteList(m.ActionNames)))
}

// cellError names the spec key and the table's line and column of row i.
func (r *logReader) cellError(key, col string, i int, msg string) error {
	return &dataset.SpecError{File: r.m.Spec.File, Key: key, Err: &dataset.ParseError{File: r.t.Path, Line: r.t.Row(i),
		Column: r.t.Index(col) + 1, Name: col, Err: fmt.Errorf("%w: %s", ErrLog, msg)}}
}
