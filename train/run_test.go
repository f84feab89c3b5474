package train

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/data"
	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/tableenv"
)

// runFiles trains to the budget in dir (resuming if asked, cancelling after
// stopAfter iterations if > 0) and returns every file a run leaves: the
// checkpoint and the exports (policy, curve as CSV and PNG), by name.
func runFiles(t *testing.T, m *tableenv.Model, algo, dir string, resume bool, stopAfter int) (map[string][]byte, error) {
	t.Helper()
	a, err := LookupAlgorithm(algo)
	if err != nil {
		t.Fatal(err)
	}
	cfg := a.NewConfig()
	// Budgets of at least six iterations, so a stop after three is mid-way
	// (qtable's iterations are 10,000 steps, PPO's 4,096 with its defaults),
	// evaluated every 1.3 iterations, so that a resumed run must keep the
	// uninterrupted run's schedule of evaluations rather than start one.
	steps, iter := 12000, 1000
	switch algo {
	case "ppo":
		steps, iter = 30000, 4096
	case "qtable":
		steps, iter = 60000, 10000
	case "bc": // passes over the demo's log
		steps, iter = 6*11999, 11999
	case "fqi": // sweeps
		steps, iter = 12, 1
	case "cql": // updates
		steps, iter = 120, 10
		cfg.(*CQLConfig).IterateSteps = iter
	}
	cfg.Base().TotalSteps = steps
	giveDemoLog(t, m, cfg)
	l, err := a.NewLearner(m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	iters := 0
	res, err := Run(ctx, m, l, RunConfig{Dir: dir, TotalSteps: steps, EvalEvery: iter * 13 / 10, CheckpointEvery: 1, StartRow: -1, Resume: resume,
		OnProgress: func(Report) {
			if iters++; stopAfter > 0 && iters == stopAfter {
				cancel()
			}
		}})
	if err != nil {
		return nil, err
	}
	pol, err := res.PolicyFile(m, 1, "demo", "sha").Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteCurveCSV(filepath.Join(dir, "curve.csv"), res.Curve); err != nil {
		t.Fatal(err)
	}
	if err := WriteCurvePNG(filepath.Join(dir, "curve.png"), res.Curve, res.Optimal, algo); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"policy.json": pol}
	for _, name := range []string{CheckpointName, "curve.csv", "curve.png"} {
		if files[name], err = os.ReadFile(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	return files, nil
}

// sameFiles reports each file of b that differs from a's.
func sameFiles(t *testing.T, what string, a, b map[string][]byte) {
	t.Helper()
	for name, want := range a {
		if !bytes.Equal(want, b[name]) {
			t.Errorf("%s: %s differs from the uninterrupted run's", what, name)
		}
	}
}

// TestResumeGivesSameFiles: a run stopped mid-way and resumed from its
// checkpoint leaves every file byte for byte as an uninterrupted run: the
// policy, the checkpoint and the curve as CSV and PNG.
func TestResumeGivesSameFiles(t *testing.T) {
	m := demoModel(t)
	for _, algo := range AlgorithmNames() {
		t.Run(algo, func(t *testing.T) {
			whole, err := runFiles(t, m, algo, t.TempDir(), false, 0)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			if _, err := runFiles(t, m, algo, dir, false, 3); !errors.Is(err, context.Canceled) {
				t.Fatalf("stopped run: err = %v, want context.Canceled", err)
			}
			resumed, err := runFiles(t, m, algo, dir, true, 0)
			if err != nil {
				t.Fatal(err)
			}
			sameFiles(t, "resumed", whole, resumed)
			again, _ := runFiles(t, m, algo, t.TempDir(), false, 0)
			sameFiles(t, "same seed", whole, again)
		})
	}
}

func TestResumeRefusesBadCheckpoint(t *testing.T) {
	m := demoModel(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, CheckpointName), []byte("tablerl-ckpt-v2\n\x05"), 0o644)
	if _, err := runFiles(t, m, "ppo", dir, true, 0); !errors.Is(err, ErrCheckpoint) {
		t.Errorf("truncated checkpoint: err = %v, want ErrCheckpoint", err)
	}
	if _, err := runFiles(t, m, "ppo", t.TempDir(), true, 0); !errors.Is(err, ErrCheckpoint) {
		t.Errorf("missing checkpoint: err = %v, want ErrCheckpoint", err)
	}
}

// TestPolicyFileRefusesBadFiles: corrupted, re-versioned or mismatched
// policy files are refused with an error that says why.
func TestPolicyFileRefusesBadFiles(t *testing.T) {
	m := demoModel(t)
	cfg := DefaultPPOConfig()
	cfg.TotalSteps = 2048
	l, err := NewPPO(m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Iterate(); err != nil {
		t.Fatal(err)
	}
	pf := Export(m, l, 1, "demo.txt", "abc123")
	dir := t.TempDir()
	good := filepath.Join(dir, "policy.json")
	if err := pf.Save(good); err != nil {
		t.Fatal(err)
	}
	loaded, err := LoadPolicy(good)
	if err != nil {
		t.Fatal(err)
	}
	if err := loaded.Check(m, "abc123", false); err != nil {
		t.Fatalf("a matching policy is refused: %v", err)
	}
	g, err := loaded.Greedy(m)
	if err != nil {
		t.Fatal(err)
	}
	orig := l.Greedy()
	for r := 0; r < m.NumRows(); r += 97 {
		if g.Act(m.Observation(r)) != orig.Act(m.Observation(r)) {
			t.Fatalf("row %d: the loaded policy acts differently from the trained one", r)
		}
	}
	raw, _ := os.ReadFile(good)
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(content), 0o644)
		return p
	}
	for _, c := range []struct {
		name, content, want string
	}{
		{"flipped.json", strings.Replace(string(raw), fmt.Sprintf(`"steps": %d`, l.Steps()), fmt.Sprintf(`"steps": %d`, l.Steps()+1), 1), "checksum"},
		{"version.json", strings.Replace(string(raw), `"version": 2`, `"version": 9`, 1), "version 9"},
		{"format.json", strings.Replace(string(raw), PolicyFormat, "other", 1), "format"},
		{"truncated.json", string(raw[:len(raw)/2]), "not a policy file"},
	} {
		_, err := LoadPolicy(write(c.name, c.content))
		if !errors.Is(err, ErrPolicy) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want ErrPolicy mentioning %q", c.name, err, c.want)
		}
	}
	if err := loaded.Check(m, "ffff", false); !errors.Is(err, ErrPolicy) || !strings.Contains(err.Error(), "trained on demo.txt") {
		t.Errorf("other data: err = %v", err)
	}
	if err := loaded.Check(m, "ffff", true); err != nil {
		t.Errorf("other data allowed: err = %v", err)
	}
	spec := *m.Spec
	spec.InvalidPenalty = -1
	tbl, _ := dataset.Read(bytes.NewReader(data.Demo), data.DemoName, dataset.LoadOptions{})
	defer tbl.Release()
	m2, err := tableenv.NewModel(tbl, &spec)
	if err != nil {
		t.Fatal(err)
	}
	if err := loaded.Check(m2, "abc123", false); !errors.Is(err, ErrPolicy) || !strings.Contains(err.Error(), "another spec") {
		t.Errorf("other spec: err = %v", err)
	}
}

