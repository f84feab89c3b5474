package train

import (
	"fmt"
	"math/rand/v2"

	"github.com/tablerl/tablerl/tableenv"
)

// QTable is tabular Q-learning (Watkins 1989) over a Model's recorded
// (configuration, context) states: one value per state and action, updated
// after every step towards r + γ·max Q(s′, ·). It implements Learner; one
// Iterate runs whole episodes for IterateSteps steps.
//
// The table is exact where the network of DQN approximates: every state is
// its own entry, and the observation's metrics are ignored (the next
// state's distribution does not depend on them).
type QTable struct {
	m   *tableenv.Model
	cfg QTableConfig
	q   []float64 // NumStates × NumActions
	env *tableenv.Env

	src *rand.PCG
	rng *rand.Rand

	steps, episodes int
	recent          returnWindow
}

// NewQTable returns a tabular Q-learner on m with every entry at InitQ.
func NewQTable(m *tableenv.Model, cfg QTableConfig) (*QTable, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := cfg.checkModel("qtable", m); err != nil {
		return nil, err
	}
	if m.Dynamic() {
		return nil, fmt.Errorf("train: qtable %w", ErrDynamic)
	}
	q := &QTable{m: m, cfg: cfg, q: make([]float64, m.NumStates()*m.NumActions())}
	for i := range q.q {
		q.q[i] = cfg.InitQ
	}
	q.src = rand.NewPCG(cfg.Seed, 0x7174_626c_2d6c_726e) // "qtbl-lrn"
	q.rng = rand.New(q.src)
	envSeed := rand.New(rand.NewPCG(cfg.Seed, 0x7174_626c_2d65_6e76)).Uint64() // "qtbl-env"
	q.env = m.NewEnv(envSeed)
	cfg.prepareEnvs(m, q.env)
	q.env.Reset(tableenv.NoSeed)
	return q, nil
}

// Algo is "qtable".
func (q *QTable) Algo() string { return "qtable" }

// Steps is the number of environment steps taken.
func (q *QTable) Steps() int { return q.steps }

// Config returns the learner's configuration.
func (q *QTable) Config() QTableConfig { return q.cfg }

// Epsilon is the exploration rate of the next step.
func (q *QTable) Epsilon() float64 {
	return q.cfg.epsilon(q.steps, q.cfg.TotalSteps)
}

func (q *QTable) alpha() float64 {
	c := &q.cfg
	return dqnLinear(c.Alpha, c.AlphaEnd, float64(q.steps)/float64(c.TotalSteps))
}

// StepUnit is an episode: the horizon's steps (an episode is truncated at
// the horizon, never terminated earlier).
func (q *QTable) StepUnit() (int, string) {
	h := q.m.Horizon()
	return h, fmt.Sprintf("episodes of %d steps (the horizon)", h)
}

// SetTotalSteps changes the budget the exploration and learning-rate
// schedules follow.
func (q *QTable) SetTotalSteps(n int) { q.cfg.TotalSteps = n }

// Iterate runs episodes with the ε-greedy policy, updating the table after
// every step, until IterateSteps steps have been taken (capped at
// TotalSteps). Its Loss is the mean squared TD error of those steps.
func (q *QTable) Iterate() (Progress, error) {
	c := &q.cfg
	end := q.steps + c.IterateSteps
	if q.steps < c.TotalSteps {
		end = min(end, c.TotalSteps)
	}
	var sq float64
	start := q.steps
	for q.steps < end {
		sq += q.episode()
	}
	return Progress{Steps: q.steps, Episodes: q.episodes, MeanReturn: q.recent.mean(),
		Loss: sq / float64(q.steps-start)}, nil
}

