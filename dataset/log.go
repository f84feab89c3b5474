package dataset

import (
	"fmt"
	"regexp"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// LogSpec is a spec's log: section: how the table's rows, read in order, are
// a logged trajectory of (state, action, next state) transitions, for the
// offline learners and off-policy evaluation. The table model itself does
// not read it.
type LogSpec struct {
	Action LogAction
	// Next gives, per knob name, the column holding the configuration the
	// row's action led to; empty: the following row's configuration.
	Next map[string]NextColumn
	// Episodes says where one logged episode ends and the next begins.
	Episodes LogEpisodes
	// Propensity is the column holding the behaviour policy's probability
	// of the logged action; "" has it estimated by behaviour cloning.
	Propensity string
}

// LogAction says where a transition's action comes from: a column holding
// action ids or names, optionally picked out of its text by Pattern's first
// group (or whole match), or, with Infer, the difference between
// consecutive rows' configurations.
type LogAction struct {
	Column  string
	Pattern *regexp.Regexp
	// NextRow is true when the cell of row i+1 holds the action taken at
	// row i (TeaStore's actionstate records the action that led to its row).
	NextRow bool
	Infer   bool
}

// NextColumn is a column holding a knob's next value, Scale times the
// knob's unit (TeaStore's cpu.2 is in cores, its cpu knob in millicores:
// scale 1000).
type NextColumn struct {
	Column string
	Scale  float64
}

// LogEpisodes are the episode boundaries: a new episode where Column's value
// changes, where Time jumps by more than Gap, or every Length transitions;
// with none of these the whole table is one episode.
type LogEpisodes struct {
	Column string
	Time   string
	Gap    float64
	Length int
}

// logKeys are the keys of a spec's log: section.
var logKeys = []string{"action", "next", "episodes", "propensity"}

// log parses the log: section.
func (p specParser) log(n *yaml.Node) (*LogSpec, error) {
	m, err := p.mapping(n, "log", logKeys)
	if err != nil {
		return nil, err
	}
	ls := &LogSpec{}
	an := m["action"]
	if an == nil {
		return nil, p.fail(n, "log.action", "required: infer, or {column: …, pattern: …, row: this|next}")
	}
	if ls.Action, err = p.logAction(an); err != nil {
		return nil, err
	}
	if nn := m["next"]; nn != nil {
		if ls.Next, err = p.logNext(nn); err != nil {
			return nil, err
		}
	}
	if en := m["episodes"]; en != nil {
		if ls.Episodes, err = p.logEpisodes(en); err != nil {
			return nil, err
		}
	}
	if pn := m["propensity"]; pn != nil {
		if ls.Propensity, err = p.str(pn, "log.propensity"); err != nil {
			return nil, err
		}
	}
	return ls, nil
}

func (p specParser) logAction(n *yaml.Node) (LogAction, error) {
	var a LogAction
	if n.Kind == yaml.ScalarNode {
		if n.Value != "infer" {
			return a, p.fail(n, "log.action", fmt.Sprintf("want infer or {column: …}, got %q", n.Value))
		}
		return LogAction{Infer: true}, nil
	}
	m, err := p.mapping(n, "log.action", []string{"column", "pattern", "row"})
	if err != nil {
		return a, err
	}
	cn := m["column"]
	if cn == nil {
		return a, p.fail(n, "log.action.column", "required")
	}
	if a.Column, err = p.str(cn, "log.action.column"); err != nil {
		return a, err
	}
	if pn := m["pattern"]; pn != nil {
		src, err := p.str(pn, "log.action.pattern")
		if err != nil {
			return a, err
		}
		if a.Pattern, err = regexp.Compile(src); err != nil {
			return a, p.fail(pn, "log.action.pattern", err.Error())
		}
		if a.Pattern.NumSubexp() > 1 {
			return a, p.fail(pn, "log.action.pattern", "want at most one group: the action")
		}
	}
	if rn := m["row"]; rn != nil {
		switch rn.Value {
		case "this":
		case "next":
			a.NextRow = true
		default:
			return a, p.fail(rn, "log.action.row", fmt.Sprintf("want this or next, got %q", rn.Value))
		}
	}
	return a, nil
}

func (p specParser) logNext(n *yaml.Node) (map[string]NextColumn, error) {
	if n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		return nil, p.fail(n, "log.next", "want a mapping of knob name to column or {column, scale}")
	}
	out := map[string]NextColumn{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := "log.next." + k.Value
		if _, dup := out[k.Value]; dup {
			return nil, p.fail(k, key, "repeated key")
		}
		nc := NextColumn{Scale: 1}
		if v.Kind == yaml.ScalarNode {
			nc.Column = v.Value
		} else {
			m, err := p.mapping(v, key, []string{"column", "scale"})
			if err != nil {
				return nil, err
			}
			if m["column"] == nil {
				return nil, p.fail(v, key+".column", "required")
			}
			if nc.Column, err = p.str(m["column"], key+".column"); err != nil {
				return nil, err
			}
			if s := m["scale"]; s != nil {
				if nc.Scale, err = p.float(s, key+".scale"); err != nil {
					return nil, err
				}
				if !(nc.Scale > 0) || nc.Scale > 1e12 {
					return nil, p.fail(s, key+".scale", "must be positive")
				}
			}
		}
		if nc.Column == "" {
			return nil, p.fail(v, key, "want a column name")
		}
		out[k.Value] = nc
	}
	return out, nil
}