// TestGreedyReturnOfOptimalPolicy: the exact evaluator gives the optimum for
// the optimal stationary policy (optimal with the full horizon to go).
func TestGreedyReturnOfOptimalPolicy(t *testing.T) {
	m := demoModel(t)
	sol := tableenv.Solve(m)
	g := greedyFunc(func(obs []float64) int {
		s, ok := m.StateOfObs(obs)
		if !ok {
			t.Fatal("an observation of the table has no state")
		}
		return sol.Action(s, m.Horizon())
	})
	got, want := GreedyReturn(m, g, -1), sol.OptimalReturn(-1)
	if d := got - want; d > 1e-9 || d < -1e-9 {
		t.Errorf("GreedyReturn of the optimal stationary policy = %.6f, optimum %.6f", got, want)
	}
}

type greedyFunc func(obs []float64) int

func (f greedyFunc) Act(obs []float64) int { return f(obs) }

// TestResumeExtendsBudget: a finished run resumed with a larger budget goes
// on to it; with schedules that do not depend on the budget the learner ends
// in the state of a run trained straight to the new budget. A budget below
// the steps taken is refused, and one rounded up to them is not.
func TestResumeExtendsBudget(t *testing.T) {
	m := demoModel(t)
	cfg := DefaultPPOConfig()
	cfg.NumEnvs, cfg.RolloutLen = 16, 32 // 512-step rollouts
	cfg.AnnealLR, cfg.EntCoefEnd = false, cfg.EntCoef
	train := func(dir string, total int, resume bool) (*PPO, error) {
		c := cfg
		c.TotalSteps = total
		l, err := NewPPO(m, c)
		if err != nil {
			t.Fatal(err)
		}
		_, err = Run(context.Background(), m, l, RunConfig{Dir: dir, TotalSteps: total, StartRow: -1, Resume: resume})
		return l, err
	}
	straight, err := train(t.TempDir(), 3000, false)
	if err != nil {
		t.Fatal(err)
	}
	if straight.Steps() != 3072 {
		t.Fatalf("a budget of 3000 in 512-step rollouts ran %d steps, want 3072", straight.Steps())
	}
	dir := t.TempDir()
	if _, err := train(dir, 1500, false); err != nil {
		t.Fatal(err)
	}
	if _, err := train(dir, 1500, true); err != nil {
		t.Errorf("resuming a finished run of 1536 steps at its budget of 1500: %v", err)
	}
	if _, err := train(dir, 1000, true); !errors.Is(err, ErrCheckpoint) {
		t.Errorf("resuming 1536 steps with a budget of 1000: err = %v, want ErrCheckpoint", err)
	}
	extended, err := train(dir, 3000, true)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := straight.MarshalBinary()
	b, _ := extended.MarshalBinary()
	if extended.Steps() != 3072 || !bytes.Equal(a, b) {
		t.Errorf("extended run: %d steps, same state as the straight run %v; want 3072, true", extended.Steps(), bytes.Equal(a, b))
	}
}
