package dataset

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// LoadTrace is the spec's load: key: the context column follows a series,
// one value per step, instead of being held for the episode.
type LoadTrace struct {
	// File holds the series (CSV, whitespace text or Parquet), resolved
	// against the spec's directory; Column picks its column (empty: the
	// file's only column).
	File   string
	Column string
	// Context is the context column the series drives (empty: the spec's
	// only context column).
	Context string
	// Factor scales the series onto the column's units; 0 maps the series'
	// range linearly onto the column's recorded range.
	Factor float64
	// Offset is the fixed start position of each episode in the series, or
	// -1 for one drawn uniformly.
	Offset int
	// History is how many past values the observation holds; EWMA the
	// weight of the newest value in the observed exponentially weighted
	// average, in (0, 1].
	History int
	EWMA    float64
	// Day and Week are the series' periods in steps, for the observed phase
	// of day and of week (0: none).
	Day, Week int
}

// ActionSet says which actions the agent has. The zero value is today's
// step set: the no-op, then +1 and −1 level for each knob.
type ActionSet struct {
	// Set is true for "set": the no-op, then one action per recorded
	// configuration, moving there at once.
	Set bool
	// Steps are the step sizes of the step set (nil: [1]); for each knob
	// in spec order and each step size s in order, +s then −s.
	Steps []int
}

// Plain reports whether the action set is today's: ±1 per knob.
func (a ActionSet) Plain() bool {
	return !a.Set && (len(a.Steps) == 0 || slices.Equal(a.Steps, []int{1}))
}

// Dynamic reports whether the spec has a load trace, a delay, a change
// cost or an action set other than ±1: the environment then tracks time,
// pending changes and the series.
func (s *Spec) Dynamic() bool {
	return s.Load != nil || s.Delay != nil || s.ChangeCost != nil || !s.Actions.Plain()
}

// Defaults of the load: key's observation.
const (
	DefaultLoadHistory = 4
	DefaultLoadEWMA    = 0.3
	// MaxDelay bounds a knob's delay: pending changes are part of the
	// state, and their number grows with it.
	MaxDelay = 16
)

// dynamics parses load:, delay:, change_cost: and actions:.
func (p specParser) dynamics(s *Spec, seen map[string]*yaml.Node) error {
	var err error
	if n := seen["load"]; n != nil {
		if s.Load, err = p.load(n); err != nil {
			return err
		}
	}
	if n := seen["delay"]; n != nil {
		d, err := p.perKnob(n, "delay", s.Knobs, func(v float64) bool { return v >= 0 && v <= MaxDelay && v == float64(int(v)) }, fmt.Sprintf("a whole number of steps from 0 to %d", MaxDelay))
		if err != nil {
			return err
		}
		s.Delay = make([]int, len(d))
		for k, v := range d {
			s.Delay[k] = int(v)
		}
	}
	if n := seen["change_cost"]; n != nil {
		if s.ChangeCost, err = p.perKnob(n, "change_cost", s.Knobs, func(v float64) bool { return v >= 0 && v < 1e300 }, "a cost of 0 or more"); err != nil {
			return err
		}
	}
	if n := seen["actions"]; n != nil {
		if s.Actions, err = p.actions(n); err != nil {
			return err
		}
	}
	return nil
}

// perKnob reads a mapping from knob names to numbers into a slice in knob
// order (knobs not named get 0).
func (p specParser) perKnob(n *yaml.Node, key string, knobs []Knob, ok func(float64) bool, want string) ([]float64, error) {
	names := make([]string, len(knobs))
	for i, k := range knobs {
		names[i] = k.Name
	}
	m, err := p.mapping(n, key, names)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(knobs))
	for i, name := range names {
		v := m[name]
		if v == nil {
			continue
		}
		k := key + "." + name
		if out[i], err = p.float(v, k); err != nil {
			return nil, err
		}
		if !ok(out[i]) {
			return nil, p.fail(v, k, fmt.Sprintf("want %s, got %s", want, v.Value))
		}
	}
	return out, nil
}

