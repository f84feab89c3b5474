package dataset

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"
)

// Rewards computes the reward of every row of t: the spec's reward column, or
// its expression evaluated once per row (compiled once). A row where an input
// is null earns Reward.Missing.
//
// In an expression a column is named by its name when that is an identifier
// (out_tps), by the name with every other character replaced by '_' (cpu_1 for
// cpu.1), or as col("cpu.1"). minmax(c) and zscore(c) scale column c over the
// whole column, nulls ignored; expr's own min, max, abs and arithmetic apply.
//
// An infinite reward cell, or an expression that comes to NaN or ±Inf on a
// row whose inputs are all there, is an error naming the row: a single
// such reward makes every return and every learner's value non-finite.
func (s *Spec) Rewards(t *Table) ([]float64, error) {
	out, _, err := s.RewardRows(t)
	return out, err
}

// RewardRows is Rewards with the number of rows that earn Reward.Missing
// because an input is null: where that is every row, the reward carries no
// information, which a caller may warn of.
func (s *Spec) RewardRows(t *Table) (rewards []float64, missing int, err error) {
	n := t.NumRows()
	out := make([]float64, n)
	if s.Reward.Column != "" {
		col, err := t.Float64(s.Reward.Column)
		if err != nil {
			return nil, 0, &SpecError{File: s.File, Key: "reward.column", Err: err}
		}
		for i := range out {
			switch v := col.Value(i); {
			case col.IsNull(i) || math.IsNaN(v):
				out[i] = s.Reward.Missing
				missing++
			case math.IsInf(v, 0):
				return nil, 0, &SpecError{File: s.File, Key: "reward.column", Err: t.CellError(s.Reward.Column, i,
					fmt.Errorf("%w: reward %v; a reward must be finite", ErrNotNumber, v))}
			default:
				out[i] = v
			}
		}
		return out, missing, nil
	}
	r, err := compileReward(s, t)
	if err != nil {
		return nil, 0, err
	}
	env := make(map[string]any, len(r.vars))
	nMissing := 0
	for i := 0; i < n; i++ {
		missing := false
		for _, v := range r.vars {
			x := v.value(i)
			if math.IsNaN(x) {
				missing = true
				break
			}
			env[v.ident] = x
		}
		if missing {
			out[i] = s.Reward.Missing
			nMissing++
			continue
		}
		res, err := vm.Run(r.prog, env)
		if err != nil {
			return nil, 0, &SpecError{File: s.File, Key: "reward.expr", Err: fmt.Errorf("%w: row %d: %v", ErrSpec, i, err)}
		}
		f, ok := toFloat(res)
		if !ok {
			return nil, 0, &SpecError{File: s.File, Key: "reward.expr", Err: fmt.Errorf("%w: evaluates to %T, want a number", ErrSpec, res)}
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, 0, &SpecError{File: s.File, Key: "reward.expr", Err: t.RowError(i,
				fmt.Errorf("%w: the reward comes to %v (%s); a reward must be finite", ErrSpec, f, r.inputs(i)))}
		}
		out[i] = f
	}
	return out, nMissing, nil
}

// inputs lists row i's values of the expression's columns, for an error.
func (r *compiledReward) inputs(i int) string {
	parts := make([]string, 0, len(r.vars))
	seen := map[*array.Float64]bool{}
	for _, v := range r.vars {
		if !seen[v.col] {
			seen[v.col] = true
			parts = append(parts, fmt.Sprintf("%s=%v", strings.TrimPrefix(v.ident[strings.Index(v.ident, "·"):], "·"), v.col.Value(i)))
		}
	}
	return strings.Join(parts, ", ")
}

// rewardVar is one variable of a compiled reward: a column, possibly scaled.
type rewardVar struct {
	ident  string // the identifier in the patched program
	col    *array.Float64
	scale  float64 // value = (x - shift) * scale
	shift  float64
	scaled bool
}

func (v *rewardVar) value(i int) float64 {
	if v.col.IsNull(i) {
		return math.NaN()
	}
	x := v.col.Value(i)
	if v.scaled {
		x = (x - v.shift) * v.scale
	}
	return x
}

type compiledReward struct {
	prog *vm.Program
	vars []*rewardVar
}

// rewardPatcher rewrites column references in the parsed expression into
// plain identifiers bound per row, and records what each one reads.
type rewardPatcher struct {
	t    *Table
	vars map[string]*rewardVar
	err  error
}

func (p *rewardPatcher) column(ref string) (string, *array.Float64, error) {
	name := ref
	if p.t.Index(name) < 0 {
		for _, c := range p.t.Names() {
			if sanitize(c) == ref {
				name = c
				break
			}
		}
	}
	col, err := p.t.Float64(name)
	return name, col, err
}

// ref is the column named by node: an identifier, or col("name").
func ref(node ast.Node) (string, bool) {
	switch n := node.(type) {
	case *ast.IdentifierNode:
		// The walk is post-order: an argument may already stand patched.
		return strings.TrimPrefix(n.Value, "·"), true
	case *ast.CallNode:
		if id, ok := n.Callee.(*ast.IdentifierNode); ok && id.Value == "col" && len(n.Arguments) == 1 {
			if s, ok := n.Arguments[0].(*ast.StringNode); ok {
				return s.Value, true
			}
		}
	}
	return "", false
}

