package eval

import (
	"math"

	"github.com/tablerl/tablerl/tableenv"
)

// ReplayStep is one step of a replayed episode, in the table's own units.
type ReplayStep struct {
	Step   int
	Action string // the action's name: "noop", "+replicas", …
	// Knobs are the configuration after the step, in the table's units (replicas,
	// millicores, MB — not levels), in spec order.
	Knobs []float64
	// Metrics are the drawn row's metric columns (Model.MetricNames order);
	// NaN where the cell is null.
	Metrics []float64
	Reward  float64
	Return  float64 // cumulative reward up to and including this step
	Valid   bool    // false when the move hit an unrecorded configuration
	Row     int     // the drawn row (after an invalid move: the row still in force)
	// Dynamic are, under a dynamic spec, the load (with a series) and each
	// knob's requested value (DynamicNames); nil for a plain spec.
	Dynamic []float64
}

// NewReplayStep is a step of a Run in the table's units, as replay and
// sample -v show it. After an invalid move the metrics are NaN (shown "-"):
// the state stays and no row is drawn, so nothing was measured at that step;
// the row still in force was measured the step before, and the step's
// reward is the spec's penalty, not that row's. Repeating its metrics would
// read as a second measurement.
func NewReplayStep(m *tableenv.Model, s StepRecord) ReplayStep {
	rs := ReplayStep{
		Step:    s.Step,
		Action:  m.ActionNames[s.Action],
		Knobs:   m.KnobValues(s.Info.State, nil),
		Metrics: append([]float64(nil), s.Info.Metrics...),
		Reward:  s.Reward,
		Return:  s.Return,
		Valid:   s.Info.Valid,
		Row:     s.Info.Row,
	}
	if m.Dynamic() {
		rs.Dynamic = dynamicValues(m, s.Env)
	}
	if !rs.Valid && !m.Dynamic() { // a dynamic step draws a row even so
		for i := range rs.Metrics {
			rs.Metrics[i] = math.NaN()
		}
	}
	return rs
}

// Replay plays one episode of p (episode 0 of a Run with cfg's seed and start
// row, so it meets the same draws as an eval) and returns its steps, calling
// on, if set, after each one.
func Replay(m *tableenv.Model, p Policy, cfg RunConfig, on func(ReplayStep)) []ReplayStep {
	steps := make([]ReplayStep, 0, m.Horizon())
	cfg.Episodes = 1
	cfg.OnStep = func(s StepRecord) {
		rs := NewReplayStep(m, s)
		steps = append(steps, rs)
		if on != nil {
			on(rs)
		}
	}
	Run(m, p, cfg)
	return steps
}
