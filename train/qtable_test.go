package train

import (
	"bytes"
	"math"
	"testing"

	"github.com/tablerl/tablerl/tableenv"
)

func qtableTinyConfig() QTableConfig {
	c := DefaultQTableConfig()
	c.TotalSteps = 50_000
	c.IterateSteps = 500
	return c
}

func TestQTableTinyFindsBest(t *testing.T) {
	m := dqnTinyModel(t)
	opt := tableenv.Solve(m).OptimalReturn(0)
	for _, explore := range []bool{true, false} {
		cfg := qtableTinyConfig()
		cfg.ExploreStarts = explore
		q, err := NewQTable(m, cfg)
		if err != nil {
			t.Fatal(err)
		}
		dqnRun(t, q, q.Config().TotalSteps)
		dqnCheckTiny(t, m, q.Greedy(), opt)
	}
}

func TestQTableResume(t *testing.T) {
	m := dqnTinyModel(t)
	cfg := qtableTinyConfig()
	cfg.TotalSteps = 5000
	whole, err := NewQTable(m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	dqnRun(t, whole, cfg.TotalSteps)

	first, err := NewQTable(m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	dqnRun(t, first, 2000)
	second, err := NewQTable(m, DefaultQTableConfig())
	if err != nil {
		t.Fatal(err)
	}
	if err := second.UnmarshalBinary(dqnMarshal(t, first)); err != nil {
		t.Fatal(err)
	}
	dqnRun(t, second, cfg.TotalSteps)
	if !bytes.Equal(dqnFloatBytes(whole.Table()), dqnFloatBytes(second.Table())) {
		t.Error("resumed run's table differs from the uninterrupted run's")
	}
	if !bytes.Equal(dqnMarshal(t, whole), dqnMarshal(t, second)) {
		t.Error("resumed run's state differs from the uninterrupted run's")
	}

	// Same seed, same table; another seed, another table.
	cfg.Seed = 2
	other, err := NewQTable(m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	dqnRun(t, other, cfg.TotalSteps)
	if bytes.Equal(dqnFloatBytes(whole.Table()), dqnFloatBytes(other.Table())) {
		t.Error("different seeds learned the same table")
	}
}

func TestQTableUnmarshalRejects(t *testing.T) {
	m := dqnTinyModel(t)
	q, err := NewQTable(m, qtableTinyConfig())
	if err != nil {
		t.Fatal(err)
	}
	good := dqnMarshal(t, q)
	d, err := NewDQN(m, dqnTinyConfig())
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{
		"garbage":   []byte("xx"),
		"truncated": good[:len(good)-3],
		"dqn":       dqnMarshal(t, d),
	} {
		if err := q.UnmarshalBinary(b); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if !bytes.Equal(dqnMarshal(t, q), good) {
		t.Error("a failed UnmarshalBinary changed the learner")
	}
}

func TestTableGreedy(t *testing.T) {
	m := dqnTinyModel(t)
	q, err := NewQTable(m, qtableTinyConfig())
	if err != nil {
		t.Fatal(err)
	}
	dqnRun(t, q, 20_000)
	g := q.Greedy()
	tbl := q.Table()
	r, err := NewTableGreedy(m, tbl)
	if err != nil {
		t.Fatal(err)
	}
	na := m.NumActions()
	for row := 0; row < m.NumRows(); row++ {
		s := m.StateOf(row)
		want := Argmax(tbl[s*na : (s+1)*na])
		if a, b := g.Act(m.Observation(row)), r.Act(m.Observation(row)); a != want || b != want {
			t.Fatalf("row %d: greedy %d, rebuilt %d, argmax of the table %d", row, a, b, want)
		}
	}
	// The policy is a copy: training and edits of the exported table leave it be.
	before := dqnActions(m, g)
	dqnRun(t, q, 40_000)
	for i := range tbl {
		tbl[i] = math.Inf(-1)
	}
	if !bytes.Equal(dqnActions(m, g), before) || !bytes.Equal(dqnActions(m, r), before) {
		t.Error("a greedy policy changed after later training or an edit of the exported table")
	}
	if _, err := NewTableGreedy(m, tbl[:5]); err == nil {
		t.Error("NewTableGreedy accepted a table of the wrong size")
	}
	// An observation of no recorded state gets the no-op.
	obs := append([]float64(nil), m.Observation(0)...)
	obs[0] = 99
	if a := r.Act(obs); a != 0 {
		t.Errorf("unknown state: action %d, want the no-op", a)
	}
}

func TestQTableConfigValidate(t *testing.T) {
	if c := DefaultQTableConfig(); c.Validate() != nil {
		t.Fatal(c.Validate())
	}
	for key, mut := range map[string]func(c *QTableConfig){
		"total_steps":  func(c *QTableConfig) { c.TotalSteps = -1 },
		"base_steps":   func(c *QTableConfig) { c.BaseSteps = 0 },
		"alpha":        func(c *QTableConfig) { c.Alpha = 0 },
		"alpha_end":    func(c *QTableConfig) { c.AlphaEnd = 2 },
		"gamma":        func(c *QTableConfig) { c.Gamma = 1 },
		"eps_end":      func(c *QTableConfig) { c.EpsEnd = -0.1 },
		"eps_fraction": func(c *QTableConfig) { c.EpsFraction = 2 },
		"init_q":       func(c *QTableConfig) { c.InitQ = math.Inf(1) },
		"start_row":    func(c *QTableConfig) { c.StartRow = -3 },
		"iterate":      func(c *QTableConfig) { c.IterateSteps = 0 },
	} {
		c := DefaultQTableConfig()
		mut(&c)
		if err := c.Validate(); err == nil {
			t.Errorf("%s: accepted", key)
		}
	}
}
