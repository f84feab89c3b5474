package train

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/tableenv"
)

// dynamicTinyModel is a 3 × 2 grid at three load levels under a 6-step
// load series, a 1-step delay on the first knob and ±1/±2 actions.
func dynamicTinyModel(tb testing.TB) *tableenv.Model {
	tb.Helper()
	var a, b, load, gain []float64
	for i := 1; i <= 3; i++ {
		for j := 1; j <= 2; j++ {
			for _, l := range []float64{1, 2, 3} {
				a, b, load = append(a, float64(i)), append(b, float64(j)), append(load, l)
				gain = append(gain, min(l, float64(i*j))-0.3*float64(i)-0.2*float64(j))
			}
		}
	}
	t, err := dataset.FromColumns("tiny", []string{"a", "b", "load", "gain"}, [][]float64{a, b, load, gain}, nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(t.Release)
	dir := tb.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "s.csv"), []byte("v\n1\n2\n3\n3\n2\n1\n"), 0o644); err != nil {
		tb.Fatal(err)
	}
	spec, err := dataset.ParseSpec([]byte("knobs: [a, b]\ncontext: [load]\nobserve: [gain]\nreward: {column: gain}\nhorizon: 6\n"+
		"load: {file: s.csv, period: {day: 6}}\ndelay: {a: 1}\nactions: {step: [1, 2]}\n"), filepath.Join(dir, "spec.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	m, err := tableenv.NewModel(t, spec)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// PPO and DQN learn a dynamic tiny problem to near its clairvoyant optimum;
// the Q-table refuses it.
func TestLearnersDynamic(t *testing.T) {
	m := dynamicTinyModel(t)
	sol := tableenv.Solve(m)
	opt, rnd := sol.OptimalReturn(-1), sol.RandomReturn(-1)
	dq := dqnTinyConfig()
	d, err := NewDQN(m, dq)
	if err != nil {
		t.Fatal(err)
	}
	dqnRun(t, d, dq.TotalSteps)
	pc := DefaultPPOConfig()
	pc.TotalSteps = 40_000
	p, err := NewPPO(m, pc)
	if err != nil {
		t.Fatal(err)
	}
	dqnRun(t, p, pc.TotalSteps)
	for _, l := range []Learner{d, p} {
		g := GreedyReturn(m, l.Greedy(), -1)
		if g != GreedyReturn(m, l.Greedy(), -1) {
			t.Error("the greedy return's estimate differs between calls")
		}
		if s := tableenv.NormalizedScore(g, rnd, opt); !(s > 80) {
			t.Errorf("%T: greedy return %g, normalized %.1f against the clairvoyant optimum %g (random %g)", l, g, s, opt, rnd)
		}
	}
	if _, err := NewQTable(m, DefaultQTableConfig()); err == nil {
		t.Error("qtable on a dynamic spec: want an error")
	}
}
