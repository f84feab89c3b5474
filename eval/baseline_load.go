package eval

import (
	"slices"

	"github.com/tablerl/tablerl/tableenv"
)

// Cooldown holds a rule's scaling back after it scaled, in steps, as
// AWS's scaling policies do: no scale-out within Out steps of the last
// scale-out, no scale-in within In steps of the last scaling of either
// kind (the SageMaker example uses 300 s and 600 s). Zero is no cooldown.
type Cooldown struct {
	Out, In int

	lastOut, lastAny int // steps of the last scale-out and last scaling; -1: none
}

// begin forgets the last episode's scaling.
func (c *Cooldown) begin() { c.lastOut, c.lastAny = -1, -1 }

// allow filters a wish dir (> 0 out, < 0 in) at step, 0 when cooling down.
func (c *Cooldown) allow(dir, step int) int {
	switch {
	case dir > 0 && c.lastOut >= 0 && step-c.lastOut < c.Out:
		return 0
	case dir < 0 && c.lastAny >= 0 && step-c.lastAny < c.In:
		return 0
	}
	return dir
}

// record notes that the rule scaled at step by an action of direction dir.
func (c *Cooldown) record(dir, action, step int) {
	if action == 0 || dir == 0 {
		return
	}
	c.lastAny = step
	if dir > 0 {
		c.lastOut = step
	}
}

// StepScaling is the AWS provisioning study's step-scaling rule: at or
// above Out2 utilization scale out two levels, at or above Out1 one; at or
// below In2 scale in two, at or below In1 one (90, 70, 50 and 30% by
// default). Under a delay it moves the requested level; where the action
// set has no two-level move, it moves one.
type StepScaling struct {
	Label                string
	Util                 Utilization
	Out2, Out1, In1, In2 float64
	Knob                 int
	Cooldown
}

// Decide is the rule on utilization u: +2, +1, 0, −1 or −2 levels.
func (p *StepScaling) Decide(u float64) int {
	switch {
	case u >= p.Out2:
		return 2
	case u >= p.Out1:
		return 1
	case u <= p.In2:
		return -2
	case u <= p.In1:
		return -1
	}
	return 0 // also for NaN
}

func (p *StepScaling) Name() string { return p.Label }
func (p *StepScaling) Begin(uint64) { p.begin() }
func (p *StepScaling) Act(env *tableenv.Env, _ []float64, info tableenv.Info) int {
	dir := p.allow(p.Decide(p.Util.At(info.Row)), env.Steps())
	a := env.MoveAction(p.Knob, dir)
	p.record(dir, a, env.Steps())
	return a
}

// actDynamic is target tracking under a dynamic spec: desired is computed
// from the requested value (changes pending count as made), and the knob
// moves toward the nearest level at or above it by the largest move the
// action set has, within the cooldowns.
func (p *Target) actDynamic(env *tableenv.Env, info tableenv.Info) int {
	m := env.Model()
	levels := m.Levels[p.Knob]
	req := env.Requested(p.Knob)
	d, ok := p.Desired(levels[req], p.Util.At(info.Row))
	if !ok {
		return 0
	}
	want, _ := slices.BinarySearch(levels, d) // the first level ≥ desired
	want = min(want, len(levels)-1)
	dir := p.allow(want-req, env.Steps())
	a := env.MoveAction(p.Knob, dir)
	p.record(dir, a, env.Steps())
	return a
}

// Scheduled is a configuration per time of day fitted on the load series
// (Model.Schedule), requested early enough to be in effect in time.
type Scheduled struct {
	Label string
	Sched []int
}

func (p *Scheduled) Name() string { return p.Label }
func (*Scheduled) Begin(uint64)   {}
func (p *Scheduled) Act(env *tableenv.Env, _ []float64, _ tableenv.Info) int {
	return env.ScheduledAction(p.Sched)
}

// Static requests one configuration and holds it: with Config the best
// static one (tableenv.Yardsticks.StaticConf), what an operator provisions
// for the whole episode.
type Static struct {
	Label  string
	Config int
}

func (p *Static) Name() string { return p.Label }
func (*Static) Begin(uint64)   {}
func (p *Static) Act(env *tableenv.Env, _ []float64, _ tableenv.Info) int {
	return env.TowardAction(p.Config)
}

// DynamicNames name a replay's extra columns under a dynamic spec: "load"
// (with a series), then "replicas_requested" for each knob; none for a
// plain spec.
func DynamicNames(m *tableenv.Model) []string {
	if !m.Dynamic() {
		return nil
	}
	var names []string
	if m.SeriesLen() > 0 {
		names = append(names, "load")
	}
	for _, k := range m.KnobNames() {
		names = append(names, k+"_requested")
	}
	return names
}

// dynamicValues are the DynamicNames values of env's current step.
func dynamicValues(m *tableenv.Model, env *tableenv.Env) []float64 {
	var v []float64
	if m.SeriesLen() > 0 {
		v = append(v, env.Load())
	}
	for k := range m.Spec.Knobs {
		v = append(v, m.Levels[k][env.Requested(k)])
	}
	return v
}
