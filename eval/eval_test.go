package eval

import (
	"bytes"
	"math"
	"testing"

	"github.com/tablerl/tablerl/data"
	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/tableenv"
)

func TestSummarizeKnownAnswer(t *testing.T) {
	// mean 5, sample sd sqrt(2.5), t(0.975; 4) = 2.776445105
	s := Summarize([]float64{3, 4, 5, 6, 7})
	want := 2.776445105 * math.Sqrt(2.5) / math.Sqrt(5)
	if s.Mean != 5 || math.Abs(s.CI95-want) > 1e-6 {
		t.Errorf("Summarize = %+v, want mean 5, ci95 %.6f", s, want)
	}
	if !s.Covers(6.9) || s.Covers(7) {
		t.Errorf("Covers: the interval is 5 ± %.4f", s.CI95)
	}
	if one := Summarize([]float64{2}); one.Mean != 2 || one.CI95 != 0 {
		t.Errorf("one value: %+v", one)
	}
}

func demoModel(t *testing.T) *tableenv.Model {
	t.Helper()
	_, m := demoTable(t)
	return m
}

// demoTable is the embedded demo under the TeaStore spec.
func demoTable(t *testing.T) (*dataset.Table, *tableenv.Model) {
	t.Helper()
	tbl, err := dataset.Read(bytes.NewReader(data.Demo), data.DemoName, dataset.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tbl.Release)
	m, err := tableenv.NewModel(tbl, dataset.TeaStoreSpec())
	if err != nil {
		t.Fatal(err)
	}
	return tbl, m
}

// startRecorder records each episode's first drawn row, to see that two
// policies meet the same starts.
type startRecorder struct {
	Policy
	starts []int
}

func (r *startRecorder) Act(env *tableenv.Env, obs []float64, info tableenv.Info) int {
	if env.Steps() == 0 {
		r.starts = append(r.starts, info.Row)
	}
	return r.Policy.Act(env, obs, info)
}

// TestCommonRandomNumbers: every policy meets the same start rows, episode by
// episode, and the optimal policy's mean covers the exact optimum.
func TestCommonRandomNumbers(t *testing.T) {
	m := demoModel(t)
	sol := tableenv.Solve(m)
	a := &startRecorder{Policy: NewRandom()}
	b := &startRecorder{Policy: &Optimal{Solution: sol}}
	cfg := RunConfig{Episodes: 400, Seed: 9, StartRow: -1}
	Run(m, a, cfg)
	res := Run(m, b, cfg)
	for i := range a.starts {
		if a.starts[i] != b.starts[i] {
			t.Fatalf("episode %d: random started at row %d, optimal at row %d", i, a.starts[i], b.starts[i])
		}
	}
	s := Summarize(res.Returns)
	if exact := sol.OptimalReturn(-1); math.Abs(s.Mean-exact) > 1.5*s.CI95 {
		t.Errorf("optimal policy: %.4f ± %.4f, exact %.4f", s.Mean, s.CI95, exact)
	}
	if res.Invalid != 0 {
		t.Errorf("the optimal policy made %d invalid moves", res.Invalid)
	}
	again := Run(m, NewRandom(), cfg)
	first := Run(m, NewRandom(), cfg)
	for i := range again.Returns {
		if again.Returns[i] != first.Returns[i] {
			t.Fatal("the same seed gave different returns")
		}
	}
}
