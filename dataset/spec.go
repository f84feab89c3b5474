package dataset

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

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
	// Log, when set, reads the table as a logged trajectory (see LogSpec).
	Log *LogSpec
}

// Spec defaults for keys a file leaves out.
const (
	DefaultHorizon        = 50
	DefaultInvalidPenalty = -5
)

// LoadSpec reads a YAML spec file.
func LoadSpec(path string) (*Spec, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &SpecError{File: path, Err: fmt.Errorf("%w: %w", ErrSpec, FileError(err))}
	}
	return ParseSpec(b, path)
}

// ParseSpec parses a YAML spec; file names it in errors. Unknown keys, keys of
// the wrong type and values out of range are errors naming the key.
func ParseSpec(data []byte, file string) (*Spec, error) {
	s := &Spec{File: file, InvalidPenalty: DefaultInvalidPenalty, Horizon: DefaultHorizon, Start: Start{Row: -1}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &SpecError{File: file, Line: yamlErrLine(err), Err: fmt.Errorf("%w: %v", ErrSpec, err)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, &SpecError{File: file, Err: fmt.Errorf("%w: empty spec", ErrSpec)}
	}
	p := specParser{file: file}
	root := doc.Content[0]
	seen, err := p.mapping(root, "", []string{"name", "knobs", "observe", "context", "metrics", "reward", "invalid_penalty", "horizon", "start", "log"})
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
	}
	if n := seen["start"]; n != nil {
		if s.Start, err = p.start(n); err != nil {
			return nil, err
		}
	}
	if n := seen["log"]; n != nil {
		if s.Log, err = p.log(n); err != nil {
			return nil, err
		}
	}
	if s.Name == "" {
		s.Name = file
	}
	return s, nil
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

func (p specParser) float(n *yaml.Node, key string) (float64, error) {
	if n.Kind != yaml.ScalarNode {
		return 0, p.fail(n, key, "want a number")
	}
	v, err := strconv.ParseFloat(n.Value, 64)
	if err != nil {
		return 0, p.fail(n, key, fmt.Sprintf("want a number, got %q", n.Value))
	}
	return v, nil
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
