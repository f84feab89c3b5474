package eval

import (
	"math"
	"testing"

	"github.com/tablerl/tablerl/tableenv"
	"github.com/tablerl/tablerl/train"
)

// fixedAction is a train.Greedy that always takes one action.
type fixedAction int

func (a fixedAction) Act([]float64) int { return int(a) }

func TestPolicyLosses(t *testing.T) {
	m := demoModel(t)
	sol := tableenv.Solve(m)
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*(1+math.Abs(b)) }
	for _, a := range []int{0, 1, 4} { // noop, +replicas, +cpu
		g := fixedAction(a)
		l := PolicyLosses(m, sol, g, 5)
		if want := train.GreedyReturn(m, g, -1); !near(l.Return, want) {
			t.Errorf("action %d: return %v, GreedyReturn %v", a, l.Return, want)
		}
		var loss, points float64
		for _, c := range l.ByContext {
			loss += c.Loss
			points += c.Points
		}
		if !near(loss, l.Optimal-l.Return) || !near(points, 100-l.Normalized) {
			t.Errorf("action %d: losses add to %v (%v points), want %v (%v points)", a, loss, points, l.Optimal-l.Return, 100-l.Normalized)
		}
		if len(l.Worst) != 5 {
			t.Fatalf("action %d: %d worst states, want 5", a, len(l.Worst))
		}
		for i, st := range l.Worst {
			if i > 0 && st.Loss > l.Worst[i-1].Loss {
				t.Errorf("action %d: worst states out of order at %d", a, i)
			}
			if st.Action != m.ActionNames[a] || !near(st.Optimal, sol.StateValue(st.State)) {
				t.Errorf("action %d: state %d: action %s, optimal %v", a, st.State, st.Action, st.Optimal)
			}
		}
	}
	// Staying put from state s earns its mean reward at every step.
	l := PolicyLosses(m, sol, fixedAction(0), m.NumStates())
	for _, st := range l.Worst {
		if want := float64(m.Horizon()) * m.MeanReward(st.State); !near(st.Policy, want) {
			t.Fatalf("noop from state %d: %v, want horizon × mean reward %v", st.State, st.Policy, want)
		}
	}
}
