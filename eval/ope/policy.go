package ope

import (
	"github.com/tablerl/tablerl/eval"
	"github.com/tablerl/tablerl/tableenv"
)

// Policy is a target policy's action probabilities at every row and number
// of steps left: π(a | row, left), left from 1 to the horizon.
type Policy struct {
	Name    string
	m       *tableenv.Model
	uniform bool
	// act is the deterministic action per row, or, when byLeft, per
	// (left−1) × rows + row.
	act    []uint8
	byLeft bool
	// probs, when set, are π(a | state), NumStates × NumActions.
	probs []float64
}

// Behaviour is the log's behaviour-cloning estimate of its logging policy:
// in each state the share of the state's logged transitions taking each
// action (uniform in a state the log never left). Its exact value is the
// logged behaviour's value, the bar an offline learner must clear.
func Behaviour(l *tableenv.Log) *Policy {
	m := l.Model()
	ns, na := m.NumStates(), m.NumActions()
	p := &Policy{Name: "behaviour", m: m, probs: make([]float64, ns*na)}
	for s := 0; s < ns; s++ {
		for a := 0; a < na; a++ {
			p.probs[s*na+a] = l.BehaviourProb(s, a)
			if l.StateCount(s) == 0 {
				p.probs[s*na+a] = 1 / float64(na)
			}
		}
	}
	return p
}

// NewPolicy tabulates p's decisions over m's rows: a uniformly random
// policy by its probabilities, a trained greedy policy once per distinct
// observation, the exact optimal policy per state and steps left, any other
// (rules, decision tables) by asking it at every row and step, the
// environment placed there without stepping.
func NewPolicy(m *tableenv.Model, sol *tableenv.Solution, p eval.Policy) *Policy {
	n, h := m.NumRows(), m.Horizon()
	out := &Policy{Name: p.Name(), m: m}
	switch u := eval.Unwrap(p).(type) {
	case *eval.Random:
		out.uniform = true
	case *eval.Greedy:
		byObs := make([]uint8, m.NumDistinctObs())
		for i := range byObs {
			byObs[i] = uint8(u.Policy.Act(m.DistinctObs(i)))
		}
		out.act = make([]uint8, n)
		for r := range out.act {
			out.act[r] = byObs[m.DistinctObsOf(r)]
		}
	case *eval.Optimal:
		out.byLeft, out.act = true, make([]uint8, h*n)
		for left := 1; left <= h; left++ {
			for r := 0; r < n; r++ {
				out.act[(left-1)*n+r] = uint8(u.Solution.Action(m.StateOf(r), left))
			}
		}
	default:
		env := m.NewEnv(0)
		p.Begin(0)
		out.byLeft, out.act = true, make([]uint8, h*n)
		for left := 1; left <= h; left++ {
			for r := 0; r < n; r++ {
				info := env.Place(r, h-left)
				out.act[(left-1)*n+r] = uint8(p.Act(env, m.Observation(r), info))
			}
		}
	}
	return out
}

// Prob is π(a | row, left).
func (p *Policy) Prob(row, left, a int) float64 {
	if p.probs != nil {
		return p.probs[p.m.StateOf(row)*p.m.NumActions()+a]
	}
	if p.uniform {
		return 1 / float64(p.m.NumActions())
	}
	if p.Action(row, left) == a {
		return 1
	}
	return 0
}

// Action is a deterministic policy's action (−1 for a stochastic one).
func (p *Policy) Action(row, left int) int {
	switch {
	case p.uniform || p.probs != nil:
		return -1
	case p.byLeft:
		return int(p.act[(left-1)*p.m.NumRows()+row])
	}
	return int(p.act[row])
}

// value is Σ_a π(a | row, left) · qs[a], qs one value per action.
func (p *Policy) value(row, left int, qs []float64) float64 {
	switch {
	case p.probs != nil:
		pr := p.probs[p.m.StateOf(row)*len(qs):]
		var sum float64
		for a, q := range qs {
			if pr[a] > 0 {
				sum += pr[a] * q
			}
		}
		return sum
	case p.uniform:
		var sum float64
		for _, q := range qs {
			sum += q
		}
		return sum / float64(len(qs))
	}
	return qs[p.Action(row, left)]
}

// actions is a deterministic policy's action per row with left steps to
// go (a view), nil for a stochastic one: the fast path of the estimators'
// inner loops.
func (p *Policy) actions(left int) []uint8 {
	switch {
	case p.uniform || p.probs != nil:
		return nil
	case p.byLeft:
		n := p.m.NumRows()
		return p.act[(left-1)*n : left*n]
	}
	return p.act
}