// episode runs one episode and returns the sum of its squared TD errors.
func (q *QTable) episode() float64 {
	na := q.m.NumActions()
	gamma := q.cfg.Gamma
	var ret, sq float64
	for {
		s := q.env.State()
		var a int
		if q.rng.Float64() < q.Epsilon() {
			a = q.rng.IntN(na)
		} else {
			a = Argmax(q.q[s*na : (s+1)*na])
		}
		alpha := q.alpha()
		_, r, term, trunc, info := q.env.Step(a)
		q.steps++
		ret += r
		// Truncation is not termination: bootstrap through the horizon.
		target := r
		if !term {
			t := info.State
			target += gamma * q.q[t*na+Argmax(q.q[t*na:(t+1)*na])]
		}
		e := &q.q[s*na+a]
		td := target - *e
		*e += alpha * td
		sq += td * td
		if term || trunc {
			break
		}
	}
	q.episodes++
	q.recent.add(ret)
	q.env.Reset(tableenv.NoSeed)
	return sq
}

// Table returns a copy of the Q-table, NumStates × NumActions row-major, for
// export; NewTableGreedy rebuilds the greedy policy from it.
func (q *QTable) Table() []float64 { return append([]float64(nil), q.q...) }

// Greedy returns the greedy policy of the current table (a copy).
func (q *QTable) Greedy() Greedy {
	g, _ := NewTableGreedy(q.m, q.q)
	return g
}

// Policy returns the table in its exported form: one entry per recorded
// state, named by its knob values and context, so that it still applies to
// a table whose states are numbered differently.
func (q *QTable) Policy() PolicyPayload { return tablePayload(q.m, q.q) }

// tablePayload is the exported form of a Q-table over m's states.
func tablePayload(m *tableenv.Model, table []float64) PolicyPayload {
	na := m.NumActions()
	var p PolicyPayload
	for s := 0; s < m.NumStates(); s++ {
		p.QTable = append(p.QTable, StateQ{Knobs: m.KnobValues(s, nil),
			Context: m.StateContext(s), Q: append([]float64(nil), table[s*na:(s+1)*na]...)})
	}
	return p
}

// loadQTablePolicy rebuilds a tabular policy by matching each exported
// state to the model's, by knob values and context; a state of the model
// the file lacks acts as the no-op.
func loadQTablePolicy(m *tableenv.Model, p *PolicyFile) (Greedy, error) {
	if p.QTable == nil {
		return nil, fmt.Errorf("%w: a qtable policy without its table", ErrPolicy)
	}
	na := m.NumActions()
	byKey := make(map[string][]float64, len(p.QTable))
	for _, e := range p.QTable {
		if len(e.Q) != na {
			return nil, fmt.Errorf("%w: a Q-table entry has %d actions, want %d", ErrPolicy, len(e.Q), na)
		}
		byKey[fmt.Sprint(e.Knobs, e.Context)] = e.Q
	}
	table := make([]float64, m.NumStates()*na)
	for s := 0; s < m.NumStates(); s++ {
		ctx := m.StateContext(s)
		if len(ctx) == 0 {
			ctx = nil // as exported: omitted when empty
		}
		if q, ok := byKey[fmt.Sprint(m.KnobValues(s, nil), ctx)]; ok {
			copy(table[s*na:], q)
		}
	}
	return NewTableGreedy(m, table)
}

// TableGreedy is the greedy policy of a Q-table over a Model's states.
type TableGreedy struct {
	m     *tableenv.Model
	table []float64
}

// NewTableGreedy returns the greedy policy of table (NumStates × NumActions
// of m, as QTable.Table returns it), which it copies.
func NewTableGreedy(m *tableenv.Model, table []float64) (*TableGreedy, error) {
	if want := m.NumStates() * m.NumActions(); len(table) != want {
		return nil, fmt.Errorf("train: Q-table has %d entries, the model needs %d states × %d actions", len(table), m.NumStates(), m.NumActions())
	}
	return &TableGreedy{m: m, table: append([]float64(nil), table...)}, nil
}

// Act returns the action of largest value in the observation's state, or
// the no-op for an observation of no recorded state.
func (g *TableGreedy) Act(obs []float64) int {
	s, ok := g.m.StateOfObs(obs)
	if !ok {
		return 0
	}
	na := g.m.NumActions()
	return Argmax(g.table[s*na : (s+1)*na])
}
