package eval

import (
	"fmt"
	"math"
	"slices"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/tableenv"
)

// Scaling names the knob a rule scales and its actions: +1 and −1 level.
type Scaling struct {
	Knob int // index of the knob in the spec (replicas on TeaStore)
}

// move turns a wish to scale out (+1), in (−1) or hold (0) at levels into
// an action, holding at the knob's lowest and highest level as an
// autoscaler's min and max replicas would.
func (s Scaling) move(m *tableenv.Model, levels []int32, dir int) int {
	return m.MoveAction(levels, s.Knob, dir)
}

// Threshold is step scaling on a utilization, the rule AWS's provisioning
// study compared its learners with: at or above High scale out one level, at
// or below Low scale in one level, else hold. An unknown utilization holds.
type Threshold struct {
	Label     string
	Util      Utilization
	High, Low float64
	Scaling
}

// Decide is the rule on a utilization u: +1 out, −1 in, 0 hold.
func (p *Threshold) Decide(u float64) int {
	switch {
	case u >= p.High:
		return 1
	case u <= p.Low:
		return -1
	}
	return 0 // also for NaN
}

func (p *Threshold) Name() string { return p.Label }
func (*Threshold) Begin(uint64)   {}
func (p *Threshold) Act(env *tableenv.Env, _ []float64, info tableenv.Info) int {
	m := env.Model()
	if m.Dynamic() {
		return env.MoveAction(p.Knob, p.Decide(p.Util.At(info.Row)))
	}
	return p.move(m, m.StateLevels(info.State), p.Decide(p.Util.At(info.Row)))
}

// Target is target tracking as the Kubernetes HPA computes it: desired =
// ceil(current × utilization / Target), no change while the ratio
// utilization / Target is within Tolerance of 1, and — since the table moves
// one level per step — one level toward desired per step.
type Target struct {
	Label             string
	Util              Utilization
	Target, Tolerance float64
	Scaling
	// Cooldown applies under a dynamic spec (baseline_load.go).
	Cooldown
}

// Desired is the HPA's desired knob value for current value cur at
// utilization u; ok is false when it holds (within tolerance, or u unknown).
func (p *Target) Desired(cur, u float64) (desired float64, ok bool) {
	ratio := u / p.Target
	if math.IsNaN(ratio) || math.Abs(ratio-1) <= p.Tolerance {
		return cur, false
	}
	return math.Ceil(cur * ratio), true
}

// Decide is the rule for current value cur at utilization u: +1, −1 or 0.
func (p *Target) Decide(cur, u float64) int {
	d, ok := p.Desired(cur, u)
	switch {
	case !ok || d == cur:
		return 0
	case d > cur:
		return 1
	}
	return -1
}

func (p *Target) Name() string { return p.Label }
func (p *Target) Begin(uint64) { p.begin() }
func (p *Target) Act(env *tableenv.Env, _ []float64, info tableenv.Info) int {
	m := env.Model()
	if m.Dynamic() {
		return p.actDynamic(env, info)
	}
	return p.act(m, m.StateLevels(info.State), p.Util.At(info.Row))
}

// act is the rule's action at levels under utilization u.
func (p *Target) act(m *tableenv.Model, levels []int32, u float64) int {
	return p.move(m, levels, p.Decide(m.KnobValue(levels, p.Knob), u))
}

// Noop never moves: the configuration the episode starts in, kept.
type Noop struct{}

func (Noop) Name() string                                    { return "noop" }
func (Noop) Begin(uint64)                                    {}
func (Noop) Act(*tableenv.Env, []float64, tableenv.Info) int { return 0 }

// knobIndex finds a knob by name.
func knobIndex(m *tableenv.Model, name string) (int, error) {
	names := m.KnobNames()
	if k := slices.Index(names, name); k >= 0 {
		return k, nil
	}
	return 0, fmt.Errorf("%w: no knob %q%s (knobs: %s)", ErrPolicyArg, name, dataset.DidYouMean(name, names), dataset.QuoteList(names))
}
