package train

import (
	"bytes"
	"context"
	"errors"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/tablerl/tablerl/tableenv"
)

var (
	_ Learner = (*PPO)(nil)
	_ Learner = (*DQN)(nil)
	_ Learner = (*QTable)(nil)

	_ Greedy = (*MLPGreedy)(nil)
	_ Greedy = (*DQNGreedy)(nil)
	_ Greedy = (*TableGreedy)(nil)

	_ Config = (*PPOConfig)(nil)
	_ Config = (*DQNConfig)(nil)
	_ Config = (*QTableConfig)(nil)
)

// TestRegistryParams: every algorithm's defaults are valid, and its
// parameters are exactly its config's YAML keys, each settable.
func TestRegistryParams(t *testing.T) {
	if _, err := LookupAlgorithm("nope"); !errors.Is(err, ErrUnknownAlgorithm) {
		t.Errorf("LookupAlgorithm(nope): err = %v, want ErrUnknownAlgorithm", err)
	}
	if _, err := LookupAlgorithm("qtabel"); err == nil || !strings.Contains(err.Error(), `unknown algorithm "qtabel" (did you mean "qtable"?)`) {
		t.Errorf("LookupAlgorithm(qtabel): err = %v, want a suggestion of qtable", err)
	}
	for _, a := range Algorithms() {
		t.Run(a.Name, func(t *testing.T) {
			cfg := a.NewConfig()
			if err := cfg.Validate(); err != nil {
				t.Fatalf("defaults: %v", err)
			}
			b, err := yaml.Marshal(cfg)
			if err != nil {
				t.Fatal(err)
			}
			var keys map[string]any
			if err := yaml.Unmarshal(b, &keys); err != nil {
				t.Fatal(err)
			}
			flags := map[string]bool{}
			for _, p := range cfg.Params() {
				if _, ok := keys[p.Name]; !ok {
					t.Errorf("parameter %s is not a YAML key of the config (or is listed twice)", p.Name)
				}
				delete(keys, p.Name)
				if flags[p.FlagName()] {
					t.Errorf("flag --%s twice", p.FlagName())
				}
				flags[p.FlagName()] = true
				if p.Usage == "" {
					t.Errorf("parameter %s has no usage", p.Name)
				}
				if err := p.Value.Set(p.Value.String()); err != nil {
					t.Errorf("parameter %s: setting its own value %q: %v", p.Name, p.Value.String(), err)
				}
			}
			for k := range keys {
				t.Errorf("YAML key %s has no parameter", k)
			}
			// A parameter set through its Value is the config's field.
			for _, p := range cfg.Params() {
				if p.Name == "total_steps" {
					p.Value.Set("1234")
				}
			}
			if cfg.Base().TotalSteps != 1234 {
				t.Errorf("total_steps set to 1234 through its Value, the config has %d", cfg.Base().TotalSteps)
			}
			other := Algorithms()[(slices.IndexFunc(Algorithms(), func(o Algorithm) bool { return o.Name == a.Name })+1)%len(Algorithms())]
			if _, err := a.NewLearner(demoModel(t), other.NewConfig()); err == nil {
				t.Errorf("%s built a learner from %s's config", a.Name, other.Name)
			}
		})
	}
}

// TestPolicyRoundTrip: each algorithm's exported policy, saved and loaded
// through the registry, acts as the learner's greedy policy in every row.
func TestPolicyRoundTrip(t *testing.T) {
	m := demoModel(t)
	for _, a := range Algorithms() {
		t.Run(a.Name, func(t *testing.T) {
			cfg := a.NewConfig()
			cfg.Base().TotalSteps = 20_000
			giveDemoLog(t, m, cfg)
			l, err := a.NewLearner(m, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := l.Iterate(); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "policy.json")
			if err := Export(m, l, 1, "demo", "sha").Save(path); err != nil {
				t.Fatal(err)
			}
			pf, err := LoadPolicy(path)
			if err != nil {
				t.Fatal(err)
			}
			g, err := pf.Greedy(m)
			if err != nil {
				t.Fatal(err)
			}
			want := l.Greedy()
			for r := 0; r < m.NumRows(); r++ {
				if g.Act(m.Observation(r)) != want.Act(m.Observation(r)) {
					t.Fatalf("row %d: the loaded policy acts differently", r)
				}
			}
			checkLiveModel(t, m, pf, want)
			pf.Algo = "nope"
			if _, err := pf.Greedy(m); !errors.Is(err, ErrPolicy) {
				t.Errorf("a policy of an unknown algorithm: err = %v, want ErrPolicy", err)
			}
		})
	}
}

