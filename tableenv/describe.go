package tableenv

import (
	"math"
	"slices"
)

// Description summarizes a Model for reports.
type Description struct {
	Rows int `json:"rows"`
	// Knobs give each knob's column and levels (in the table's units).
	Knobs []KnobDescription `json:"knobs"`
	// Configs is the number of recorded (configuration, context) states, of
	// PossibleConfigs (the knobs' grid times the context tuples).
	Configs         int `json:"configs"`
	PossibleConfigs int `json:"possible_configs"`
	Contexts        int `json:"contexts"`
	// RowsPerConfig: the fewest, median and most rows of a recorded state.
	RowsPerConfig struct {
		Min    int     `json:"min"`
		Median float64 `json:"median"`
		Max    int     `json:"max"`
	} `json:"rows_per_config"`
	// Reward over the table's rows.
	Reward struct {
		Mean float64 `json:"mean"`
		SD   float64 `json:"sd"`
		Min  float64 `json:"min"`
		Max  float64 `json:"max"`
	} `json:"reward"`
	Actions []string `json:"actions"`
	ObsDim  int      `json:"obs_dim"`
	Horizon int      `json:"horizon"`
}

// KnobDescription describes one knob.
type KnobDescription struct {
	Name   string    `json:"name"`
	Column string    `json:"column"`
	Levels []float64 `json:"levels"`
}

// Describe summarizes m.
func Describe(m *Model) Description {
	d := Description{Rows: m.nRows, Configs: m.NumStates(), PossibleConfigs: m.ConfigCount(),
		Contexts: len(m.ctxVals), Actions: m.ActionNames, ObsDim: m.ObsDim(), Horizon: m.Spec.Horizon}
	for k, knob := range m.Spec.Knobs {
		d.Knobs = append(d.Knobs, KnobDescription{Name: knob.Name, Column: knob.Column, Levels: m.Levels[k]})
	}
	counts := make([]int, m.NumStates())
	for s := range counts {
		counts[s] = int(m.rowStart[s+1] - m.rowStart[s])
	}
	slices.Sort(counts)
	d.RowsPerConfig.Min, d.RowsPerConfig.Max = counts[0], counts[len(counts)-1]
	if n := len(counts); n%2 == 1 {
		d.RowsPerConfig.Median = float64(counts[n/2])
	} else {
		d.RowsPerConfig.Median = float64(counts[n/2-1]+counts[n/2]) / 2
	}
	lo, hi, sum := math.Inf(1), math.Inf(-1), 0.0
	for _, r := range m.reward {
		lo, hi, sum = math.Min(lo, r), math.Max(hi, r), sum+r
	}
	d.Reward.Mean, d.Reward.Min, d.Reward.Max = sum/float64(len(m.reward)), lo, hi
	d.Reward.SD = m.RewardSD()
	return d
}
