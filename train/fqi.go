package train

import (
	"fmt"
	"math"

	"github.com/tablerl/tablerl/tableenv"
)

// FQIConfig holds tabular fitted Q iteration's parameters; its budget
// counts sweeps over the log.
type FQIConfig struct {
	BaseConfig `yaml:",inline"`
	// Gamma discounts the bootstrapped target (< 1: the greedy policy is
	// stationary, the fixed point finite).
	Gamma float64 `yaml:"gamma" json:"gamma"`
	log   *tableenv.Log
}

// DefaultFQIConfig is 200 sweeps at γ = 0.9, qtable's discount: 0.9^200 is
// 10⁻⁹, the fixed point reached.
func DefaultFQIConfig() FQIConfig { return FQIConfig{BaseConfig: offlineBase(200), Gamma: 0.9} }

// SetLog hands the config the log to learn from.
func (c *FQIConfig) SetLog(l *tableenv.Log) { c.log = l }

// Validate reports the first invalid field, by its yaml name.
func (c *FQIConfig) Validate() error {
	if err := c.BaseConfig.validate("fqi"); err != nil {
		return err
	}
	if !(c.Gamma >= 0 && c.Gamma < 1) {
		return paramError("fqi", "gamma", "must be in [0, 1)")
	}
	return nil
}

// Params lists fitted Q iteration's parameters, the base's first.
func (c *FQIConfig) Params() []Param {
	return append(c.BaseConfig.params(),
		Param{Name: "gamma", Usage: "discount of the bootstrapped target, in [0, 1)", Value: (*floatValue)(&c.Gamma)})
}

// FQI is tabular fitted Q iteration (Ernst et al. 2005) over the log: each
// sweep sets Q(s, a) to the mean over the logged transitions from s by a of
// r + γ·max Q(s′, ·). A (state, action) pair the log never took counts as
// an invalid move — the spec's penalty, staying put — so that the greedy
// policy does not bet on moves it has no evidence for.
type FQI struct {
	tabular
	cfg  FQIConfig
	next []float64 // scratch: the next sweep's table
}

// NewFQI returns a fitted-Q-iteration learner over cfg's log.
func NewFQI(m *tableenv.Model, cfg FQIConfig) (*FQI, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	l, err := offlineLog("fqi", cfg.log, m)
	if err != nil {
		return nil, err
	}
	f := &FQI{tabular: newTabular(m, l), cfg: cfg}
	f.next = make([]float64, len(f.q))
	return f, nil
}

// Algo is "fqi".
func (f *FQI) Algo() string { return "fqi" }

// StepUnit is a sweep.
func (f *FQI) StepUnit() (int, string) { return 1, "sweeps over the log" }

// Iterate does one sweep; its Loss is the largest change of an entry.
func (f *FQI) Iterate() (Progress, error) {
	m, na, g := f.m, f.m.NumActions(), f.cfg.Gamma
	clear(f.next)
	for i := range f.log.T {
		t := &f.log.T[i]
		ns := int(t.NextState)
		f.next[int(t.State)*na+int(t.Action)] += t.Reward + g*f.q[ns*na+Argmax(f.q[ns*na:(ns+1)*na])]
	}
	pen := m.Spec.InvalidPenalty
	var change float64
	for s := 0; s < m.NumStates(); s++ {
		stay := pen + g*f.q[s*na+Argmax(f.q[s*na:(s+1)*na])]
		for a := 0; a < na; a++ {
			e := &f.next[s*na+a]
			if n := f.log.Count(s, a); n > 0 {
				*e /= float64(n)
			} else {
				*e = stay
			}
			change = math.Max(change, math.Abs(*e-f.q[s*na+a]))
		}
	}
	f.q, f.next = f.next, f.q
	f.steps++
	f.loss = change
	return f.progress(), nil
}

const fqiMagic = "tablerl/fqi/1"

// MarshalBinary saves the learner's state.
func (f *FQI) MarshalBinary() ([]byte, error) { return f.marshal(fqiMagic, &f.cfg) }

// UnmarshalBinary restores a state MarshalBinary saved, on the same table.
func (f *FQI) UnmarshalBinary(data []byte) error {
	cfg := f.cfg
	if err := f.unmarshal(data, fqiMagic, &cfg); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("train: the fqi checkpoint's config: %w", err)
	}
	cfg.log = f.cfg.log
	f.cfg = cfg
	return nil
}
