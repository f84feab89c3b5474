package ope

import (
	"testing"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/eval"
	"github.com/tablerl/tablerl/internal/teastore"
	"github.com/tablerl/tablerl/tableenv"
	"github.com/tablerl/tablerl/train"
)

// teaStoreData reads TeaStore's log under the built-in spec, or skips.
func teaStoreData(tb testing.TB) *Data {
	tb.Helper()
	tbl, err := dataset.Load(teastore.Path(tb), dataset.LoadOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	defer tbl.Release()
	m, err := tableenv.NewModel(tbl, dataset.TeaStoreSpec())
	if err != nil {
		tb.Fatal(err)
	}
	l, err := tableenv.NewLog(m, tbl)
	if err != nil {
		tb.Fatal(err)
	}
	d, err := NewData(l)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func allRows(m *tableenv.Model) []int {
	rows := make([]int, m.NumRows())
	for i := range rows {
		rows[i] = i
	}
	return rows
}

// TestTeaStoreCQLBeatsTheBehaviour: CQL trained from TeaStore's log alone
// (a short run) is worth more, exactly, than the logged behaviour, from a
// uniformly drawn row; and Exact agrees with train.GreedyReturn.
func TestTeaStoreCQLBeatsTheBehaviour(t *testing.T) {
	d := teaStoreData(t)
	m := d.Log.Model()
	cfg := train.DefaultCQLConfig()
	cfg.TotalSteps = 3000
	cfg.SetLog(d.Log)
	l, err := train.NewCQL(m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for l.Steps() < cfg.TotalSteps {
		if _, err := l.Iterate(); err != nil {
			t.Fatal(err)
		}
	}
	g := l.Greedy()
	cql := train.GreedyReturn(m, g, -1)
	if ex := Exact(m, NewPolicy(m, nil, &eval.Greedy{Label: "cql", Policy: g}), allRows(m)); ex-cql > 1e-9 || cql-ex > 1e-9 {
		t.Errorf("Exact %v, GreedyReturn %v", ex, cql)
	}
	behaviour := Exact(m, Behaviour(d.Log), allRows(m))
	t.Logf("CQL %.4f, behaviour %.4f (exact, uniform start)", cql, behaviour)
	if !(cql >= behaviour) {
		t.Errorf("CQL's exact value %.4f is below the logged behaviour's %.4f", cql, behaviour)
	}
}

// BenchmarkEstimatorsTeaStore times each estimator with its 100-resample
// bootstrap CI on TeaStore's log, for the exact optimal policy (which
// depends on the steps left, the costliest kind).
func BenchmarkEstimatorsTeaStore(b *testing.B) {
	d := teaStoreData(b)
	m := d.Log.Model()
	p := NewPolicy(m, nil, &eval.Optimal{Solution: tableenv.Solve(m)})
	for i, name := range Estimators {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				EvaluateEstimator(d, p, i, Config{Bootstrap: 100, Level: 0.95, Seed: 1})
			}
		})
	}
}
