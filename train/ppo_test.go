package train

import (
	"bytes"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/tableenv"
	"github.com/tablerl/tablerl/train/nn"
)

// ppoGridSpec is the spec of ppoGridModel's table: two knobs, one noise metric observed,
// the reward taken as it is, episodes from row 0.
const ppoGridSpec = `
knobs: [{name: a, column: a}, {name: b, column: b}]
observe: [m]
reward: {column: r}
horizon: 20
start: {row: 0}
`

// ppoGridModel is a hand-made 4×4 grid of configurations, three noisy rows
// each, whose reward falls with the distance to a = 4, b = 1; row 0 is
// the farthest corner, a = 1, b = 4. The obvious policy walks there in
// six moves and stays.
func ppoGridModel(tb testing.TB) *tableenv.Model {
	tb.Helper()
	rng := rand.New(rand.NewPCG(7, 7))
	var a, b, m, r []float64
	add := func(x, y float64) {
		for range 3 {
			a, b = append(a, x), append(b, y)
			m = append(m, rng.Float64())
			r = append(r, 1-0.2*(math.Abs(x-4)+math.Abs(y-1))+0.1*(rng.Float64()-0.5))
		}
	}
	add(1, 4) // row 0: the start
	for x := 1.0; x <= 4; x++ {
		for y := 1.0; y <= 4; y++ {
			if x != 1 || y != 4 {
				add(x, y)
			}
		}
	}
	tbl, err := dataset.FromColumns("grid", []string{"a", "b", "m", "r"}, [][]float64{a, b, m, r}, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tbl.Release()
	spec, err := dataset.ParseSpec([]byte(ppoGridSpec), "grid.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	mod, err := tableenv.NewModel(tbl, spec)
	if err != nil {
		tb.Fatal(err)
	}
	return mod
}

// ppoSmallConfig is a quick configuration for the grid table.
func ppoSmallConfig() PPOConfig {
	c := DefaultPPOConfig()
	c.TotalSteps = 30_000
	c.NumEnvs = 16
	c.RolloutLen = 25
	c.Minibatch = 100
	c.Epochs = 4
	c.Hidden = []int{16, 16}
	return c
}

// train runs a learner to its budget.
func ppoTrain(tb testing.TB, m *tableenv.Model, cfg PPOConfig) *PPO {
	tb.Helper()
	p, err := NewPPO(m, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	ppoIterateTo(tb, p, p.Config().TotalSteps)
	return p
}

func ppoIterateTo(tb testing.TB, p *PPO, steps int) {
	tb.Helper()
	for p.Steps() < steps {
		if _, err := p.Iterate(); err != nil {
			tb.Fatal(err)
		}
	}
}

func ppoMarshal(tb testing.TB, p *PPO) []byte {
	tb.Helper()
	b, err := p.MarshalBinary()
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestPPOConfigValidate(t *testing.T) {
	if err := DefaultPPOConfig().Validate(); err != nil {
		t.Fatalf("default config: %v", err)
	}
	for name, mod := range map[string]func(*PPOConfig){
		"total_steps":   func(c *PPOConfig) { c.TotalSteps = -1 },
		"base_steps":    func(c *PPOConfig) { c.BaseSteps = 0 },
		"num_envs":      func(c *PPOConfig) { c.NumEnvs = -1 },
		"rollout_len":   func(c *PPOConfig) { c.RolloutLen = 0 },
		"epochs":        func(c *PPOConfig) { c.Epochs = 0 },
		"minibatch":     func(c *PPOConfig) { c.Minibatch = 0 },
		"lr":            func(c *PPOConfig) { c.LR = math.NaN() },
		"gamma":         func(c *PPOConfig) { c.Gamma = 1 },
		"lambda":        func(c *PPOConfig) { c.Lambda = 1.5 },
		"clip":          func(c *PPOConfig) { c.Clip = 0 },
		"ent_coef":      func(c *PPOConfig) { c.EntCoef = -0.1 },
		"vf_coef":       func(c *PPOConfig) { c.VFCoef = 0 },
		"max_grad_norm": func(c *PPOConfig) { c.MaxGradNorm = math.Inf(1) },
		"hidden":        func(c *PPOConfig) { c.Hidden = nil },
		"hidden width":  func(c *PPOConfig) { c.Hidden = []int{64, 0} },
		"activation":    func(c *PPOConfig) { c.Activation = "identity" },
		"start_row":     func(c *PPOConfig) { c.StartRow = -2 },
	} {
		c := DefaultPPOConfig()
		mod(&c)
		if err := c.Validate(); err == nil {
			t.Errorf("%s: invalid config accepted", name)
		}
	}
	m := ppoGridModel(t)
	c := ppoSmallConfig()
	c.StartRow = m.NumRows()
	if _, err := NewPPO(m, c); err == nil {
		t.Error("NewPPO accepted a start row outside the table")
	}
}

// TestPPOGrid: on a small hand-made table PPO finds the obvious best
// configuration and the shortest way there.
func TestPPOGrid(t *testing.T) {
	m := ppoGridModel(t)
	p := ppoTrain(t, m, ppoSmallConfig())
	g := p.Greedy()
	opt := tableenv.Solve(m).OptimalReturn(0)
	if got := GreedyReturn(m, g, 0); got < 0.99*opt {
		t.Errorf("greedy return %.4f, optimum %.4f", got, opt)
	}
	// Once at a = 4, b = 1 the policy stays, whatever the row's noise.
	for s := 0; s < m.NumStates(); s++ {
		if lv := m.KnobValues(s, nil); lv[0] != 4 || lv[1] != 1 {
			continue
		}
		for _, r := range m.StateRows(s) {
			if a := g.Act(m.Observation(int(r))); a != 0 {
				t.Errorf("at the best configuration, row %d: action %s, want noop", r, m.ActionNames[a])
			}
		}
	}
	if p.Algo() != "ppo" {
		t.Errorf("Algo = %q", p.Algo())
	}
}

// TestPPODeterministic: equal seeds give bit-identical learners, whatever
// the number of threads, and different seeds different ones.
func TestPPODeterministic(t *testing.T) {
	m := ppoGridModel(t)
	cfg := ppoSmallConfig()
	cfg.TotalSteps = 4000
	a, b := ppoTrain(t, m, cfg), ppoTrain(t, m, cfg)
	if !slices.Equal(a.PolicySnapshot().Params, b.PolicySnapshot().Params) {
		t.Error("equal seeds gave different policies")
	}
	if !bytes.Equal(ppoMarshal(t, a), ppoMarshal(t, b)) {
		t.Error("equal seeds gave different learner states")
	}
	// The two networks are updated on separate goroutines: the result
	// must not depend on how they are scheduled.
	prev := runtime.GOMAXPROCS(1)
	serial := ppoTrain(t, m, cfg)
	runtime.GOMAXPROCS(prev)
	if !bytes.Equal(ppoMarshal(t, a), ppoMarshal(t, serial)) {
		t.Error("GOMAXPROCS=1 gave a different learner state")
	}
	cfg.Seed++
	if c := ppoTrain(t, m, cfg); slices.Equal(a.PolicySnapshot().Params, c.PolicySnapshot().Params) {
		t.Error("different seeds gave the same policy")
	}
}

// TestPPOResume: a learner checkpointed at an iteration boundary and
// restored into a fresh one ends bit for bit where an uninterrupted run
// does, and checkpointing does not disturb the run it is taken from.
func TestPPOResume(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    *tableenv.Model
	}{{"grid", ppoGridModel(t)}, {"demo", demoModel(t)}} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := ppoSmallConfig()
			cfg.TotalSteps = 6 * cfg.batchSize()
			cfg.StartRow = -1
			whole := ppoTrain(t, tc.m, cfg)

			first, err := NewPPO(tc.m, cfg)
			if err != nil {
				t.Fatal(err)
			}
			ppoIterateTo(t, first, 2*cfg.batchSize())
			ck := ppoMarshal(t, first)

			// The receiver's own configuration is replaced by the checkpoint's.
			other := cfg
			other.Seed, other.NumEnvs, other.Hidden = 99, 3, []int{5}
			resumed, err := NewPPO(tc.m, other)
			if err != nil {
				t.Fatal(err)
			}
			if err := resumed.UnmarshalBinary(ck); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(ppoMarshal(t, resumed), ck) {
				t.Fatal("a restored learner marshals differently")
			}
			ppoIterateTo(t, resumed, cfg.TotalSteps)
			ppoIterateTo(t, first, cfg.TotalSteps)

			want := ppoMarshal(t, whole)
			if !slices.Equal(resumed.PolicySnapshot().Params, whole.PolicySnapshot().Params) ||
				!slices.Equal(resumed.ValueSnapshot().Params, whole.ValueSnapshot().Params) {
				t.Error("the resumed run's networks differ from the uninterrupted run's")
			}
			if !bytes.Equal(ppoMarshal(t, resumed), want) {
				t.Error("the resumed run's state differs from the uninterrupted run's")
			}
			if !bytes.Equal(ppoMarshal(t, first), want) {
				t.Error("checkpointing disturbed the run")
			}
		})
	}
}

