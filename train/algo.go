package train

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/tableenv"
)

// Algorithm is one entry of the registry: everything the command line, Run
// and the policy loader know of an algorithm.
type Algorithm struct {
	// Name is what --algo and a policy file's "algo" call it.
	Name string
	// NewConfig returns a fresh copy of the default hyperparameters, to be
	// edited (flags, a YAML file) and passed to NewLearner.
	NewConfig func() Config
	// NewLearner builds a learner from a config of this algorithm.
	NewLearner func(m *tableenv.Model, cfg Config) (Learner, error)
	// LoadPolicy rebuilds the greedy policy of a policy file this
	// algorithm's Learner.Policy filled, for the model it was checked against.
	LoadPolicy func(m *tableenv.Model, p *PolicyFile) (Greedy, error)
}

// Config is an algorithm's hyperparameters: a plain struct embedding
// BaseConfig inline, whose pointer lists its parameters for the command
// line and checks them.
type Config interface {
	// Base returns the shared parameters, for reading and editing.
	Base() *BaseConfig
	// Params lists every parameter, the base's first, bound to the config's
	// fields.
	Params() []Param
	// Validate reports the first parameter out of range, by its YAML key.
	Validate() error
}

// registry lists the algorithms in the order --help names them. Adding an
// algorithm is its own files and one line here.
var registry = []Algorithm{
	newAlgorithm("ppo", DefaultPPOConfig, NewPPO, loadPPOPolicy),
	newAlgorithm("dqn", DefaultDQNConfig, NewDQN, loadDQNPolicy),
	newAlgorithm("qtable", DefaultQTableConfig, NewQTable, loadQTablePolicy),
	newAlgorithm("bc", DefaultBCConfig, NewBC, loadQTablePolicy),
	newAlgorithm("cql", DefaultCQLConfig, NewCQL, loadDQNPolicy),
	newAlgorithm("fqi", DefaultFQIConfig, NewFQI, loadQTablePolicy),
}

// ErrUnknownAlgorithm marks a name the registry does not hold.
var ErrUnknownAlgorithm = errors.New("unknown algorithm")

// Algorithms returns the registered algorithms.
func Algorithms() []Algorithm { return append([]Algorithm(nil), registry...) }

// AlgorithmNames returns the registered algorithms' names.
func AlgorithmNames() []string {
	names := make([]string, len(registry))
	for i, a := range registry {
		names[i] = a.Name
	}
	return names
}

// LookupAlgorithm returns the algorithm called name.
func LookupAlgorithm(name string) (Algorithm, error) {
	for _, a := range registry {
		if a.Name == name {
			return a, nil
		}
	}
	return Algorithm{}, fmt.Errorf("%w %q%s (known: %s)", ErrUnknownAlgorithm, name, dataset.DidYouMean(name, AlgorithmNames()), strings.Join(AlgorithmNames(), ", "))
}

// modelSized is a config with parameters that, left unset, are sized from
// the table (as DQN's hidden widths), beyond the base's budget.
type modelSized interface {
	sizeFrom(m *tableenv.Model)
}

// newAlgorithm builds a registry entry from an algorithm's typed parts: the
// function of its default config C (whose pointer is its Config), its
// constructor and its policy loader.
func newAlgorithm[C any, PC interface {
	*C
	Config
}, L Learner](name string, defaults func() C, build func(*tableenv.Model, C) (L, error),
	load func(*tableenv.Model, *PolicyFile) (Greedy, error)) Algorithm {
	return Algorithm{
		Name:      name,
		NewConfig: func() Config { c := defaults(); return PC(&c) },
		NewLearner: func(m *tableenv.Model, cfg Config) (Learner, error) {
			c, ok := cfg.(PC)
			if !ok {
				return nil, fmt.Errorf("train: %s cannot train with a %T", name, cfg)
			}
			if err := c.Base().checkModel(name, m); err != nil {
				return nil, err
			}
			if s, ok := any(c).(modelSized); ok {
				s.sizeFrom(m)
			}
			l, err := build(m, *c) // with the budget sized, for the caller's RunConfigFor
			if err != nil {
				return nil, err // not a typed nil in a non-nil Learner
			}
			return l, nil
		},
		LoadPolicy: load,
	}
}

// Export builds the policy file of l's current greedy policy; data names the
// table and dataSHA fingerprints it.
func Export(m *tableenv.Model, l Learner, seed uint64, data, dataSHA string) *PolicyFile {
	p := NewPolicyFile(m, l.Algo(), seed, l.Steps(), data, dataSHA)
	p.PolicyPayload = l.Policy()
	return p
}

// Greedy rebuilds the policy a file holds, for the model it was checked
// against, with its algorithm's loader. A policy whose observation names
// differ from the model's (trained before the observation gained entries)
// reads its own inputs from the model's observation by name.
func (p *PolicyFile) Greedy(m *tableenv.Model) (Greedy, error) {
	a, err := LookupAlgorithm(p.Algo)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPolicy, err)
	}
	if err := p.checkInputs(m); err != nil {
		return nil, err
	}
	g, err := a.LoadPolicy(m, p)
	if err != nil || p.ObsNames == nil || slices.Equal(p.ObsNames, m.ObsNames) {
		return g, err
	}
	idx, err := m.ObsIndex(p.ObsNames)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPolicy, err)
	}
	return newSelectedInputs(g, idx, m.ObsDim()), nil
}

// checkInputs refuses a file whose inputs do not agree: as many
// normalization means and deviations as named inputs, and without names
// (the model's own layout) as many as the model's observation. A policy
// taking another number of inputs would fail on its first observation.
func (p *PolicyFile) checkInputs(m *tableenv.Model) error {
	n := len(p.ObsNames)
	if p.ObsNames == nil {
		n = m.ObsDim()
	}
	if len(p.ObsMean) != n || len(p.ObsStd) != n {
		return fmt.Errorf("%w: the policy takes %d inputs, its normalization has %d means and %d deviations", ErrPolicy, n, len(p.ObsMean), len(p.ObsStd))
	}
	return nil
}
