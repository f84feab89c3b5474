package train

import (
	"context"
	"testing"

	"github.com/tablerl/tablerl/tableenv"
)

// The TeaStore goals, as fractions of the exact optimum (13.9615 from row
// 558, 17.9299 from a uniformly drawn row).
const (
	dqnGoal    = 0.99
	qtableGoal = 0.95
)

// TestDQNTeaStoreGoals trains D3QN once with the default configuration from
// row 558 and checks the greedy policy's exact return from row 558 and from
// a random start. With ExploreStarts (the default) training from row 558 and
// from a random start are the same run, which the first subtest checks, so
// one training answers both goals.
func TestDQNTeaStoreGoals(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping a full DQN training in short mode")
	}
	m := teaStoreModel(t)
	cfg := DefaultDQNConfig()
	if !cfg.ExploreStarts {
		t.Fatal("the goals below assume ExploreStarts by default")
	}
	t.Run("same run from either start", func(t *testing.T) {
		short := cfg
		short.LearningStarts = 200
		var w [2][]byte
		for i, start := range []int{558, -1} {
			short.StartRow = start
			d, err := NewDQN(m, short)
			if err != nil {
				t.Fatal(err)
			}
			dqnRun(t, d, 1000)
			w[i] = dqnFloatBytes(d.online.Params())
		}
		if string(w[0]) != string(w[1]) {
			t.Error("training from row 558 and from a random start differ")
		}
	})

	cfg.StartRow = 558
	d, err := NewDQN(m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	dqnRun(t, d, d.Config().TotalSteps)
	g := d.Greedy()
	sol := tableenv.Solve(m)
	for _, start := range []int{558, -1} {
		got, opt := GreedyReturn(m, g, start), sol.OptimalReturn(start)
		t.Logf("start %d: greedy return %.4f, %.2f%% of the optimum %.4f", start, got, 100*got/opt, opt)
		if got < dqnGoal*opt {
			t.Errorf("start %d: greedy return %.4f is below %.0f%% of the optimum %.4f", start, got, 100*dqnGoal, opt)
		}
	}
}

func TestQTableTeaStoreGoal(t *testing.T) {
	m := teaStoreModel(t)
	cfg := DefaultQTableConfig()
	cfg.StartRow = 558
	q, err := NewQTable(m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	dqnRun(t, q, q.Config().TotalSteps)
	got, opt := GreedyReturn(m, q.Greedy(), 558), tableenv.Solve(m).OptimalReturn(558)
	t.Logf("greedy return %.4f, %.2f%% of the optimum %.4f", got, 100*got/opt, opt)
	if got < qtableGoal*opt {
		t.Errorf("greedy return %.4f is below %.0f%% of the optimum %.4f", got, 100*qtableGoal, opt)
	}
}

// BenchmarkDQNTeaStore is one full default D3QN training per iteration,
// reporting the greedy policy's exact share of the optimum.
func BenchmarkDQNTeaStore(b *testing.B) {
	m := teaStoreModel(b)
	dqnBenchTeaStore(b, m, func(start int) (Learner, int) {
		cfg := DefaultDQNConfig()
		cfg.StartRow = start
		d, err := NewDQN(m, cfg)
		if err != nil {
			b.Fatal(err)
		}
		return d, d.Config().TotalSteps
	})
}

// BenchmarkDQNTeaStoreRun is the first 50,000 steps of the default D3QN
// training from row 558 as the CLI drives it: Run with the default density
// of exact greedy evaluations (one every TotalSteps/40 steps), without
// checkpoints. It reports environment steps per second.
func BenchmarkDQNTeaStoreRun(b *testing.B) {
	m := teaStoreModel(b)
	cfg := DefaultDQNConfig()
	cfg.StartRow = 558
	const steps = 50_000
	b.ReportAllocs()
	for b.Loop() {
		d, err := NewDQN(m, cfg)
		if err != nil {
			b.Fatal(err)
		}
		rc := RunConfig{TotalSteps: steps, EvalEvery: d.Config().TotalSteps / 40, StartRow: cfg.StartRow}
		if _, err := Run(context.Background(), m, d, rc); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(steps*b.N)/b.Elapsed().Seconds(), "steps/s")
}

// BenchmarkQTableTeaStore is one full default Q-table training per iteration.
func BenchmarkQTableTeaStore(b *testing.B) {
	m := teaStoreModel(b)
	dqnBenchTeaStore(b, m, func(start int) (Learner, int) {
		cfg := DefaultQTableConfig()
		cfg.StartRow = start
		q, err := NewQTable(m, cfg)
		if err != nil {
			b.Fatal(err)
		}
		return q, q.Config().TotalSteps
	})
}

func dqnBenchTeaStore(b *testing.B, m *tableenv.Model, learner func(start int) (Learner, int)) {
	sol := tableenv.Solve(m)
	for _, bc := range teaStoreStarts {
		b.Run(bc.name, func(b *testing.B) {
			var pct float64
			var total int
			b.ReportAllocs()
			for b.Loop() {
				l, steps := learner(bc.start)
				dqnRun(b, l, steps)
				total += l.Steps()
				pct = 100 * GreedyReturn(m, l.Greedy(), bc.start) / sol.OptimalReturn(bc.start)
			}
			b.ReportMetric(pct, "pct_of_optimal")
			b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "steps/s")
		})
	}
}
