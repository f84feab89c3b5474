package eval

import (
	"errors"
	"fmt"
	"math"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/tableenv"
)

// ErrPlotArg marks a plot request that cannot be drawn: an unknown knob, the
// same knob on both axes, an unknown aggregation, nothing to plot.
var ErrPlotArg = errors.New("bad plot argument")

// RewardGrid is the per-configuration mean reward over two knobs, the other
// knobs (and context) aggregated.
//
// A configuration's reward is the mean reward of all its rows, whatever their
// context. Agg then folds the configurations that share an (X, Y) cell:
// "max" is the best over the other knobs — what the cell can achieve when the
// other knobs are set well — and "mean" is the unweighted mean over the
// recorded configurations, so a configuration counts once however many rows
// were recorded for it (recording density is an artefact of the experiment,
// not a property of the system).
type RewardGrid struct {
	XName, YName string
	X, Y         []float64   // levels in table units, ascending
	Z            [][]float64 // Z[j][i] at Y[j], X[i]; NaN where no configuration was recorded
	Agg          string      // "max" or "mean"
	Over         []string    // the aggregated knobs, in spec order
}

// NewRewardGrid builds the reward grid of m over knobs xKnob and yKnob with
// aggregation agg ("max", the default when "", or "mean"). An empty xKnob is
// the first knob, an empty yKnob the first knob other than xKnob.
func NewRewardGrid(m *tableenv.Model, xKnob, yKnob, agg string) (*RewardGrid, error) {
	names := knobNames(m)
	if len(names) < 2 {
		return nil, fmt.Errorf("%w: a heat map needs two knobs; the spec has %d (%s)", ErrPlotArg, len(names), dataset.QuoteList(names))
	}
	switch agg {
	case "":
		agg = "max"
	case "max", "mean":
	default:
		return nil, fmt.Errorf("%w: unknown aggregation %q (want max or mean)", ErrPlotArg, agg)
	}
	xk, err := gridKnob(names, xKnob, -1)
	if err != nil {
		return nil, err
	}
	yk, err := gridKnob(names, yKnob, xk)
	if err != nil {
		return nil, err
	}
	if xk == yk {
		return nil, fmt.Errorf("%w: knob %q is on both axes; choose two of %s", ErrPlotArg, names[xk], dataset.QuoteList(names))
	}
	g := &RewardGrid{XName: names[xk], YName: names[yk], Agg: agg,
		X: append([]float64(nil), m.Levels[xk]...), Y: append([]float64(nil), m.Levels[yk]...)}
	for k, n := range names {
		if k != xk && k != yk {
			g.Over = append(g.Over, n)
		}
	}
	nx, ny := len(g.X), len(g.Y)
	sum, cnt := make([]float64, nx*ny), make([]int, nx*ny)
	for i := range sum {
		sum[i] = math.Inf(-1) // the max's identity; mean resets it on first use
	}
	for _, c := range configRewards(m) {
		cell := int(c.levels[yk])*nx + int(c.levels[xk])
		switch {
		case agg == "max":
			sum[cell] = math.Max(sum[cell], c.reward)
		case cnt[cell] == 0:
			sum[cell] = c.reward
		default:
			sum[cell] += c.reward
		}
		cnt[cell]++
	}
	g.Z = make([][]float64, ny)
	for j := range g.Z {
		g.Z[j] = make([]float64, nx)
		for i := range g.Z[j] {
			cell := j*nx + i
			switch {
			case cnt[cell] == 0:
				g.Z[j][i] = math.NaN()
			case agg == "mean":
				g.Z[j][i] = sum[cell] / float64(cnt[cell])
			default:
				g.Z[j][i] = sum[cell]
			}
		}
	}
	return g, nil
}

// gridKnob finds name among names; "" is the first knob other than skip.
func gridKnob(names []string, name string, skip int) (int, error) {
	for k, n := range names {
		if (name == "" && k != skip) || n == name {
			return k, nil
		}
	}
	return -1, fmt.Errorf("%w: unknown knob %q%s; the knobs are %s", ErrPlotArg, name, dataset.DidYouMean(name, names), dataset.QuoteList(names))
}

// configReward is one configuration's levels and the mean reward of its rows.
type configReward struct {
	levels []int32
	reward float64
}

// configRewards pools each configuration's states (one per context) into the
// mean over all its rows: the states' means weighted by their row counts.
func configRewards(m *tableenv.Model) []configReward {
	index := map[string]int{}
	var out []configReward
	var rows []int
	for s := 0; s < m.NumStates(); s++ {
		lv := m.StateLevels(s)
		key := fmt.Sprint(lv)
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			out = append(out, configReward{levels: lv})
			rows = append(rows, 0)
		}
		n := len(m.StateRows(s))
		out[i].reward += m.MeanReward(s) * float64(n)
		rows[i] += n
	}
	for i := range out {
		out[i].reward /= float64(rows[i])
	}
	return out
}
