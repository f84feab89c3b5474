package train

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/tableenv"
	"github.com/tablerl/tablerl/train/nn"
)

// dqnTinySpec has two knobs of three levels; the reward peaks at a=3, b=2
// and an episode starts at a=1, b=1 (row 0), three moves away.
const dqnTinySpec = `
name: tiny
knobs:
  - {name: a, column: a}
  - {name: b, column: b}
observe: [m]
reward: {column: r}
horizon: 12
start: {row: 0}
`

// dqnTinyModel is a 3×3 grid of configurations, four rows each, whose reward
// falls by 0.4 per level away from (3, 2), with noise of ±0.05 in the reward
// and a noisy metric m: the obvious best configuration is (3, 2).
func dqnTinyModel(tb testing.TB) *tableenv.Model {
	tb.Helper()
	rng := rand.New(rand.NewPCG(7, 7))
	var a, b, r, m []float64
	for i := 1; i <= 3; i++ {
		for j := 1; j <= 3; j++ {
			for range 4 {
				a, b = append(a, float64(i)), append(b, float64(j))
				r = append(r, 1-0.4*math.Abs(float64(i-3))-0.4*math.Abs(float64(j-2))+0.1*(rng.Float64()-0.5))
				m = append(m, rng.NormFloat64())
			}
		}
	}
	tbl, err := dataset.FromColumns("tiny", []string{"a", "b", "r", "m"}, [][]float64{a, b, r, m}, nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(tbl.Release)
	spec, err := dataset.ParseSpec([]byte(dqnTinySpec), "tiny")
	if err != nil {
		tb.Fatal(err)
	}
	mod, err := tableenv.NewModel(tbl, spec)
	if err != nil {
		tb.Fatal(err)
	}
	return mod
}

// dqnTinyConfig is a small, fast configuration for the tiny table.
func dqnTinyConfig() DQNConfig {
	c := DefaultDQNConfig()
	c.TotalSteps = 12_000
	c.BufferSize = 10_000
	c.LearningStarts = 500
	c.Hidden = []int{32, 32}
	c.EpsFraction = 0.5
	c.IterateSteps = 300
	return c
}

// dqnRun trains l until it has taken steps environment steps.
func dqnRun(tb testing.TB, l Learner, steps int) {
	tb.Helper()
	for l.Steps() < steps {
		if _, err := l.Iterate(); err != nil {
			tb.Fatal(err)
		}
	}
}

func dqnMarshal(tb testing.TB, l Learner) []byte {
	tb.Helper()
	b, err := l.MarshalBinary()
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestDQNTinyFindsBest(t *testing.T) {
	m := dqnTinyModel(t)
	opt := tableenv.Solve(m).OptimalReturn(0)
	for _, v := range []struct {
		name            string
		double, dueling bool
	}{{"dqn", false, false}, {"double", true, false}, {"dueling", false, true}, {"d3qn", true, true}} {
		t.Run(v.name, func(t *testing.T) {
			cfg := dqnTinyConfig()
			cfg.Double, cfg.Dueling = v.double, v.dueling
			d, err := NewDQN(m, cfg)
			if err != nil {
				t.Fatal(err)
			}
			dqnRun(t, d, d.Config().TotalSteps)
			dqnCheckTiny(t, m, d.Greedy(), opt)
		})
	}
}

// dqnCheckTiny checks that g stays in the best configuration of the tiny
// table, whatever the row, and that its return is within 1% of the optimum
// (which the path to it can miss by the noise of the rewards on the way: the
// discounted objective trains for a slightly different order of moves).
func dqnCheckTiny(t *testing.T, m *tableenv.Model, g Greedy, opt float64) {
	t.Helper()
	for s := 0; s < m.NumStates(); s++ {
		if lv := m.StateLevels(s); lv[0] != 2 || lv[1] != 1 {
			continue
		}
		for _, r := range m.StateRows(s) {
			if a := g.Act(m.Observation(int(r))); a != 0 {
				t.Errorf("row %d of the best configuration: action %s, want noop", r, m.ActionNames[a])
			}
		}
	}
	if got := GreedyReturn(m, g, 0); got < 0.99*opt {
		t.Errorf("greedy return %.4f, optimum %.4f", got, opt)
	}
}

func TestDQNDeterministic(t *testing.T) {
	m := dqnTinyModel(t)
	cfg := dqnTinyConfig()
	cfg.TotalSteps = 3000
	run := func(seed uint64) []byte {
		cfg.Seed = seed
		d, err := NewDQN(m, cfg)
		if err != nil {
			t.Fatal(err)
		}
		dqnRun(t, d, cfg.TotalSteps)
		return dqnMarshal(t, d)
	}
	a, b, c := run(1), run(1), run(2)
	if !bytes.Equal(a, b) {
		t.Error("two runs with the same seed ended in different states")
	}
	if bytes.Equal(a, c) {
		t.Error("runs with different seeds ended in the same state")
	}
}

// TestDQNResume checks that a run checkpointed at an Iterate boundary and
// resumed in a fresh learner ends bit-identical to an uninterrupted one:
// weights, optimizer, replay, environments and random stream.
func TestDQNResume(t *testing.T) {
	for name, m := range map[string]*tableenv.Model{"plain": dqnTinyModel(t), "dynamic": dynamicTinyModel(t)} {
		t.Run(name, func(t *testing.T) { testDQNResume(t, m) })
	}
}

func testDQNResume(t *testing.T, m *tableenv.Model) {
	cfg := dqnTinyConfig()
	cfg.TotalSteps = 3000
	cfg.NumEnvs = 3
	cfg.TargetUpdate, cfg.Tau = 50, 0 // periodic copies: the counter must resume too

	whole, err := NewDQN(m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	dqnRun(t, whole, cfg.TotalSteps)

	first, err := NewDQN(m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	dqnRun(t, first, 1200) // past LearningStarts, mid-episode
	ck := dqnMarshal(t, first)
	// A learner made with another configuration takes the checkpoint's.
	second, err := NewDQN(m, dqnTinyConfig())
	if err != nil {
		t.Fatal(err)
	}
	if err := second.UnmarshalBinary(ck); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(dqnMarshal(t, second), ck) {
		t.Fatal("a restored learner marshals differently from its checkpoint")
	}
	dqnRun(t, second, cfg.TotalSteps)

	if !bytes.Equal(dqnFloatBytes(whole.online.Params()), dqnFloatBytes(second.online.Params())) {
		t.Error("resumed run's weights differ from the uninterrupted run's")
	}
	if !bytes.Equal(dqnMarshal(t, whole), dqnMarshal(t, second)) {
		t.Error("resumed run's state differs from the uninterrupted run's")
	}
}

// dqnFloatBytes is the exact bit pattern of v, for byte-for-byte comparison.
func dqnFloatBytes(v []float64) []byte {
	b := make([]byte, 0, 8*len(v))
	for _, x := range v {
		u := math.Float64bits(x)
		for i := range 8 {
			b = append(b, byte(u>>(8*i)))
		}
	}
	return b
}

func TestDQNUnmarshalRejects(t *testing.T) {
	m := dqnTinyModel(t)
	d, err := NewDQN(m, dqnTinyConfig())
	if err != nil {
		t.Fatal(err)
	}
	good := dqnMarshal(t, d)
	q, err := NewQTable(m, DefaultQTableConfig())
	if err != nil {
		t.Fatal(err)
	}
	other := dqnMarshal(t, q)
	for name, b := range map[string][]byte{
		"empty":     nil,
		"garbage":   []byte("not a checkpoint"),
		"truncated": good[:len(good)/2],
		"qtable":    other,
	} {
		if err := d.UnmarshalBinary(b); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if !bytes.Equal(dqnMarshal(t, d), good) {
		t.Error("a failed UnmarshalBinary changed the learner")
	}
	// A checkpoint of another table is refused.
	other2 := dqnTinyModel(t)
	other2.ObsMean = append([]float64(nil), other2.ObsMean...)
	other2.ObsMean[0] += 1
	d2, err := NewDQN(other2, dqnTinyConfig())
	if err != nil {
		t.Fatal(err)
	}
	if err := d2.UnmarshalBinary(good); err == nil || !strings.Contains(err.Error(), "another table") {
		t.Errorf("checkpoint of another table: %v", err)
	}
}

// TestDQNGreedyIsACopy checks that a greedy policy does not follow later
// training, and that the exported network rebuilds the same policy.
func TestDQNGreedyIsACopy(t *testing.T) {
	m := dqnTinyModel(t)
	cfg := dqnTinyConfig()
	d, err := NewDQN(m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	dqnRun(t, d, 2000)
	g := d.Greedy()
	snap := d.PolicySnapshot()
	before := dqnActions(m, g)
	dqnRun(t, d, 6000)
	if got := dqnActions(m, g); !bytes.Equal(got, before) {
		t.Error("an earlier greedy policy changed with training")
	}

	// Through JSON, as policy.json stores it.
	js, err := json.Marshal(snap)
	if err != nil {
		t.Fatal(err)
	}
	var back nn.Snapshot
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatal(err)
	}
	r, err := NewDQNGreedy(back, m.ObsMean, m.ObsStd, cfg.Dueling)
	if err != nil {
		t.Fatal(err)
	}
	if got := dqnActions(m, r); !bytes.Equal(got, before) {
		t.Error("the policy rebuilt from its snapshot acts differently")
	}
	if _, err := NewDQNGreedy(back, m.ObsMean[:1], m.ObsStd[:1], true); err == nil {
		t.Error("NewDQNGreedy accepted statistics of the wrong width")
	}
}

// dqnActions is g's action on every row of m.
func dqnActions(m *tableenv.Model, g Greedy) []byte {
	out := make([]byte, m.NumRows())
	for r := range out {
		out[r] = byte(g.Act(m.Observation(r)))
	}
	return out
}

func TestDQNIterateDoesNotAllocate(t *testing.T) {
	m := dqnTinyModel(t)
	cfg := dqnTinyConfig()
	d, err := NewDQN(m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	dqnRun(t, d, cfg.LearningStarts+100)
	if n := testing.AllocsPerRun(20, func() { d.Iterate() }); n != 0 {
		t.Errorf("Iterate allocates %.1f times, want 0", n)
	}
}

func TestDQNConfigValidate(t *testing.T) {
	if c := DefaultDQNConfig(); c.Validate() != nil || !c.Double || !c.Dueling {
		t.Fatalf("defaults: %v, double %v dueling %v; want valid D3QN", c.Validate(), c.Double, c.Dueling)
	}
	for key, mut := range map[string]func(c *DQNConfig){
		"total_steps":    func(c *DQNConfig) { c.TotalSteps = -1 },
		"base_steps":     func(c *DQNConfig) { c.BaseSteps = 0 },
		"num_envs":       func(c *DQNConfig) { c.NumEnvs = 0 },
		"buffer_size":    func(c *DQNConfig) { c.BufferSize = -1 },
		"batch_size":     func(c *DQNConfig) { c.BatchSize = 0 },
		"lr":             func(c *DQNConfig) { c.LR = math.NaN() },
		"gamma":          func(c *DQNConfig) { c.Gamma = 1 },
		"eps_start":      func(c *DQNConfig) { c.EpsStart = 1.5 },
		"eps_fraction":   func(c *DQNConfig) { c.EpsFraction = 0 },
		"train_freq":     func(c *DQNConfig) { c.TrainFreq = 0 },
		"tau":            func(c *DQNConfig) { c.Tau = 2 },
		"target_update":  func(c *DQNConfig) { c.Tau, c.TargetUpdate = 0, 0 },
		"max_grad_norm":  func(c *DQNConfig) { c.MaxGradNorm = -1 },
		"hidden":         func(c *DQNConfig) { c.Hidden = []int{64, 0} },
		"start_row":      func(c *DQNConfig) { c.StartRow = -2 },
		"learning_start": func(c *DQNConfig) { c.LearningStarts = -1 },
		"iterate_steps":  func(c *DQNConfig) { c.IterateSteps = 0 },
	} {
		c := DefaultDQNConfig()
		mut(&c)
		if err := c.Validate(); err == nil {
			t.Errorf("%s: accepted", key)
		}
	}
	m := dqnTinyModel(t)
	c := dqnTinyConfig()
	c.StartRow = m.NumRows()
	if _, err := NewDQN(m, c); err == nil {
		t.Error("NewDQN accepted a start row outside the table")
	}
}

func TestDQNGreedyQValues(t *testing.T) {
	m := dqnTinyModel(t)
	for _, dueling := range []bool{false, true} {
		cfg := dqnTinyConfig()
		cfg.Dueling = dueling
		d, err := NewDQN(m, cfg)
		if err != nil {
			t.Fatal(err)
		}
		dqnRun(t, d, 2000)
		g := d.Greedy().(*DQNGreedy)
		var q []float64
		for r := 0; r < m.NumRows(); r++ {
			q = g.QValues(q[:0], m.Observation(r))
			if len(q) != m.NumActions() {
				t.Fatalf("dueling %v: %d Q-values, want %d", dueling, len(q), m.NumActions())
			}
			if a, b := Argmax(q), g.Act(m.Observation(r)); a != b {
				t.Errorf("dueling %v, row %d: argmax of QValues %d, Act %d", dueling, r, a, b)
			}
		}
	}
}
