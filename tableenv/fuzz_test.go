package tableenv

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/dataset/limits"
)

// FuzzModelSolve: from any small table and spec, NewModel either fails with
// a *dataset.SpecError or *dataset.ParseError (or a size over a limit), or
// builds a model whose exact solution and episodes are finite and whose
// every step stays within its states, rows and actions. No input panics.
func FuzzModelSolve(f *testing.F) {
	f.Add("re cpu load r\n1 100 10 1\n2 100 10 2\n1 200 20 3\n2 200 20 4\n",
		"knobs: [re, cpu]\ncontext: [load]\nobserve: [r]\nreward: {column: r}\nhorizon: 5\n")
	f.Add("a b\n1 0.5\n2 nan\n3 1e300\n",
		"knobs: [a]\nreward: {expr: \"minmax(b) - a\", missing: -1}\ninvalid_penalty: -2\nhorizon: 3\nstart: {row: 1}\n")
	f.Add("x,y\n1,2\n1,3\n", "knobs: [{name: k, column: x}]\nmetrics: [y]\nreward: {column: y}\n")
	// Small limits: the fuzzer reaches them with small inputs, and a large
	// model would make each input slow.
	old := limits.Current()
	f.Cleanup(func() { limits.Set(old) })
	l := old
	l.HorizonStates, l.ModelCells, l.Horizon = 100_000, 100_000, 10_000
	limits.Set(l)
	f.Fuzz(func(t *testing.T, table, spec string) {
		tb, err := dataset.Read(strings.NewReader(table), "fuzz.csv", dataset.LoadOptions{})
		if err != nil {
			return // the readers' own fuzzers judge their errors
		}
		defer tb.Release()
		s, err := dataset.ParseSpec([]byte(spec), "fuzz.yaml")
		if err != nil {
			return // as FuzzParseSpec judges them
		}
		m, err := NewModel(tb, s)
		if err != nil {
			var se *dataset.SpecError
			var pe *dataset.ParseError
			if !errors.As(err, &se) && !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is neither a SpecError nor a ParseError", err, err)
			}
			return
		}
		sol := Solve(m)
		for _, start := range []int{-1, 0, m.NumRows() - 1} {
			for _, v := range []float64{sol.OptimalReturn(start), sol.RandomReturn(start)} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("start %d: a non-finite expected return %v", start, v)
				}
			}
			if sol.OptimalReturn(start) < sol.RandomReturn(start)-1e-6*(1+math.Abs(sol.RandomReturn(start))) {
				t.Fatalf("start %d: optimal %v below random %v", start, sol.OptimalReturn(start), sol.RandomReturn(start))
			}
		}
		for _, v := range append(append([]float64(nil), m.ObsMean...), m.ObsStd...) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("observation statistics %v %v", m.ObsMean, m.ObsStd)
			}
		}
		env := m.NewEnv(1)
		obs, _ := env.Reset(1)
		for step := 0; step < m.Horizon() && step < 50; step++ {
			if len(obs) != m.ObsDim() {
				t.Fatalf("observation of %d values, want %d", len(obs), m.ObsDim())
			}
			a := step % m.NumActions()
			if s := env.State(); step < m.Horizon()-1 && sol.Action(s, m.Horizon()-step) >= m.NumActions() {
				t.Fatalf("optimal action %d of %d", sol.Action(s, m.Horizon()-step), m.NumActions())
			}
			var r float64
			obs, r, _, _, _ = env.Step(a)
			if math.IsNaN(r) || math.IsInf(r, 0) {
				t.Fatalf("step %d: reward %v", step, r)
			}
			if env.State() < 0 || env.State() >= m.NumStates() || env.Row() < 0 || env.Row() >= m.NumRows() {
				t.Fatalf("step %d: state %d row %d", step, env.State(), env.Row())
			}
		}
	})
}
