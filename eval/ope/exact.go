package ope

import "github.com/tablerl/tablerl/tableenv"

// Exact is p's exact expected return over the horizon in the table model,
// averaged over episodes starting at the given rows: backward induction
// over rows, as train.GreedyReturn, with p's probabilities at each row and
// number of steps left. It costs O(horizon × (rows + states × actions)).
func Exact(m *tableenv.Model, p *Policy, starts []int) float64 {
	ns, na := m.NumStates(), m.NumActions()
	v := rowValues(m, p, func(arrive, move, stay []float64) {
		for s := 0; s < ns; s++ {
			for a := 0; a < na; a++ {
				i := s*na + a
				if t := m.Next(s, a); t >= 0 {
					move[i], stay[i] = arrive[t], 0
				} else {
					move[i], stay[i] = 0, 1
				}
			}
		}
	})
	var sum float64
	for _, r := range starts {
		sum += v[r]
	}
	return sum / float64(len(starts))
}

// rowValues runs a finite-horizon backward induction over m's rows under p
// and returns each row's value with the whole horizon left. With each
// number of steps left, dynamics fills, per (state, action), the value of
// moving (from arrive: per state the mean over its rows of reward + value
// with one step less) and the share of staying put at the invalid-move
// penalty; they are where the exact model and the log's differ. A row's
// value is then Σ_a π(a | row) (move + stay · (penalty + its value with one
// step less)).
func rowValues(m *tableenv.Model, p *Policy, dynamics func(arrive, move, stay []float64)) []float64 {
	n, ns, na := m.NumRows(), m.NumStates(), m.NumActions()
	pen := m.Spec.InvalidPenalty
	v, nv := make([]float64, n), make([]float64, n)
	arrive := make([]float64, ns)
	move, stay := make([]float64, ns*na), make([]float64, ns*na)
	for left := 1; left <= m.Horizon(); left++ {
		for s := 0; s < ns; s++ {
			arrive[s] = meanArrival(m, s, v)
		}
		dynamics(arrive, move, stay)
		if act := p.actions(left); act != nil {
			for r, a := range act {
				i := m.StateOf(r)*na + int(a)
				nv[r] = move[i]
				if stay[i] != 0 {
					nv[r] += stay[i] * (pen + v[r])
				}
			}
			v, nv = nv, v
			continue
		}
		for r := 0; r < n; r++ {
			i := m.StateOf(r) * na
			nv[r] = p.value(r, left, move[i:i+na])
			if st := p.value(r, left, stay[i:i+na]); st != 0 {
				nv[r] += st * (pen + v[r])
			}
		}
		v, nv = nv, v
	}
	return v
}
