package train

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/dataset/synth"
	"github.com/tablerl/tablerl/tableenv"
)

// millionRows is a generated table of 1M rows in TeaStore's schema under the
// built-in spec (cpu.1 and ram observed, so observations vary within
// states), made once per test binary: generating and indexing it takes
// seconds.
var millionRows struct {
	once sync.Once
	m    *tableenv.Model
	err  error
}

func millionRowModel(tb testing.TB) *tableenv.Model {
	tb.Helper()
	millionRows.once.Do(func() {
		cfg := synth.DefaultConfig()
		cfg.Rows = 1_000_000
		var buf bytes.Buffer
		if millionRows.err = synth.Generate(&buf, cfg); millionRows.err != nil {
			return
		}
		tbl, err := dataset.Read(&buf, "synth-1M.txt", dataset.LoadOptions{Format: dataset.FormatWhitespace})
		if millionRows.err = err; err != nil {
			return
		}
		defer tbl.Release()
		millionRows.m, millionRows.err = tableenv.NewModel(tbl, dataset.TeaStoreSpec())
	})
	if millionRows.err != nil {
		tb.Fatal(millionRows.err)
	}
	return millionRows.m
}

// benchTables are the tables the evaluation benchmarks compare: TeaStore's
// 21168 rows and a generated million.
var benchTables = []struct {
	name  string
	model func(testing.TB) *tableenv.Model
}{
	{"teastore", teaStoreModel},
	{"rows=1M", millionRowModel},
}

// BenchmarkGreedyReturn evaluates an untrained PPO policy exactly, as the
// learning curve does: per row (one Act per row and the induction indexed
// by row, as before) and as GreedyReturn does it now.
func BenchmarkGreedyReturn(b *testing.B) {
	for _, bt := range benchTables {
		b.Run(bt.name, func(b *testing.B) {
			m := bt.model(b)
			p, err := NewPPO(m, DefaultPPOConfig())
			if err != nil {
				b.Fatal(err)
			}
			g := p.Greedy()
			b.Run("perrow", func(b *testing.B) {
				for b.Loop() {
					greedyReturnPerRow(m, perRowActions(m, g), -1)
				}
			})
			b.Run("new", func(b *testing.B) {
				for b.Loop() {
					GreedyReturn(m, g, -1)
				}
			})
		})
	}
}

// ppoBenchSteps is the budget of one BenchmarkPPOSteps run: a seventh of the
// default budget, with the learning curve's evaluations as dense as in a
// default run.
const ppoBenchSteps = 100_000

// BenchmarkPPOSteps trains the default PPO configuration through Run for
// ppoBenchSteps steps, evaluating the greedy policy on the default schedule
// of the default budget, and reports environment steps per second: the
// training's speed with its learning curve, on TeaStore and on 1M rows.
func BenchmarkPPOSteps(b *testing.B) {
	for _, bt := range benchTables {
		b.Run(bt.name, func(b *testing.B) {
			m := bt.model(b)
			cfg := DefaultPPOConfig()
			run := RunConfig{TotalSteps: ppoBenchSteps, StartRow: m.Spec.Start.Row,
				EvalEvery: defaultEvalEvery(SizedSteps(cfg.BaseSteps, m.NumStates()), m.NumRows())}
			var steps, evals int
			var took time.Duration
			for b.Loop() {
				l, err := NewPPO(m, cfg)
				if err != nil {
					b.Fatal(err)
				}
				t0 := time.Now()
				res, err := Run(context.Background(), m, l, run)
				if err != nil {
					b.Fatal(err)
				}
				took += time.Since(t0)
				steps += l.Steps()
				evals += len(res.Curve)
			}
			b.ReportMetric(float64(steps)/took.Seconds(), "steps/s")
			b.ReportMetric(float64(evals)/float64(b.N), "evals/op")
		})
	}
}
