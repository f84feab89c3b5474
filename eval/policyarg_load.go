package eval

import (
	"errors"
	"fmt"

	"github.com/tablerl/tablerl/tableenv"
)

// cooldown reads the cooldown_out and cooldown_in keys: whole steps, 0 or more.
func (rp *ruleParams) cooldown(arg string) (Cooldown, error) {
	var c Cooldown
	for _, k := range []struct {
		key string
		dst *int
	}{{"cooldown_out", &c.Out}, {"cooldown_in", &c.In}} {
		v, ok := rp.nums[k.key]
		if !ok {
			continue
		}
		if v < 0 || v != float64(int(v)) || v > 1e6 {
			return c, fmt.Errorf("%w %q: %s=%g: want a whole number of steps, 0 or more", ErrPolicyArg, arg, k.key, v)
		}
		*k.dst = int(v)
	}
	c.begin()
	return c, nil
}

func newStepScaling(arg string, u Utilization, knob int, nums map[string]float64, cd Cooldown) (Policy, error) {
	p := &StepScaling{Label: arg, Util: u, Knob: knob, Out2: nums["out2"], Out1: nums["out1"], In1: nums["in1"], In2: nums["in2"], Cooldown: cd}
	if !(p.In2 <= p.In1 && p.In1 < p.Out1 && p.Out1 <= p.Out2) {
		return nil, fmt.Errorf("%w %q: want in2 ≤ in1 < out1 ≤ out2, got %g, %g, %g, %g", ErrPolicyArg, arg, p.In2, p.In1, p.Out1, p.Out2)
	}
	return p, nil
}

// newPlanned builds the scheduled and static policies of a dynamic spec.
func newPlanned(arg, kind, params string, src Source) (Policy, error) {
	if err := noParams(arg, params); err != nil {
		return nil, err
	}
	m := src.Model
	if !m.Dynamic() {
		return nil, fmt.Errorf("%w %q: needs a spec with load: or delay: (a plain spec's static best is its optimal policy's)", ErrPolicyArg, arg)
	}
	if kind == "scheduled" {
		sched := m.Schedule()
		if sched == nil {
			return nil, fmt.Errorf("%w %q: needs a spec with load: (the schedule is fitted on its series)", ErrPolicyArg, arg)
		}
		return &Scheduled{Label: arg, Sched: sched}, nil
	}
	sol := src.Solution
	if sol == nil {
		sol = tableenv.Solve(m)
	}
	if sol.Yardsticks == nil {
		return nil, fmt.Errorf("%w %q: the problem is too large to find its best static configuration exactly", ErrPolicyArg, arg)
	}
	return &Static{Label: arg, Config: sol.Yardsticks.StaticConf}, nil
}

// ErrNotLive marks a policy that cannot decide live: it decides from its
// episode's own time (a schedule, cooldowns), which a live request does not carry.
var ErrNotLive = errors.New("not a live policy")

// episodeOnly is such a policy, as a LivePolicy whose live decisions fail
// with ErrNotLive.
type episodeOnly struct{ Policy }

func (episodeOnly) LiveInputs() LiveInputs { return LiveInputs{} }

func (p episodeOnly) DecideLive(*tableenv.Model, *tableenv.Placement, tableenv.Live) (int, Scores, error) {
	return 0, Scores{}, fmt.Errorf("%w: %s decides from its episode's time and cooldowns, which a live decision does not carry", ErrNotLive, p.Name())
}
