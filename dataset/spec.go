package dataset

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/tablerl/tablerl/dataset/limits"
	"go.yaml.in/yaml/v3"
)

// Knob is one controlled configuration dimension: a column whose distinct
// values, ascending, become the levels 1..n an action moves between.
type Knob struct {
	Name   string // the knob's name in actions and reports ("replicas")
	Column string // the table column holding its value ("re")
}

// Reward says how a row's reward is computed: an expression over columns, or a
// column taken as it is. Missing is the reward of a row where an input is null.
type Reward struct {
	Expr    string
	Column  string
	Missing float64
}

// Start says where an episode starts: a row drawn uniformly (Row < 0) or a
// fixed row (0-based, counting data rows only).
type Start struct {
	Row int
}

// Random reports whether the start row is drawn uniformly.
func (s Start) Random() bool { return s.Row < 0 }

// Spec describes a metric table to the environment: which columns are knobs,
// extra observations, exogenous context and reward.
type Spec struct {
	// File is where the spec was read from ("teastore" for the built-in one).
	File string
	// Name is a label for reports.
	Name string
	// Knobs, in action order: action 0 is the no-op, then +1 and −1 for each knob.
	Knobs []Knob
	// Observe are extra observation columns (metrics of the drawn row).
	Observe []string
	// Context are exogenous columns: drawn with the start row, held for the
	// episode and matched together with the knobs.
	Context []string
	// Metrics are the columns reported in a step's info and in replays;
	// when the spec gives none, Observe is used, less the reward's column
	// (each step reports its reward).
	Metrics []string
	Reward  Reward
	// InvalidPenalty is the reward of a move to a configuration the table never recorded.
	InvalidPenalty float64
	// Horizon is the number of steps in an episode.
	Horizon int
	Start   Start

	// Load, Delay, ChangeCost and Actions make the problem dynamic (see
	// spec_dynamics.go); all zero, the spec is a plain one and every step
	// behaves as before they existed.
	Load       *LoadTrace
	Delay      []int     // steps before a change of knob k takes effect (nil: none)
	ChangeCost []float64 // cost per level moved of knob k (nil: none)
	Actions    ActionSet

	// Log, when set, reads the table as a logged trajectory (see LogSpec).
	Log *LogSpec
}

// MaxKnobs is the most knobs a spec may have: the exact solution keeps
// each action in a byte, and there are 1 + 2 × knobs of them.
const MaxKnobs = 127

// Spec defaults for keys a file leaves out.
const (
	DefaultHorizon        = 50
	DefaultInvalidPenalty = -5
)

// LoadSpec reads a YAML spec file.
func LoadSpec(path string) (*Spec, error) {
	b, err := ReadYAMLFile(path)
	if err != nil {
		if !errors.Is(err, limits.ErrExceeded) {
			err = FileError(err)
		}
		return nil, &SpecError{File: path, Err: fmt.Errorf("%w: %w", ErrSpec, err)}
	}
	return ParseSpec(b, path)
}

// ReadYAMLFile reads a spec file, refusing one larger than the spec_bytes
// limit before reading it all.
func ReadYAMLFile(path string) ([]byte, error) {
	return limits.ReadFile(path, "spec_bytes", limits.Current().SpecBytes)
}