// runQTable trains tabular Q on m with edit applied to its config, in dir,
// cancelling after stopAfter iterations if > 0.
func runQTable(t *testing.T, m *tableenv.Model, dir string, resume bool, stopAfter int, edit func(*BaseConfig)) (*Result, error) {
	t.Helper()
	cfg := DefaultQTableConfig()
	cfg.TotalSteps = 200_000
	edit(&cfg.BaseConfig)
	l, err := NewQTable(m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rc := RunConfigFor(&cfg, dir, -1)
	rc.Resume, rc.CheckpointEvery, rc.EvalEvery = resume, 1, 10_000
	iters := 0
	rc.OnProgress = func(Report) {
		if iters++; stopAfter > 0 && iters == stopAfter {
			cancel()
		}
	}
	return Run(ctx, m, l, rc)
}

// TestKeepBest: with keep_best the result is the best evaluation's policy,
// and a run stopped and resumed keeps the same one.
func TestKeepBest(t *testing.T) {
	m := demoModel(t)
	keep := func(b *BaseConfig) { b.KeepBest = true }
	whole, err := runQTable(t, m, t.TempDir(), false, 0, keep)
	if err != nil {
		t.Fatal(err)
	}
	best := whole.Curve[0]
	for _, c := range whole.Curve {
		if c.GreedyReturn > best.GreedyReturn {
			best = c
		}
	}
	if whole.PolicySteps != best.Step || whole.PolicyReturn != best.GreedyReturn {
		t.Fatalf("kept the policy of step %d (return %v), the best evaluation is step %d (%v)",
			whole.PolicySteps, whole.PolicyReturn, best.Step, best.GreedyReturn)
	}
	pf := whole.PolicyFile(m, 1, "demo", "sha")
	g, err := pf.Greedy(m)
	if err != nil {
		t.Fatal(err)
	}
	if got := GreedyReturn(m, g, -1); got != best.GreedyReturn {
		t.Errorf("the kept policy's exact return is %v, its evaluation said %v", got, best.GreedyReturn)
	}
	dir := t.TempDir()
	if _, err := runQTable(t, m, dir, false, 8, keep); !errors.Is(err, context.Canceled) {
		t.Fatalf("stopped run: err = %v", err)
	}
	resumed, err := runQTable(t, m, dir, true, 0, keep)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := whole.PolicyFile(m, 1, "demo", "sha").Marshal()
	b, _ := resumed.PolicyFile(m, 1, "demo", "sha").Marshal()
	if !bytes.Equal(a, b) {
		t.Error("the resumed run kept another policy than the uninterrupted one")
	}
}

// TestStopWithin: with stop_within the run ends at the first evaluation
// within that share of the optimum, and resuming the stopped run changes
// nothing.
func TestStopWithin(t *testing.T) {
	m := demoModel(t)
	stop := func(b *BaseConfig) { b.StopWithin = 0.2 }
	dir := t.TempDir()
	res, err := runQTable(t, m, dir, false, 0, stop)
	if err != nil {
		t.Fatal(err)
	}
	last := res.Curve[len(res.Curve)-1]
	if !res.Stopped || res.PolicySteps >= 200_000 || last.Step != res.PolicySteps {
		t.Fatalf("stopped %v at step %d (last evaluation %d), want an early stop", res.Stopped, res.PolicySteps, last.Step)
	}
	if !tableenv.WithinOptimum(last.GreedyReturn, res.Random, res.Optimal, 0.2) {
		t.Errorf("stopped at a return of %v, not within 20%% of the way from %v to %v", last.GreedyReturn, res.Random, res.Optimal)
	}
	for _, c := range res.Curve[:len(res.Curve)-1] {
		if tableenv.WithinOptimum(c.GreedyReturn, res.Random, res.Optimal, 0.2) {
			t.Errorf("step %d was already within, the run went on", c.Step)
		}
	}
	again, err := runQTable(t, m, dir, true, 0, stop)
	if err != nil {
		t.Fatal(err)
	}
	if again.PolicySteps != res.PolicySteps || len(again.Curve) != len(res.Curve) || !again.Stopped {
		t.Errorf("resuming the stopped run: steps %d, %d points; want %d, %d", again.PolicySteps, len(again.Curve), res.PolicySteps, len(res.Curve))
	}
	if n := res.NormalizedScore(); !(n >= 80) || math.IsNaN(res.PctOfOptimal()) {
		t.Errorf("normalized score %v, pct %v", n, res.PctOfOptimal())
	}
}

// checkLiveModel: the model a policy file rebuilds alone has the table
// model's states and observation, and the policy it loads there acts, and
// scores (their argmax its action), as want does in every row.
func checkLiveModel(t *testing.T, m *tableenv.Model, pf *PolicyFile, want Greedy) {
	t.Helper()
	lm, err := pf.LiveModel()
	if err != nil {
		t.Fatal(err)
	}
	if lm.NumStates() != m.NumStates() || !slices.Equal(lm.ObsNames, m.ObsNames) {
		t.Fatalf("live model: %d states, obs %v; the table's %d, %v", lm.NumStates(), lm.ObsNames, m.NumStates(), m.ObsNames)
	}
	g, err := pf.Greedy(lm)
	if err != nil {
		t.Fatal(err)
	}
	sc, ok := g.(Scorer)
	if !ok || sc.ScoreKind() == "" {
		t.Fatalf("%s's greedy policy %T gives no scores", pf.Algo, g)
	}
	for r := 0; r < m.NumRows(); r++ {
		obs := m.Observation(r)
		a := g.Act(obs)
		if a != want.Act(obs) {
			t.Fatalf("row %d: the policy on its live model acts %d, the learner's %d", r, a, want.Act(obs))
		}
		if sa, scores := sc.ActScores(nil, obs); sa != a || len(scores) != m.NumActions() || Argmax(scores) != a {
			t.Fatalf("row %d: ActScores %d, %v (%s); Act %d", r, sa, scores, sc.ScoreKind(), a)
		}
	}
	old := *pf
	old.Layout = nil
	if _, err := old.LiveModel(); !errors.Is(err, ErrNoLayout) {
		t.Errorf("a policy file without its layout: %v, want ErrNoLayout", err)
	}
}
