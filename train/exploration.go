package train

// Exploration is the ε-greedy schedule DQN and tabular Q-learning share,
// inline in their configs: ε decays linearly from EpsStart to EpsEnd over
// the first EpsFraction of the budget, then stays at EpsEnd.
type Exploration struct {
	EpsStart    float64 `yaml:"eps_start" json:"eps_start"`
	EpsEnd      float64 `yaml:"eps_end" json:"eps_end"`
	EpsFraction float64 `yaml:"eps_fraction" json:"eps_fraction"`
}

// epsilon is the exploration rate after steps of a budget of total.
func (e *Exploration) epsilon(steps, total int) float64 {
	return dqnLinear(e.EpsStart, e.EpsEnd, float64(steps)/(e.EpsFraction*float64(total)))
}

func (e *Exploration) validate(algo string) error {
	prob := func(x float64) bool { return x >= 0 && x <= 1 }
	switch {
	case !prob(e.EpsStart) || !prob(e.EpsEnd):
		return paramError(algo, "eps_start/eps_end", "must be in [0, 1]")
	case !(e.EpsFraction > 0 && e.EpsFraction <= 1):
		return paramError(algo, "eps_fraction", "must be in (0, 1]")
	}
	return nil
}

func (e *Exploration) params() []Param {
	return []Param{
		{Name: "eps_start", Usage: "initial exploration rate", Value: (*floatValue)(&e.EpsStart)},
		{Name: "eps_end", Usage: "final exploration rate", Value: (*floatValue)(&e.EpsEnd)},
		{Name: "eps_fraction", Usage: "share of the budget over which exploration decays", Value: (*floatValue)(&e.EpsFraction)},
	}
}
