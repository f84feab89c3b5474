package eval

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/tablerl/tablerl/tableenv"
	"github.com/tablerl/tablerl/train"
)

// Losses says where a deterministic policy falls short of the optimum over
// episodes that start from a uniformly drawn row: each state's exact loss,
// its optimal value less the policy's, weighted by its share of the rows.
// The losses add up to the optimum less the policy's return, so summed by
// context they tell which loads a policy gets wrong, and the worst states
// show the configurations it leaves or never reaches.
type Losses struct {
	// Return, Optimal and Random are the exact returns from a uniformly
	// drawn row; Normalized is the policy's normalized score.
	Return, Optimal, Random, Normalized float64
	// ByContext sums the losses per context tuple, in the model's order of
	// first appearance (one entry, with no context values, without context).
	ByContext []ContextLoss
	// Worst are the states of largest loss, largest first.
	Worst []StateLoss
}

// ContextLoss is the loss of the states of one context tuple.
type ContextLoss struct {
	Context []float64
	// Loss is in return units; Points in normalized-score points (NaN
	// where the optimum equals the random return).
	Loss, Points float64
}

// StateLoss is one state's share of the loss.
type StateLoss struct {
	State int
	// Config is the state's configuration in the table's units, Context its
	// context values.
	Config, Context []float64
	// Optimal and Policy are the exact returns of a full episode from the
	// state; Loss and Points its row-weighted share of the shortfall.
	Optimal, Policy, Loss, Points float64
	// Action is the policy's most frequent action over the state's rows,
	// OptimalAction the optimum's first action there.
	Action, OptimalAction string
}

// PolicyLosses decomposes g's shortfall in m, with its top worst states.
func PolicyLosses(m *tableenv.Model, sol *tableenv.Solution, g train.Greedy, top int) *Losses {
	v := train.StateValues(m, g)
	l := &Losses{Optimal: sol.OptimalReturn(-1), Random: sol.RandomReturn(-1)}
	rows := float64(m.NumRows())
	scale := l.Optimal - l.Random
	points := func(loss float64) float64 { return tableenv.NormalizedScore(l.Random+scale-loss, l.Random, l.Optimal) }
	states := make([]StateLoss, m.NumStates())
	ctxIndex := map[string]int{}
	for s := range states {
		w := float64(len(m.StateRows(s))) / rows
		l.Return += w * v[s]
		loss := w * (sol.StateValue(s) - v[s])
		states[s] = StateLoss{State: s, Context: m.StateContext(s), Optimal: sol.StateValue(s), Policy: v[s], Loss: loss}
		key := fmt.Sprint(states[s].Context)
		i, ok := ctxIndex[key]
		if !ok {
			i = len(l.ByContext)
			ctxIndex[key] = i
			l.ByContext = append(l.ByContext, ContextLoss{Context: states[s].Context})
		}
		l.ByContext[i].Loss += loss
	}
	l.Normalized = tableenv.NormalizedScore(l.Return, l.Random, l.Optimal)
	for i := range l.ByContext {
		l.ByContext[i].Points = 100 - points(l.ByContext[i].Loss)
	}
	slices.SortStableFunc(states, func(a, b StateLoss) int { return cmp.Compare(b.Loss, a.Loss) })
	l.Worst = states[:min(max(top, 0), len(states))]
	for i := range l.Worst {
		st := &l.Worst[i]
		st.Points = 100 - points(st.Loss)
		st.Config = m.KnobValues(st.State, nil)
		st.Action = m.ActionNames[commonAction(m, g, st.State)]
		st.OptimalAction = m.ActionNames[sol.Action(st.State, m.Horizon())]
	}
	return l
}

// commonAction is g's most frequent action over state s's rows (the lowest
// on ties).
func commonAction(m *tableenv.Model, g train.Greedy, s int) int {
	count := make([]int, m.NumActions())
	for _, r := range m.StateRows(s) {
		count[g.Act(m.Observation(int(r)))]++
	}
	best := 0
	for a, c := range count {
		if c > count[best] {
			best = a
		}
	}
	return best
}

// ConfigText names a configuration in the table's units: "replicas=3 cpu=500".
func ConfigText(m *tableenv.Model, config []float64) string {
	parts := make([]string, len(config))
	for k, v := range config {
		parts[k] = fmt.Sprintf("%s=%g", m.Spec.Knobs[k].Name, v)
	}
	return strings.Join(parts, " ")
}
