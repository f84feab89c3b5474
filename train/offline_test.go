package train

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/tableenv"
)

// chainLog is a one-knob log: x goes 1 →(+x) 2 →(noop) 2 →(−x) 1 →(noop)
// 1 →(+x) 2, each row's reward x − 1.
func chainLog(t *testing.T) (*tableenv.Model, *tableenv.Log) {
	t.Helper()
	tbl, err := dataset.Read(strings.NewReader("x a r\n1 1 0\n2 0 1\n2 2 1\n1 0 0\n1 1 0\n2 0 1\n"), "chain.txt", dataset.LoadOptions{Format: dataset.FormatWhitespace})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	spec, err := dataset.ParseSpec([]byte("knobs: [x]\nreward: {column: r}\nhorizon: 5\nlog: {action: {column: a}}\n"), "chain.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := tableenv.NewModel(tbl, spec)
	if err != nil {
		t.Fatal(err)
	}
	l, err := tableenv.NewLog(m, tbl)
	if err != nil {
		t.Fatal(err)
	}
	return m, l
}

// train runs an offline algorithm over l to its budget and returns the
// greedy action in each state.
func trainOffline(t *testing.T, m *tableenv.Model, l *tableenv.Log, algo string, edit func(Config)) (Learner, []int) {
	t.Helper()
	a, err := LookupAlgorithm(algo)
	if err != nil {
		t.Fatal(err)
	}
	cfg := a.NewConfig()
	if _, err := a.NewLearner(m, cfg); err == nil || !strings.Contains(err.Error(), "learns from a log") {
		t.Errorf("%s without a log: err = %v", algo, err)
	}
	if edit != nil {
		edit(cfg)
	}
	cfg.(LogUser).SetLog(l)
	ln, err := a.NewLearner(m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for ln.Steps() < cfg.Base().TotalSteps {
		if _, err := ln.Iterate(); err != nil {
			t.Fatal(err)
		}
	}
	g := ln.Greedy()
	var acts []int
	for s := 0; s < m.NumStates(); s++ {
		acts = append(acts, g.Act(m.Observation(int(m.StateRows(s)[0]))))
	}
	return ln, acts
}

func TestBCClonesTheMajority(t *testing.T) {
	m, l := chainLog(t)
	_, acts := trainOffline(t, m, l, "bc", nil)
	// x=1 is left by +x twice and the no-op once; x=2 by the no-op and −x
	// once each (a tie, to the lower action).
	if acts[0] != 1 || acts[1] != 0 {
		t.Errorf("greedy actions %v, want [1 0]", acts)
	}
}

// TestFQIFixedPoint: on the chain the Bellman fixed point at γ = 0.9 is
// Q(2, noop) = 1/(1−γ) = 10, Q(1, +x) = 1 + 0.9·10 = 10, Q(1, noop) =
// Q(2, −x) = 0.9·10 = 9, and the unlogged pairs the penalty and staying:
// −5 + 0.9·10 = 4.
func TestFQIFixedPoint(t *testing.T) {
	m, l := chainLog(t)
	ln, acts := trainOffline(t, m, l, "fqi", nil)
	want := []float64{9, 10, 4, 10, 4, 9} // state-major, actions noop, +x, −x
	got := ln.(*FQI).q
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-6 {
			t.Errorf("Q = %v, want %v", got, want)
			break
		}
	}
	if acts[0] != 1 || acts[1] != 0 {
		t.Errorf("greedy actions %v, want [1 0]", acts)
	}
}

func TestCQLLearnsTheChain(t *testing.T) {
	m, l := chainLog(t)
	_, acts := trainOffline(t, m, l, "cql", func(c Config) {
		cc := c.(*CQLConfig)
		cc.TotalSteps, cc.Hidden, cc.BatchSize, cc.Gamma = 1500, []int{16}, 16, 0.5
	})
	if acts[0] != 1 || acts[1] != 0 {
		t.Errorf("greedy actions %v, want [1 0]", acts)
	}
}

// TestCQLPenaltyGradient checks cqlPenalty's gradient against central differences.
func TestCQLPenaltyGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	q := blas64.General{Rows: 3, Cols: 4, Stride: 4, Data: make([]float64, 12)}
	for i := range q.Data {
		q.Data[i] = rng.NormFloat64() * 3
	}
	acts := []int{0, 3, 1}
	dq := blas64.General{Rows: 3, Cols: 4, Stride: 4, Data: make([]float64, 12)}
	cqlPenalty(dq, q, acts, 0.7, 3)
	for i := range q.Data {
		v := q.Data[i]
		scratch := blas64.General{Rows: 3, Cols: 4, Stride: 4, Data: make([]float64, 12)}
		q.Data[i] = v + 1e-6
		hi := cqlPenalty(scratch, q, acts, 0.7, 3)
		q.Data[i] = v - 1e-6
		lo := cqlPenalty(scratch, q, acts, 0.7, 3)
		q.Data[i] = v
		if num := (hi - lo) / 2e-6; math.Abs(num-dq.Data[i]) > 1e-6 {
			t.Errorf("∂/∂q[%d] = %v, numerically %v", i, dq.Data[i], num)
		}
	}
}
