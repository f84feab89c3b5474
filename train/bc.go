package train

import (
	"fmt"

	"github.com/tablerl/tablerl/tableenv"
)

// BCConfig holds behaviour cloning's parameters: only the base's, the
// budget counting passes over the log (one is all it needs).
type BCConfig struct {
	BaseConfig `yaml:",inline"`
	log        *tableenv.Log
}

// DefaultBCConfig is one pass over the log.
func DefaultBCConfig() BCConfig { return BCConfig{BaseConfig: offlineBase(1)} }

// SetLog hands the config the log to clone.
func (c *BCConfig) SetLog(l *tableenv.Log) { c.log = l }

// Validate reports the first invalid field, by its yaml name.
func (c *BCConfig) Validate() error { return c.BaseConfig.validate("bc") }

// Params lists behaviour cloning's parameters: the base's.
func (c *BCConfig) Params() []Param { return c.BaseConfig.params() }

// BC is tabular behaviour cloning: in each recorded state, the action the
// log took most often there (ties to the lower action; the no-op in a state
// the log never left). Its table holds each state's action shares, the
// estimate of the behaviour policy off-policy evaluation divides by when
// the log has no propensities (tableenv.Log.BehaviourProb).
type BC struct {
	tabular
	cfg BCConfig
}

// NewBC returns a behaviour-cloning learner over cfg's log.
func NewBC(m *tableenv.Model, cfg BCConfig) (*BC, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	l, err := offlineLog("bc", cfg.log, m)
	if err != nil {
		return nil, err
	}
	return &BC{tabular: newTabular(m, l), cfg: cfg}, nil
}

// Algo is "bc".
func (b *BC) Algo() string { return "bc" }

// StepUnit is a pass over the log.
func (b *BC) StepUnit() (int, string) {
	return len(b.log.T), fmt.Sprintf("passes over the log's %d transitions", len(b.log.T))
}

// Iterate reads the log once, setting each (state, action) entry to the
// share of the state's transitions that took the action. Its Loss is the
// share of transitions whose action is not the greedy one.
func (b *BC) Iterate() (Progress, error) {
	m, na := b.m, b.m.NumActions()
	miss := 0
	for s := 0; s < m.NumStates(); s++ {
		for a := 0; a < na; a++ {
			b.q[s*na+a] = b.log.BehaviourProb(s, a)
		}
		if n := b.log.StateCount(s); n > 0 {
			miss += n - b.log.Count(s, Argmax(b.q[s*na:(s+1)*na]))
		}
	}
	b.steps += len(b.log.T)
	b.loss = float64(miss) / float64(len(b.log.T))
	return b.progress(), nil
}

const bcMagic = "tablerl/bc/1"

// MarshalBinary saves the learner's state.
func (b *BC) MarshalBinary() ([]byte, error) { return b.marshal(bcMagic, &b.cfg.BaseConfig) }

// UnmarshalBinary restores a state MarshalBinary saved, on the same table.
func (b *BC) UnmarshalBinary(data []byte) error {
	cfg := b.cfg
	if err := b.unmarshal(data, bcMagic, &cfg.BaseConfig); err != nil {
		return err
	}
	b.cfg = cfg
	return nil
}
