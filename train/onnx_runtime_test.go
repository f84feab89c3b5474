package train

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/tablerl/tablerl/internal/ortnode"
	"github.com/tablerl/tablerl/tableenv"
)

// onnxTolerance is how far ONNX Runtime's float32 scores may stray from
// tablerl's float64 ones.
const onnxTolerance = 1e-5

// TestONNXRuntime exports briefly trained PPO and DQN policies (dueling and
// not) and the five-input policy of an older observation as ONNX, runs them
// with ONNX Runtime on every recorded row of the demo and of TeaStore, and
// checks the greedy action equals tablerl's on every row and every score is
// within onnxTolerance of tablerl's float64 one.
func TestONNXRuntime(t *testing.T) {
	rt := ortnode.Get(t)
	t.Run("demo", func(t *testing.T) {
		m := demoModel(t)
		old, err := LoadPolicy("testdata/ppo-demo-5inputs.json")
		if err != nil {
			t.Fatal(err)
		}
		plain := DefaultDQNConfig()
		plain.Dueling = false
		onnxCheck(t, rt, m, map[string]*PolicyFile{
			"ppo":         shortPPO(t, m),
			"dqn":         shortDQN(t, m, DefaultDQNConfig()),
			"dqn-plain":   shortDQN(t, m, plain),
			"ppo-5inputs": old,
		})
	})
	t.Run("teastore", func(t *testing.T) {
		m := teaStoreModel(t)
		onnxCheck(t, rt, m, map[string]*PolicyFile{
			"ppo": shortPPO(t, m),
			"dqn": shortDQN(t, m, DefaultDQNConfig()),
		})
	})
}

// shortPPO trains PPO with the default configuration for two rounds.
func shortPPO(tb testing.TB, m *tableenv.Model) *PolicyFile {
	cfg := DefaultPPOConfig()
	p, err := NewPPO(m, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	ppoIterateTo(tb, p, 2*cfg.NumEnvs*cfg.RolloutLen)
	return Export(m, p, cfg.Seed, "test", "")
}

// shortDQN trains DQN for a few thousand steps.
func shortDQN(tb testing.TB, m *tableenv.Model, cfg DQNConfig) *PolicyFile {
	cfg.LearningStarts = 500
	d, err := NewDQN(m, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	dqnRun(tb, d, 4000)
	return Export(m, d, cfg.Seed, "test", "")
}

func onnxCheck(t *testing.T, rt *ortnode.Runtime, m *tableenv.Model, pfs map[string]*PolicyFile) {
	t.Helper()
	n, d := m.NumRows(), m.ObsDim()
	obs := make([]float32, 0, n*d)
	for r := range n {
		for _, v := range m.Observation(r) {
			obs = append(obs, float32(v))
		}
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range pfs {
			if !yield(k) {
				return
			}
		}
	})
	jobs := make([]ortnode.Job, len(names))
	for i, name := range names {
		b, err := pfs[name].ONNX(m)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		jobs[i] = ortnode.Job{Model: b, Obs: obs, Rows: n, Cols: d}
	}
	res, err := rt.Run(t.TempDir(), jobs)
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range names {
		t.Run(name, func(t *testing.T) {
			pf, r := pfs[name], res[i]
			k := len(pf.Actions)
			if !slices.Equal(r.Inputs, []string{ONNXInput}) || r.Types[ONNXScores] != "float32" || r.Types[ONNXAction] != "int64" ||
				!slices.Equal(r.Dims[ONNXScores], []int{n, k}) || !slices.Equal(r.Dims[ONNXAction], []int{n}) {
				t.Fatalf("inputs %v, outputs %v %v: want %s float32 [%d %d], %s int64 [%d]", r.Inputs, r.Types, r.Dims, ONNXScores, n, k, ONNXAction, n)
			}
			g, err := pf.Greedy(m)
			if err != nil {
				t.Fatal(err)
			}
			scores, acts := r.Floats[ONNXScores], r.Int64s[ONNXAction]
			var worst float64
			counts := make([]int, k)
			for row := range n {
				o := m.Observation(row)
				want := greedyScores(g, o)
				if a := g.Act(o); int(acts[row]) != a || Argmax(want) != a {
					t.Fatalf("row %d: ONNX Runtime's action %d, tablerl's %d (argmax of its scores %d); scores %v, tablerl's %v",
						row, acts[row], a, Argmax(want), scores[row*k:(row+1)*k], want)
				}
				counts[acts[row]]++
				for j, w := range want {
					diff := math.Abs(float64(scores[row*k+j]) - w)
					worst = max(worst, diff)
					if !(diff <= onnxTolerance) {
						t.Fatalf("row %d, action %s: ONNX Runtime's score %v, tablerl's %v (off by %.3g)", row, pf.Actions[j], scores[row*k+j], w, diff)
					}
				}
			}
			t.Logf("onnxruntime-node %s on %d rows: actions equal (chosen per action %v), largest score difference %.3g", r.Version, n, counts, worst)
		})
	}
}

// greedyScores computes in float64 what a greedy network policy maximizes:
// a PPO policy's logits, a DQN policy's Q-values.
func greedyScores(g Greedy, obs []float64) []float64 {
	switch g := g.(type) {
	case *selectedInputs:
		return greedyScores(g.g, g.gather(nil, obs))
	case *MLPGreedy:
		g.norm.apply(g.x, obs)
		out := g.net.Forward(matrix(g.x, 1, len(g.x)))
		return append([]float64(nil), out.Data[:out.Cols]...)
	case *DQNGreedy:
		return g.QValues(nil, obs)
	}
	panic(fmt.Sprintf("no scores for a %T", g))
}