func (p specParser) load(n *yaml.Node) (*LoadTrace, error) {
	m, err := p.mapping(n, "load", []string{"file", "column", "context", "scale", "start", "history", "ewma", "period"})
	if err != nil {
		return nil, err
	}
	l := &LoadTrace{Offset: -1, History: DefaultLoadHistory, EWMA: DefaultLoadEWMA}
	f := m["file"]
	if f == nil {
		return nil, p.fail(n, "load.file", "required: the series' file (write one with tablerl gen load)")
	}
	if l.File, err = p.str(f, "load.file"); err != nil {
		return nil, err
	}
	if !filepath.IsAbs(l.File) && p.file != "" && p.file != "teastore" {
		l.File = filepath.Join(filepath.Dir(p.file), l.File)
	}
	for _, k := range []struct {
		key string
		dst *string
	}{{"column", &l.Column}, {"context", &l.Context}} {
		if v := m[k.key]; v != nil {
			if *k.dst, err = p.str(v, "load."+k.key); err != nil {
				return nil, err
			}
		}
	}
	if v := m["scale"]; v != nil && v.Value != "range" {
		if l.Factor, err = p.float(v, "load.scale"); err != nil || !(l.Factor > 0 && l.Factor < 1e300) {
			return nil, p.fail(v, "load.scale", fmt.Sprintf("want range or a positive factor, got %q", v.Value))
		}
	}
	if v := m["start"]; v != nil {
		if l.Offset, err = p.offset(v); err != nil {
			return nil, err
		}
	}
	if v := m["history"]; v != nil {
		if l.History, err = p.int(v, "load.history"); err != nil {
			return nil, err
		}
		if l.History < 0 || l.History > 1000 {
			return nil, p.fail(v, "load.history", fmt.Sprintf("want 0 to 1000 past values, got %d", l.History))
		}
	}
	if v := m["ewma"]; v != nil {
		if l.EWMA, err = p.float(v, "load.ewma"); err != nil {
			return nil, err
		}
		if !(l.EWMA > 0 && l.EWMA <= 1) {
			return nil, p.fail(v, "load.ewma", fmt.Sprintf("want a weight in (0, 1], got %s", v.Value))
		}
	}
	if v := m["period"]; v != nil {
		if l.Day, l.Week, err = p.period(v); err != nil {
			return nil, err
		}
	}
	return l, nil
}

func (p specParser) offset(n *yaml.Node) (int, error) {
	if n.Kind == yaml.ScalarNode {
		if n.Value != "random" {
			return 0, p.fail(n, "load.start", fmt.Sprintf("want random or {offset: N}, got %q", n.Value))
		}
		return -1, nil
	}
	m, err := p.mapping(n, "load.start", []string{"offset"})
	if err != nil {
		return 0, err
	}
	v := m["offset"]
	if v == nil {
		return 0, p.fail(n, "load.start.offset", "required")
	}
	off, err := p.int(v, "load.start.offset")
	if err != nil {
		return 0, err
	}
	if off < 0 {
		return 0, p.fail(v, "load.start.offset", fmt.Sprintf("must be 0 or more, got %d", off))
	}
	return off, nil
}

func (p specParser) period(n *yaml.Node) (day, week int, err error) {
	m, err := p.mapping(n, "load.period", []string{"day", "week"})
	if err != nil {
		return 0, 0, err
	}
	for _, k := range []struct {
		key string
		dst *int
	}{{"day", &day}, {"week", &week}} {
		if v := m[k.key]; v != nil {
			if *k.dst, err = p.int(v, "load.period."+k.key); err != nil {
				return 0, 0, err
			}
			if *k.dst < 2 {
				return 0, 0, p.fail(v, "load.period."+k.key, fmt.Sprintf("want at least 2 steps, got %d", *k.dst))
			}
		}
	}
	return day, week, nil
}

func (p specParser) actions(n *yaml.Node) (ActionSet, error) {
	if n.Kind == yaml.ScalarNode {
		switch n.Value {
		case "step":
			return ActionSet{}, nil
		case "set":
			return ActionSet{Set: true}, nil
		}
		return ActionSet{}, p.fail(n, "actions", fmt.Sprintf("want step, set or {step: [1, 2]}, got %q", n.Value))
	}
	m, err := p.mapping(n, "actions", []string{"step"})
	if err != nil {
		return ActionSet{}, err
	}
	v := m["step"]
	if v == nil || v.Kind != yaml.SequenceNode || len(v.Content) == 0 || len(v.Content) > 16 {
		return ActionSet{}, p.fail(n, "actions.step", "want a list of 1 to 16 step sizes, such as [1, 2]")
	}
	var a ActionSet
	for i, c := range v.Content {
		key := "actions.step[" + strconv.Itoa(i) + "]"
		st, err := p.int(c, key)
		if err != nil {
			return a, err
		}
		if st < 1 || slices.Contains(a.Steps, st) {
			return a, p.fail(c, key, fmt.Sprintf("want distinct step sizes of 1 or more, got %d", st))
		}
		a.Steps = append(a.Steps, st)
	}
	return a, nil
}