// ParseSpec parses a YAML spec; file names it in errors. Unknown keys, keys of
// the wrong type and values out of range are errors naming the key.
func ParseSpec(data []byte, file string) (*Spec, error) {
	s := &Spec{File: file, InvalidPenalty: DefaultInvalidPenalty, Horizon: DefaultHorizon, Start: Start{Row: -1}}
	if err := limits.Check("spec_bytes", "the spec's size in bytes", int64(len(data)), limits.Current().SpecBytes); err != nil {
		return nil, &SpecError{File: file, Err: fmt.Errorf("%w: %w", ErrSpec, err)}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil && err != io.EOF {
		return nil, &SpecError{File: file, Line: yamlErrLine(err), Err: fmt.Errorf("%w: %v", ErrSpec, err)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, &SpecError{File: file, Err: fmt.Errorf("%w: empty spec", ErrSpec)}
	}
	// A second document would be silently ignored: refuse it.
	var more yaml.Node
	if err := dec.Decode(&more); err != io.EOF {
		line := more.Line
		if err != nil {
			line = yamlErrLine(err)
		}
		return nil, &SpecError{File: file, Key: "(top level)", Line: line,
			Err: fmt.Errorf("%w: a second YAML document (after ---); a spec is one document", ErrSpec)}
	}
	p := specParser{file: file}
	root := doc.Content[0]
	seen, err := p.mapping(root, "", []string{"name", "knobs", "observe", "context", "metrics", "reward", "invalid_penalty", "horizon", "start", "load", "delay", "change_cost", "actions", "log"})
	if err != nil {
		return nil, err
	}
	if n := seen["name"]; n != nil {
		if s.Name, err = p.str(n, "name"); err != nil {
			return nil, err
		}
	}
	n := seen["knobs"]
	if n == nil {
		return nil, p.fail(root, "knobs", "required: at least one knob")
	}
	if s.Knobs, err = p.knobs(n); err != nil {
		return nil, err
	}
	for _, k := range []struct {
		key string
		dst *[]string
	}{{"observe", &s.Observe}, {"context", &s.Context}, {"metrics", &s.Metrics}} {
		if n := seen[k.key]; n != nil {
			if *k.dst, err = p.strs(n, k.key); err != nil {
				return nil, err
			}
		}
	}
	n = seen["reward"]
	if n == nil {
		return nil, p.fail(root, "reward", "required: {expr: ...} or {column: ...}")
	}
	if s.Reward, err = p.reward(n); err != nil {
		return nil, err
	}
	if n := seen["invalid_penalty"]; n != nil {
		if s.InvalidPenalty, err = p.float(n, "invalid_penalty"); err != nil {
			return nil, err
		}
	}
	if n := seen["horizon"]; n != nil {
		if s.Horizon, err = p.int(n, "horizon"); err != nil {
			return nil, err
		}
		if s.Horizon < 1 {
			return nil, p.fail(n, "horizon", fmt.Sprintf("must be at least 1, got %d", s.Horizon))
		}
		if err := limits.Check("horizon", "the horizon", int64(s.Horizon), limits.Current().Horizon); err != nil {
			return nil, &SpecError{File: file, Key: "horizon", Line: n.Line, Err: fmt.Errorf("%w: %w", ErrSpec, err)}
		}
	}
	if n := seen["start"]; n != nil {
		if s.Start, err = p.start(n); err != nil {
			return nil, err
		}
	}
	if err := p.dynamics(s, seen); err != nil {
		return nil, err
	}
	if n := seen["log"]; n != nil {
		if s.Log, err = p.log(n); err != nil {
			return nil, err
		}
	}
	if s.Name == "" {
		s.Name = file
	}
	if err := p.distinct(root, seen, s); err != nil {
		return nil, err
	}
	return s, nil
}

// distinct refuses a degenerate spec: a column that is two knobs, a knob
// and context, or context twice (the state would count it twice, and a
// knob held as context could never move); a knob that is also the reward
// column; an observe or metrics list naming a column twice.
func (p specParser) distinct(root *yaml.Node, seen map[string]*yaml.Node, s *Spec) error {
	// item is the node of entry i of the list under key, for its line.
	item := func(key string, i int) *yaml.Node {
		if n := seen[key]; n != nil && i < len(n.Content) {
			return n.Content[i]
		}
		return root
	}
	used := map[string]string{} // column → the key that first used it
	for i, k := range s.Knobs {
		key := fmt.Sprintf("knobs[%d].column", i)
		if first, dup := used[k.Column]; dup {
			return p.fail(item("knobs", i), key, fmt.Sprintf("column %q is already %s", k.Column, first))
		}
		used[k.Column] = key
	}
	for i, c := range s.Context {
		key := fmt.Sprintf("context[%d]", i)
		if first, dup := used[c]; dup {
			return p.fail(item("context", i), key, fmt.Sprintf("column %q is already %s", c, first))
		}
		used[c] = key
	}
	if first, ok := used[s.Reward.Column]; ok && strings.HasPrefix(first, "knobs") {
		return p.fail(seen["reward"], "reward.column", fmt.Sprintf("column %q is %s: a knob's level is no reward", s.Reward.Column, first))
	}
	for _, key := range []string{"observe", "metrics"} {
		list := s.Observe
		if key == "metrics" {
			list = s.Metrics
		}
		at := map[string]int{}
		for i, c := range list {
			if j, dup := at[c]; dup {
				return p.fail(item(key, i), fmt.Sprintf("%s[%d]", key, i), fmt.Sprintf("column %q is already %s[%d]", c, key, j))
			}
			at[c] = i
		}
	}
	return nil
}

// Columns lists every column the spec reads, without repeats: knobs, context,
// observations, metrics and the reward's column (not an expression's inputs,
// which Rewards resolves).
func (s *Spec) Columns() []string {
	var cols []string
	seen := map[string]bool{}
	add := func(c string) {
		if c != "" && !seen[c] {
			seen[c] = true
			cols = append(cols, c)
		}
	}
	for _, k := range s.Knobs {
		add(k.Column)
	}
	for _, group := range [][]string{s.Context, s.Observe, s.Metrics} {
		for _, c := range group {
			add(c)
		}
	}
	add(s.Reward.Column)
	return cols
}

// Check verifies that the table has every column the spec names, numeric.
// The error names the spec key and the table's file, line and column.
func (s *Spec) Check(t *Table) error {
	check := func(key, col string) error {
		if _, err := t.Float64(col); err != nil {
			return &SpecError{File: s.File, Key: key, Err: err}
		}
		return nil
	}
	for i, k := range s.Knobs {
		if err := check(fmt.Sprintf("knobs[%d].column", i), k.Column); err != nil {
			return err
		}
	}
	for _, g := range []struct {
		key  string
		cols []string
	}{{"context", s.Context}, {"observe", s.Observe}, {"metrics", s.Metrics}} {
		for i, c := range g.cols {
			if err := check(fmt.Sprintf("%s[%d]", g.key, i), c); err != nil {
				return err
			}
		}
	}
	if s.Reward.Column != "" {
		return check("reward.column", s.Reward.Column)
	}
	return nil
}

// specParser walks a YAML node tree, so that every error can name its key and line.
type specParser struct{ file string }

func (p specParser) fail(n *yaml.Node, key, msg string) error {
	return &SpecError{File: p.file, Key: key, Line: n.Line, Err: fmt.Errorf("%w: %s", ErrSpec, msg)}
}

// mapping is YAMLMapping for the spec, its errors wrapping ErrSpec.
func (p specParser) mapping(n *yaml.Node, path string, allowed []string) (map[string]*yaml.Node, error) {
	m, err := YAMLMapping(p.file, n, path, allowed)
	if err != nil {
		err.Err = fmt.Errorf("%w: %w", ErrSpec, err.Err)
		return nil, err
	}
	return m, nil
}

// YAMLMapping checks that n is a mapping with only allowed keys, each once,
// and returns its values by key; path is n's key path ("" at the top, "reward"
// below). The error names the file, the line and the key, and suggests a
// known key for a misspelt one. The spec's parser and the readers of the
// other YAML files a user writes (train's --config) share it.
func YAMLMapping(file string, n *yaml.Node, path string, allowed []string) (map[string]*yaml.Node, *SpecError) {
	if n.Kind != yaml.MappingNode {
		key := path
		if key == "" {
			key = "(top level)"
		}
		return nil, &SpecError{File: file, Key: key, Line: n.Line, Err: errors.New("want a mapping of keys")}
	}
	out := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := k.Value
		if path != "" {
			key = path + "." + k.Value
		}
		fail := func(msg string) *SpecError {
			return &SpecError{File: file, Key: key, Line: k.Line, Err: errors.New(msg)}
		}
		if !slices.Contains(allowed, k.Value) {
			return nil, fail(fmt.Sprintf("unknown key%s (known: %s)", DidYouMean(k.Value, allowed), strings.Join(allowed, ", ")))
		}
		if _, dup := out[k.Value]; dup {
			return nil, fail("repeated key")
		}
		out[k.Value] = v
	}
	return out, nil
}

func (p specParser) str(n *yaml.Node, key string) (string, error) {
	if n.Kind != yaml.ScalarNode || n.Value == "" {
		return "", p.fail(n, key, "want a non-empty string")
	}
	return n.Value, nil
}

func (p specParser) strs(n *yaml.Node, key string) ([]string, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, p.fail(n, key, "want a list of column names")
	}
	if err := p.entries(n, key); err != nil {
		return nil, err
	}
	out := make([]string, 0, len(n.Content))
	for i, c := range n.Content {
		s, err := p.str(c, fmt.Sprintf("%s[%d]", key, i))
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// entries refuses a list longer than the spec_entries limit.
func (p specParser) entries(n *yaml.Node, key string) error {
	if err := limits.Check("spec_entries", "the number of entries", int64(len(n.Content)), limits.Current().SpecEntries); err != nil {
		return &SpecError{File: p.file, Key: key, Line: n.Line, Err: fmt.Errorf("%w: %w", ErrSpec, err)}
	}
	return nil
}

// float reads a finite number: a NaN or infinite penalty or reward would
// make every return NaN or infinite.
func (p specParser) float(n *yaml.Node, key string) (float64, error) {
	if n.Kind != yaml.ScalarNode {
		return 0, p.fail(n, key, "want a number")
	}
	v, err := strconv.ParseFloat(n.Value, 64)
	switch {
	case isYAMLNonFinite(n.Value) || errors.Is(err, strconv.ErrRange) || err == nil && (math.IsNaN(v) || math.IsInf(v, 0)):
		return 0, p.fail(n, key, fmt.Sprintf("want a finite number, got %s", n.Value))
	case err != nil:
		return 0, p.fail(n, key, fmt.Sprintf("want a number, got %q", n.Value))
	}
	return v, nil
}

// isYAMLNonFinite reports YAML's own spellings of NaN and infinity (.nan,
// .inf, -.Inf), which strconv does not read.
func isYAMLNonFinite(s string) bool {
	switch strings.ToLower(strings.TrimLeft(s, "+-")) {
	case ".nan", ".inf":
		return true
	}
	return false
}

func (p specParser) int(n *yaml.Node, key string) (int, error) {
	if n.Kind != yaml.ScalarNode {
		return 0, p.fail(n, key, "want a whole number")
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil {
		return 0, p.fail(n, key, fmt.Sprintf("want a whole number, got %q", n.Value))
	}
	return v, nil
}

func (p specParser) knobs(n *yaml.Node) ([]Knob, error) {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		return nil, p.fail(n, "knobs", "want a non-empty list of {name, column}")
	}
	if err := p.entries(n, "knobs"); err != nil {
		return nil, err
	}
	if len(n.Content) > MaxKnobs {
		return nil, p.fail(n, "knobs", fmt.Sprintf("at most %d knobs (actions are numbered 0 to 254), got %d", MaxKnobs, len(n.Content)))
	}
	var ks []Knob
	names := map[string]bool{}
	for i, c := range n.Content {
		path := fmt.Sprintf("knobs[%d]", i)
		var k Knob
		if c.Kind == yaml.ScalarNode { // shorthand: a bare column name
			k.Column, k.Name = c.Value, c.Value
		} else {
			m, err := p.mapping(c, path, []string{"name", "column"})
			if err != nil {
				return nil, err
			}
			cn := m["column"]
			if cn == nil {
				return nil, p.fail(c, path+".column", "required")
			}
			if k.Column, err = p.str(cn, path+".column"); err != nil {
				return nil, err
			}
			k.Name = k.Column
			if nn := m["name"]; nn != nil {
				if k.Name, err = p.str(nn, path+".name"); err != nil {
					return nil, err
				}
			}
		}
		if names[k.Name] {
			return nil, p.fail(c, path+".name", fmt.Sprintf("knob %q named twice", k.Name))
		}
		names[k.Name] = true
		ks = append(ks, k)
	}
	return ks, nil
}

func (p specParser) reward(n *yaml.Node) (Reward, error) {
	var r Reward
	m, err := p.mapping(n, "reward", []string{"expr", "column", "missing"})
	if err != nil {
		return r, err
	}
	if e := m["expr"]; e != nil {
		if r.Expr, err = p.str(e, "reward.expr"); err != nil {
			return r, err
		}
	}
	if c := m["column"]; c != nil {
		if r.Column, err = p.str(c, "reward.column"); err != nil {
			return r, err
		}
	}
	if (r.Expr == "") == (r.Column == "") {
		return r, p.fail(n, "reward", "give exactly one of expr and column")
	}
	if ms := m["missing"]; ms != nil {
		if r.Missing, err = p.float(ms, "reward.missing"); err != nil {
			return r, err
		}
	}
	return r, nil
}

func (p specParser) start(n *yaml.Node) (Start, error) {
	if n.Kind == yaml.ScalarNode {
		if n.Value != "random" {
			return Start{}, p.fail(n, "start", fmt.Sprintf("want random or {row: N}, got %q", n.Value))
		}
		return Start{Row: -1}, nil
	}
	m, err := p.mapping(n, "start", []string{"row"})
	if err != nil {
		return Start{}, err
	}
	rn := m["row"]
	if rn == nil {
		return Start{}, p.fail(n, "start.row", "required")
	}
	row, err := p.int(rn, "start.row")
	if err != nil {
		return Start{}, err
	}
	if row < 0 {
		return Start{}, p.fail(rn, "start.row", fmt.Sprintf("must be 0 or more, got %d", row))
	}
	return Start{Row: row}, nil
}

// YAMLError is the *SpecError of a YAML file that does not parse: yaml's
// message, its line moved to where a SpecError puts it ("file:3: did not
// find expected key").
func YAMLError(file string, err error) *SpecError {
	line := yamlErrLine(err)
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if line > 0 {
		msg = strings.TrimPrefix(msg, fmt.Sprintf("line %d: ", line))
	}
	return &SpecError{File: file, Line: line, Err: errors.New(msg)}
}

// yamlErrLine digs the line out of a yaml syntax error, 0 if it has none.
func yamlErrLine(err error) int {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return 0
	}
	var line int
	if _, e := fmt.Sscanf(err.Error(), "yaml: line %d:", &line); e == nil {
		return line
	}
	return 0
}

// SpecFor chooses the spec of table t: arg "teastore" is the built-in spec,
// any other non-empty arg a YAML file; with no arg, the built-in spec when t
// has TeaStore's columns, and an error otherwise.
func SpecFor(arg string, t *Table) (*Spec, error) {
	switch {
	case arg == "teastore":
		return TeaStoreSpec(), nil
	case arg != "":
		return LoadSpec(arg)
	case IsTeaStore(t):
		return TeaStoreSpec(), nil
	}
	return nil, &SpecError{Key: "--spec", Err: fmt.Errorf("%w: %s does not have the TeaStore columns; give --spec FILE (see the README's spec reference)", ErrSpec, t.Path)}
}