func (p *rewardPatcher) Visit(node *ast.Node) {
	if p.err != nil {
		return
	}
	switch n := (*node).(type) {
	case *ast.CallNode:
		id, ok := n.Callee.(*ast.IdentifierNode)
		if !ok {
			return
		}
		switch id.Value {
		case "col":
			if r, ok := ref(n); ok {
				p.bind(node, r, "")
			} else {
				p.err = fmt.Errorf("col takes one quoted column name")
			}
		case "minmax", "zscore":
			if len(n.Arguments) != 1 {
				p.err = fmt.Errorf("%s takes one column", id.Value)
				return
			}
			r, ok := ref(n.Arguments[0])
			if !ok {
				p.err = fmt.Errorf("%s takes a column name, not an expression", id.Value)
				return
			}
			p.bind(node, r, id.Value)
		}
	case *ast.IdentifierNode:
		if n.Value == "col" || n.Value == "minmax" || n.Value == "zscore" {
			return // the callee of a call patched when the call is visited
		}
		if strings.Contains(n.Value, "·") {
			return // already patched
		}
		p.bind(node, n.Value, "")
	}
}

// bind replaces node with an identifier standing for column r, scaled by fn.
func (p *rewardPatcher) bind(node *ast.Node, r, fn string) {
	name, col, err := p.column(r)
	if err != nil {
		p.err = err
		return
	}
	ident := "·" + name
	if fn != "" {
		ident = fn + "·" + name
	}
	if _, ok := p.vars[ident]; !ok {
		v := &rewardVar{ident: ident, col: col}
		if fn != "" {
			v.scaled = true
			v.shift, v.scale = columnScale(col, fn)
		}
		p.vars[ident] = v
	}
	ast.Patch(node, &ast.IdentifierNode{Value: ident})
}

// columnScale is the shift and scale of minmax or zscore over a column, nulls ignored.
func columnScale(col *array.Float64, fn string) (shift, scale float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	var sum, sq float64
	n := 0
	for i := 0; i < col.Len(); i++ {
		if col.IsNull(i) || math.IsNaN(col.Value(i)) {
			continue
		}
		x := col.Value(i)
		lo, hi = math.Min(lo, x), math.Max(hi, x)
		sum += x
		n++
	}
	if n == 0 {
		return 0, 1
	}
	mean := sum / float64(n)
	for i := 0; i < col.Len(); i++ {
		if !col.IsNull(i) && !math.IsNaN(col.Value(i)) {
			d := col.Value(i) - mean
			sq += d * d
		}
	}
	if fn == "minmax" {
		if hi == lo {
			return lo, 0 // a constant column scales to 0
		}
		return lo, 1 / (hi - lo)
	}
	sd := math.Sqrt(sq / float64(n))
	if sd == 0 {
		return mean, 0
	}
	return mean, 1 / sd
}

func compileReward(s *Spec, t *Table) (*compiledReward, error) {
	p := &rewardPatcher{t: t, vars: map[string]*rewardVar{}}
	fail := func(err error) error {
		// expr's syntax errors go on to draw the expression with a caret
		// under the fault: the first line, with its (line:column), is the
		// message.
		msg, _, _ := strings.Cut(err.Error(), "\n")
		return &SpecError{File: s.File, Key: "reward.expr", Err: fmt.Errorf("%w: %s", ErrSpec, msg)}
	}
	// A first pass finds the variables so the checker can be told their types.
	if _, err := expr.Compile(s.Reward.Expr, expr.AllowUndefinedVariables(), expr.Patch(p)); err != nil {
		return nil, fail(err)
	}
	if p.err != nil {
		return nil, &SpecError{File: s.File, Key: "reward.expr", Err: p.err}
	}
	env := map[string]any{}
	for id := range p.vars {
		env[id] = 0.0
	}
	p2 := &rewardPatcher{t: t, vars: p.vars}
	prog, err := expr.Compile(s.Reward.Expr, expr.Env(env), expr.Patch(p2), expr.AsFloat64())
	if err != nil {
		return nil, fail(err)
	}
	if p2.err != nil {
		return nil, &SpecError{File: s.File, Key: "reward.expr", Err: p2.err}
	}
	r := &compiledReward{prog: prog}
	ids := make([]string, 0, len(p.vars))
	for id := range p.vars {
		ids = append(ids, id)
	}
	sort.Strings(ids) // a stable order: the same spec evaluates the same way
	for _, id := range ids {
		r.vars = append(r.vars, p.vars[id])
	}
	return r, nil
}

// sanitize maps a column name to an expression identifier: every character
// other than a letter, digit or '_' becomes '_'.
func sanitize(name string) string {
	b := []byte(name)
	for i, c := range b {
		if !(c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			b[i] = '_'
		}
	}
	return string(b)
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}