func TestPPOUnmarshalErrors(t *testing.T) {
	grid, demo := ppoGridModel(t), demoModel(t)
	cfg := ppoSmallConfig()
	p, err := NewPPO(grid, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ck := ppoMarshal(t, p)
	q, err := NewPPO(demo, cfg)
	if err != nil {
		t.Fatal(err)
	}
	before := ppoMarshal(t, q)
	if err := q.UnmarshalBinary(ck); err == nil {
		t.Error("a checkpoint of another table was accepted")
	}
	if err := q.UnmarshalBinary(ck[:len(ck)/2]); err == nil {
		t.Error("a truncated checkpoint was accepted")
	}
	if !bytes.Equal(ppoMarshal(t, q), before) {
		t.Error("a failed UnmarshalBinary changed the learner")
	}
	var zero PPO
	if err := zero.UnmarshalBinary(ck); err == nil {
		t.Error("a zero PPO accepted a checkpoint")
	}
}

// TestPPOGreedy: Greedy is a frozen copy, and NewMLPGreedy rebuilds the
// same policy from the exported snapshot.
func TestPPOGreedy(t *testing.T) {
	m := ppoGridModel(t)
	cfg := ppoSmallConfig()
	p, err := NewPPO(m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ppoIterateTo(t, p, 3*cfg.batchSize())
	g := p.Greedy()
	snap := p.PolicySnapshot()
	acts := func(g Greedy) []int {
		out := make([]int, m.NumRows())
		for r := range out {
			out[r] = g.Act(m.Observation(r))
		}
		return out
	}
	before := acts(g)
	rebuilt, err := NewMLPGreedy(snap, m.ObsMean, m.ObsStd)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(acts(rebuilt), before) {
		t.Error("NewMLPGreedy(PolicySnapshot()) acts differently from Greedy()")
	}
	params := slices.Clone(snap.Params)
	ppoIterateTo(t, p, cfg.TotalSteps)
	if !slices.Equal(acts(g), before) {
		t.Error("training changed an earlier Greedy")
	}
	if !slices.Equal(snap.Params, params) {
		t.Error("training changed an earlier PolicySnapshot")
	}
	if allocs := testing.AllocsPerRun(100, func() { g.Act(m.Observation(0)) }); allocs != 0 {
		t.Errorf("Act allocates %.0f times", allocs)
	}
	if _, err := NewMLPGreedy(snap, m.ObsMean[:1], m.ObsStd); err == nil {
		t.Error("NewMLPGreedy accepted a short normalization")
	}
	if _, err := NewMLPGreedy(snap, m.ObsMean, make([]float64, len(m.ObsStd))); err == nil {
		t.Error("NewMLPGreedy accepted a zero deviation")
	}
}

// TestPPOInputGain: the exported policy, with the input gain folded into
// its first layer, computes the logits the learner's own network does on
// gained inputs.
func TestPPOInputGain(t *testing.T) {
	m := ppoGridModel(t)
	cfg := ppoSmallConfig()
	cfg.InputGain = 3
	p, err := NewPPO(m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ppoIterateTo(t, p, 3*cfg.batchSize())
	exported, err := nn.FromSnapshot(p.PolicySnapshot())
	if err != nil {
		t.Fatal(err)
	}
	plain := newGainNormalizer(m.ObsMean, m.ObsStd, 1)
	d := m.ObsDim()
	x, y := make([]float64, d), make([]float64, d)
	for r := 0; r < m.NumRows(); r++ {
		p.norm.apply(x, m.Observation(r))
		plain.apply(y, m.Observation(r))
		want := slices.Clone(p.pi.Forward(matrix(x, 1, d)).Data)
		got := exported.Forward(matrix(y, 1, d)).Data
		for a := range want {
			if math.Abs(got[a]-want[a]) > 1e-9*(1+math.Abs(want[a])) {
				t.Fatalf("row %d: exported logit %d = %v, learner's %v", r, a, got[a], want[a])
			}
		}
	}
}

// TestPPOIterateAllocs: after the first iteration, training allocates
// nothing per sample.
func TestPPOIterateAllocs(t *testing.T) {
	m := ppoGridModel(t)
	cfg := ppoSmallConfig()
	p, err := NewPPO(m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ppoIterateTo(t, p, cfg.batchSize())
	allocs := testing.AllocsPerRun(5, func() {
		if _, err := p.Iterate(); err != nil {
			t.Fatal(err)
		}
	})
	// One goroutine per minibatch update of the value network.
	if max := float64(cfg.Epochs * ((cfg.batchSize() + cfg.Minibatch - 1) / cfg.Minibatch)); allocs > max {
		t.Errorf("Iterate allocates %.0f times, want at most %.0f", allocs, max)
	}
}

// teaStoreStarts are the two starts the TeaStore goals are set for.
var teaStoreStarts = []struct {
	name  string
	start int
}{{"start=558", 558}, {"start=random", -1}}

// ppoGoalFraction is the share of the exact optimum the default config must
// reach on TeaStore.
const ppoGoalFraction = 0.99

// TestPPOTeaStore trains the default configuration from row 558 and from
// a random start (the spec's) and checks that the greedy policies come
// within 1% of the exact optimum. Each training takes some 10 seconds on
// two idle cores.
func TestPPOTeaStore(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping full trainings in short mode")
	}
	m := teaStoreModel(t)
	sol := tableenv.Solve(m)
	for _, tc := range teaStoreStarts {
		t.Run(tc.name, func(t *testing.T) {
			cfg := DefaultPPOConfig()
			cfg.StartRow = tc.start
			t0 := time.Now()
			p := ppoTrain(t, m, cfg)
			got, opt := GreedyReturn(m, p.Greedy(), tc.start), sol.OptimalReturn(tc.start)
			t.Logf("greedy return %.4f of optimum %.4f (%.2f%%) in %.1fs",
				got, opt, 100*got/opt, time.Since(t0).Seconds())
			if got < ppoGoalFraction*opt {
				t.Errorf("greedy return %.4f < %.0f%% of the optimum %.4f", got, 100*ppoGoalFraction, opt)
			}
		})
	}
}

// TestPPODemo trains the default configuration on the embedded demo
// table, from a random start as its spec says.
func TestPPODemo(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping a full training in short mode")
	}
	m := demoModel(t)
	p := ppoTrain(t, m, DefaultPPOConfig())
	got, opt := GreedyReturn(m, p.Greedy(), -1), tableenv.Solve(m).OptimalReturn(-1)
	t.Logf("greedy return %.4f of optimum %.4f (%.2f%%)", got, opt, 100*got/opt)
	if got < 0.95*opt {
		t.Errorf("greedy return %.4f < 95%% of the optimum %.4f", got, opt)
	}
}

// BenchmarkPPOTeaStore times one full training with the default
// configuration, from row 558 and from a random start, and reports how
// close the greedy policy comes to the exact optimum.
func BenchmarkPPOTeaStore(b *testing.B) {
	m := teaStoreModel(b)
	sol := tableenv.Solve(m)
	for _, bc := range teaStoreStarts {
		b.Run(bc.name, func(b *testing.B) {
			cfg := DefaultPPOConfig()
			cfg.StartRow = bc.start
			var pct float64
			for b.Loop() {
				p := ppoTrain(b, m, cfg)
				pct = 100 * GreedyReturn(m, p.Greedy(), bc.start) / sol.OptimalReturn(bc.start)
			}
			b.ReportMetric(pct, "pct_of_optimal")
		})
	}
}