func (p specParser) logEpisodes(n *yaml.Node) (LogEpisodes, error) {
	var e LogEpisodes
	m, err := p.mapping(n, "log.episodes", []string{"column", "time", "gap", "length"})
	if err != nil {
		return e, err
	}
	given := 0
	if c := m["column"]; c != nil {
		given++
		if e.Column, err = p.str(c, "log.episodes.column"); err != nil {
			return e, err
		}
	}
	if t := m["time"]; t != nil {
		given++
		if e.Time, err = p.str(t, "log.episodes.time"); err != nil {
			return e, err
		}
		g := m["gap"]
		if g == nil {
			return e, p.fail(t, "log.episodes.gap", "required with time: the largest step within an episode")
		}
		if e.Gap, err = p.float(g, "log.episodes.gap"); err != nil {
			return e, err
		}
		if !(e.Gap >= 0) {
			return e, p.fail(g, "log.episodes.gap", "must be 0 or more")
		}
	} else if g := m["gap"]; g != nil {
		return e, p.fail(g, "log.episodes.gap", "only with time")
	}
	if l := m["length"]; l != nil {
		given++
		if e.Length, err = p.int(l, "log.episodes.length"); err != nil {
			return e, err
		}
		if e.Length < 1 {
			return e, p.fail(l, "log.episodes.length", "must be at least 1 transition")
		}
	}
	if given != 1 {
		return e, p.fail(n, "log.episodes", "give exactly one of column, time (with gap) and length")
	}
	return e, nil
}

// CellText returns an accessor for the text of column name's cells, numeric
// or not (a number as strconv's shortest 'g' form); ok is false for a null.
func (t *Table) CellText(name string) (func(i int) (string, bool), error) {
	i := t.Index(name)
	if i < 0 {
		_, err := t.Float64(name) // the no-such-column error, with suggestions
		return nil, err
	}
	col := t.Record.Column(i)
	if f, err := t.Float64(name); err == nil {
		return func(r int) (string, bool) {
			if f.IsNull(r) {
				return "", false
			}
			return strconv.FormatFloat(f.Value(r), 'g', -1, 64), true
		}, nil
	}
	s, ok := col.(interface {
		IsNull(int) bool
		Value(int) string
	})
	if !ok {
		return nil, &ParseError{File: t.Path, Column: i + 1, Name: name, Err: fmt.Errorf("%w: column type %s", ErrCorrupt, col.DataType())}
	}
	return func(r int) (string, bool) {
		if s.IsNull(r) {
			return "", false
		}
		return s.Value(r), true
	}, nil
}
