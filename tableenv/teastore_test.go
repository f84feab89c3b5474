package tableenv

import (
	"math"
	"testing"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/internal/teastore"
)

// teaStoreModel loads the shared TeaStore table under the built-in spec, or skips.
func teaStoreModel(tb testing.TB) *Model {
	tb.Helper()
	tbl, err := dataset.Load(teastore.Path(tb), dataset.LoadOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(tbl.Release)
	if !dataset.IsTeaStore(tbl) {
		tb.Fatal("the TeaStore table does not have the TeaStore columns")
	}
	m, err := NewModel(tbl, dataset.TeaStoreSpec())
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

func TestTeaStoreIndex(t *testing.T) {
	m := teaStoreModel(t)
	if m.NumRows() != 21168 {
		t.Errorf("rows = %d, want 21168", m.NumRows())
	}
	if m.NumStates() != 729 || m.ConfigCount() != 729 {
		t.Errorf("states = %d of %d possible, want 729 of 729", m.NumStates(), m.ConfigCount())
	}
	lo, hi := math.MaxInt, 0
	for s := 0; s < m.NumStates(); s++ {
		n := len(m.StateRows(s))
		lo, hi = min(lo, n), max(hi, n)
	}
	if lo != 6 || hi != 65 {
		t.Errorf("rows per configuration %d to %d, want 6 to 65", lo, hi)
	}
	want := []string{"noop", "+replicas", "-replicas", "+cpu", "-cpu", "+heap", "-heap"}
	for a, n := range want {
		if m.ActionNames[a] != n {
			t.Errorf("action %d = %q, want %q (the ids TeaStore's actionstate records)", a, m.ActionNames[a], n)
		}
	}
	// Row 558 is re=9, cpu=100, heap=100.
	if got := m.KnobValues(m.StateOf(558), nil); got[0] != 9 || got[1] != 100 || got[2] != 100 {
		t.Errorf("row 558 configuration = %v, want [9 100 100]", got)
	}
}

// TestTeaStoreOptimum checks the exact returns against the figures computed
// independently in ../shared/README.md.
func TestTeaStoreOptimum(t *testing.T) {
	m := teaStoreModel(t)
	sol := Solve(m)
	for _, c := range []struct {
		name string
		got  float64
		want float64
		tol  float64
	}{
		{"optimal from row 558", sol.OptimalReturn(558), 13.9615, 0.001},
		{"optimal from a random start", sol.OptimalReturn(-1), 17.9299, 0.001},
		{"random policy from row 558", sol.RandomReturn(558), -48.016, 0.001},
		{"random policy from a random start", sol.RandomReturn(-1), -30.822, 0.001},
	} {
		if math.Abs(c.got-c.want) > c.tol {
			t.Errorf("%s: %.5f, want %.4f ± %g", c.name, c.got, c.want, c.tol)
		}
	}
}

// TestTeaStoreRandomSampling checks the environment against the exact random
// expectation: 4,000 random episodes from row 558 average −48.016 within
// their 99.9% confidence interval.
func TestTeaStoreRandomSampling(t *testing.T) {
	m := teaStoreModel(t)
	env := m.NewEnv(1)
	env.SetStart(558)
	const episodes = 4000
	var sum, sq float64
	for ep := 0; ep < episodes; ep++ {
		env.Reset(NoSeed)
		var ret float64
		for trunc := false; !trunc; {
			var r float64
			_, r, _, trunc, _ = env.Step(env.Intn(m.NumActions()))
			ret += r
		}
		sum += ret
		sq += ret * ret
	}
	mean := sum / episodes
	sd := math.Sqrt((sq - episodes*mean*mean) / (episodes - 1))
	if half := 3.3 * sd / math.Sqrt(episodes); math.Abs(mean-(-48.016)) > half {
		t.Errorf("random mean %.3f ± %.3f does not cover the exact −48.016", mean, half)
	}
}

func TestStepDoesNotAllocate(t *testing.T) {
	m := teaStoreModel(t)
	env := m.NewEnv(1)
	env.Reset(NoSeed)
	a := 0
	allocs := testing.AllocsPerRun(1000, func() {
		if _, _, _, trunc, _ := env.Step(a % 7); trunc {
			env.Reset(NoSeed)
		}
		a++
	})
	if allocs != 0 {
		t.Errorf("Step allocates %.1f times per call, want 0", allocs)
	}
}

func TestSameSeedSameEpisode(t *testing.T) {
	m := teaStoreModel(t)
	run := func(seed int64) []int {
		env := m.NewEnv(0)
		_, info := env.Reset(seed)
		rows := []int{info.Row}
		for trunc := false; !trunc; {
			_, _, _, trunc, info = env.Step(env.Intn(7))
			rows = append(rows, info.Row)
		}
		return rows
	}
	a, b, c := run(42), run(42), run(43)
	if len(a) != 51 {
		t.Fatalf("episode has %d observations, want 51 (reset + 50 steps)", len(a))
	}
	same := func(x, y []int) bool {
		for i := range x {
			if x[i] != y[i] {
				return false
			}
		}
		return true
	}
	if !same(a, b) {
		t.Error("the same seed gave different episodes")
	}
	if same(a, c) {
		t.Error("different seeds gave the same episode")
	}
}

// BenchmarkEnvStep is one random step on the TeaStore environment, resets included.
func BenchmarkEnvStep(b *testing.B) {
	m := teaStoreModel(b)
	env := m.NewEnv(1)
	env.Reset(NoSeed)
	na := m.NumActions()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, _, trunc, _ := env.Step(env.Intn(na)); trunc {
			env.Reset(NoSeed)
		}
	}
}

func BenchmarkBatchStep(b *testing.B) {
	m := teaStoreModel(b)
	const n = 64
	batch := NewBatch(m, n, 1)
	batch.Reset()
	actions, rewards, done := make([]int, n), make([]float64, n), make([]bool, n)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := range actions {
			actions[j] = (i + j) % 7
		}
		batch.Step(actions, rewards, done)
	}
	b.SetBytes(0)
	b.ReportMetric(float64(n), "envs/op")
}

func BenchmarkSolveTeaStore(b *testing.B) {
	m := teaStoreModel(b)
	for i := 0; i < b.N; i++ {
		Solve(m)
	}
}
