package eval

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/tableenv"
	"github.com/tablerl/tablerl/train"
)

// decisionsCommentMax bounds the first line read for the data's comment:
// a fingerprint and a quoted path.
const decisionsCommentMax = 8 << 10

// ErrDecisions marks a decision table that does not fit the environment.
var ErrDecisions = errors.New("bad decision table")

// Decisions is a policy given as a table of decisions: one action per
// recorded (configuration, context) state — the decisions.csv that train
// writes, perhaps edited by hand.
type Decisions struct {
	Label   string
	Actions []int // per state
	// Data and DataSHA256 name the data the table was made for and its
	// fingerprint, from its first line (train.DecisionsComment); both are
	// "" for a table without that line, written by hand.
	Data, DataSHA256 string
}

func (d *Decisions) Name() string { return d.Label }
func (*Decisions) Begin(uint64)   {}
func (d *Decisions) Act(_ *tableenv.Env, _ []float64, info tableenv.Info) int {
	return d.Actions[info.State]
}

// LoadDecisions reads a decision table: a header naming the knobs, the
// context columns and "action" (other columns, like "share", are ignored),
// then a row per state with knob values in the table's units and an action
// name. Every recorded state needs exactly one row; errors name the file,
// line and column. Lines starting with '#' are comments; a first one
// naming the data (train.DecisionsComment) fills Data and DataSHA256.
func LoadDecisions(path string, m *tableenv.Model) (*Decisions, error) {
	f, _, err := dataset.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadDecisions(f, path, m)
}

// ReadDecisions is LoadDecisions from a reader; name labels errors.
func ReadDecisions(r io.Reader, name string, m *tableenv.Model) (*Decisions, error) {
	fail := func(line, col int, format string, a ...any) error {
		return &dataset.ParseError{File: name, Line: line, Column: col, Err: fmt.Errorf("%w: "+format, append([]any{ErrDecisions}, a...)...)}
	}
	br := bufio.NewReader(r)
	d := &Decisions{Label: name, Actions: make([]int, m.NumStates())}
	// The comment is looked for in the first bytes only, not consumed: the
	// CSV reader skips it, counting its line.
	first, _ := br.Peek(decisionsCommentMax)
	if line, _, ok := bytes.Cut(first, []byte("\n")); ok {
		d.Data, d.DataSHA256, _ = train.ParseDecisionsComment(string(line))
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	cr.Comment = '#'
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &dataset.ParseError{File: name, Err: dataset.ErrEmpty}
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	headerLine, _ := cr.FieldPos(0)
	header = slices.Clone(header)
	want := slices.Concat(m.KnobNames(), m.Spec.Context, []string{"action"})
	cols := make([]int, len(want)) // field of each wanted column
	for i, w := range want {
		if cols[i] = slices.Index(header, w); cols[i] < 0 {
			return nil, fail(headerLine, 0, "no column %q (want %s)", w, strings.Join(want, ", "))
		}
	}
	nk := len(m.Spec.Knobs)
	seen := make([]int, m.NumStates()) // line that set each state, 0 if none
	vals := make([]float64, len(cols)-1)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		for i, c := range cols[:len(cols)-1] {
			if vals[i], err = strconv.ParseFloat(strings.TrimSpace(rec[c]), 64); err != nil {
				return nil, fail(line, c+1, "%s %q is not a number", want[i], rec[c])
			}
		}
		s, ok := m.StateAt(vals[:nk], vals[nk:])
		if !ok {
			return nil, fail(line, 0, "configuration %s is not recorded in the table", valuesText(vals))
		}
		if seen[s] != 0 {
			return nil, fail(line, 0, "configuration %s given twice (first on line %d)", valuesText(vals), seen[s])
		}
		act := cols[len(cols)-1]
		a := slices.Index(m.ActionNames, strings.TrimSpace(rec[act]))
		if a < 0 {
			return nil, fail(line, act+1, "unknown action %q (actions: %s)", rec[act], strings.Join(m.ActionNames, ", "))
		}
		seen[s], d.Actions[s] = line, a
	}
	if s := slices.Index(seen, 0); s >= 0 {
		return nil, &dataset.ParseError{File: name, Err: fmt.Errorf("%w: no row for recorded configuration %s", ErrDecisions, stateText(m, s))}
	}
	return d, nil
}

// stateText is state s's knob values and context, as a decision table
// gives them.
func stateText(m *tableenv.Model, s int) string {
	return valuesText(slices.Concat(m.KnobValues(s, nil), m.StateContext(s)))
}

func valuesText(vals []float64) string {
	var b []byte
	for i, v := range vals {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendFloat(b, v, 'g', -1, 64)
	}
	return string(b)
}

// csvError turns encoding/csv's error into the project's *ParseError.
func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &dataset.ParseError{File: name, Line: pe.Line, Column: pe.Column, Err: fmt.Errorf("%w: %w", ErrDecisions, pe.Err)}
	}
	return &dataset.ParseError{File: name, Err: err}
}
