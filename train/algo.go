package train

import (
	"fmt"

	"github.com/tablerl/tablerl/tableenv"
)

// Algos are the algorithms NewLearner builds.
var Algos = []string{"ppo", "dqn", "qtable"}

// DefaultConfig returns a pointer to algo's default hyperparameters, to be
// edited (flags, a YAML file) and passed to NewLearner.
func DefaultConfig(algo string) (any, error) {
	switch algo {
	case "ppo":
		c := DefaultPPOConfig()
		return &c, nil
	case "dqn":
		c := DefaultDQNConfig()
		return &c, nil
	case "qtable":
		c := DefaultQTableConfig()
		return &c, nil
	}
	return nil, fmt.Errorf("train: unknown algorithm %q (known: %v)", algo, Algos)
}

// NewLearner builds the learner of a config returned by DefaultConfig.
func NewLearner(m *tableenv.Model, cfg any) (Learner, error) {
	switch c := cfg.(type) {
	case *PPOConfig:
		return NewPPO(m, *c)
	case *DQNConfig:
		return NewDQN(m, *c)
	case *QTableConfig:
		return NewQTable(m, *c)
	}
	return nil, fmt.Errorf("train: no learner for a %T", cfg)
}

// Export builds the policy file of l's current greedy policy; data names the
// table and dataSHA fingerprints it.
func Export(m *tableenv.Model, l Learner, seed uint64, data, dataSHA string) (*PolicyFile, error) {
	p := NewPolicyFile(m, l.Algo(), seed, l.Steps(), data, dataSHA)
	switch x := l.(type) {
	case *PPO:
		s := x.PolicySnapshot()
		p.Network = &s
	case *DQN:
		s := x.PolicySnapshot()
		p.Network, p.Dueling = &s, x.Config().Dueling
	case *QTable:
		q, na := x.Table(), m.NumActions()
		for s := 0; s < m.NumStates(); s++ {
			p.QTable = append(p.QTable, StateQ{Knobs: m.KnobValues(s, nil),
				Context: m.StateContext(s), Q: q[s*na : (s+1)*na]})
		}
	default:
		return nil, fmt.Errorf("train: cannot export a %s learner", l.Algo())
	}
	return p, nil
}

// Greedy rebuilds the policy a file holds, for the model it was checked against.
func (p *PolicyFile) Greedy(m *tableenv.Model) (Greedy, error) {
	switch {
	case p.Algo == "ppo" && p.Network != nil:
		return NewMLPGreedy(*p.Network, p.ObsMean, p.ObsStd)
	case p.Algo == "dqn" && p.Network != nil:
		return NewDQNGreedy(*p.Network, p.ObsMean, p.ObsStd, p.Dueling)
	case p.Algo == "qtable" && p.QTable != nil:
		return p.tableGreedy(m)
	}
	return nil, fmt.Errorf("%w: a %s policy without its weights", ErrPolicy, p.Algo)
}

// tableGreedy rebuilds a tabular policy by matching each exported state to
// the model's, by knob values and context; a state of the model the file
// lacks acts as the no-op.
func (p *PolicyFile) tableGreedy(m *tableenv.Model) (Greedy, error) {
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
