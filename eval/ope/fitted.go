package ope

import (
	"slices"

	"github.com/tablerl/tablerl/tableenv"
)

// fitFQE is fitted Q evaluation, tabular and finite-horizon: with left
// steps to go, Q(s, a) is the weighted mean over the logged transitions
// from s by a of r + V(next row) with left − 1 to go, V(row) = Σ_a π(a |
// row) Q(s_row, a). A pair the log never took is valued by what the action
// does by definition (see unseen). w weighs each episode of d (a bootstrap's
// multiplicities). It returns Q for every left, left-major (H × S × A), and
// the value, the weighted mean of V over the episodes' first rows.
func fitFQE(d *Data, p *Policy, w []float64) (q []float64, value float64) {
	m := d.Log.Model()
	n, ns, na, h := m.NumRows(), m.NumStates(), m.NumActions(), m.Horizon()
	q = make([]float64, h*ns*na)
	v, nv := make([]float64, n), make([]float64, n) // V with left − 1 and left to go
	sum, wsum := make([]float64, ns*na), make([]float64, ns*na)
	arrive := make([]float64, ns)
	for e, ep := range d.Episodes {
		for _, t := range ep {
			wsum[int(t.State)*na+int(t.Action)] += w[e]
		}
	}
	anyUnseen := slices.Contains(wsum, 0)
	for left := 1; left <= h; left++ {
		clear(sum)
		for e, ep := range d.Episodes {
			we := w[e]
			if we == 0 {
				continue
			}
			for k := range ep {
				t := &ep[k]
				sum[int(t.State)*na+int(t.Action)] += we * (t.Reward + v[t.Next])
			}
		}
		if anyUnseen {
			for s := 0; s < ns; s++ {
				arrive[s] = meanArrival(m, s, v)
			}
		}
		ql := q[(left-1)*ns*na : left*ns*na]
		for i := range ql {
			if wsum[i] > 0 {
				ql[i] = sum[i] / wsum[i]
			} else {
				ql[i] = unseen(m, i/na, i%na, arrive)
			}
		}
		if act := p.actions(left); act != nil {
			for r, a := range act {
				nv[r] = ql[m.StateOf(r)*na+int(a)]
			}
		} else {
			for r := 0; r < n; r++ {
				i := m.StateOf(r) * na
				nv[r] = p.value(r, left, ql[i:i+na])
			}
		}
		v, nv = nv, v
	}
	return q, startMean(d, v, w)
}

// fitModel is the model-based estimate: the table model rebuilt from the
// log, each (state, action) leading to the next states the log saw it
// reach, in their logged proportions, a state's arrival drawing one of its
// rows as the table model does; a pair the log never took is valued by
// what the action does by definition (see unseen). w weighs each episode.
func fitModel(d *Data, p *Policy, w []float64) float64 {
	m := d.Log.Model()
	ns, na := m.NumStates(), m.NumActions()
	// succ[s×na+a] holds the logged next states and their weights.
	type arc struct {
		to int32
		w  float64
	}
	succ := make([][]arc, ns*na)
	total := make([]float64, ns*na)
	for e, ep := range d.Episodes {
		if w[e] == 0 {
			continue
		}
		for _, t := range ep {
			i := int(t.State)*na + int(t.Action)
			total[i] += w[e]
			if m.Next(int(t.State), int(t.Action)) < 0 && t.NextState == t.State {
				continue // a logged invalid move: it is the penalty, below
			}
			arcs := succ[i]
			j := 0
			for j < len(arcs) && arcs[j].to != t.NextState {
				j++
			}
			if j == len(arcs) {
				arcs = append(arcs, arc{to: t.NextState})
			}
			arcs[j].w += w[e]
			succ[i] = arcs
		}
	}
	v := rowValues(m, p, func(arrive, move, stay []float64) {
		for i := range move {
			if total[i] == 0 {
				if t := m.Next(i/na, i%na); t >= 0 {
					move[i], stay[i] = arrive[t], 0
				} else {
					move[i], stay[i] = 0, 1
				}
				continue
			}
			var val, moved float64
			for _, c := range succ[i] {
				val += c.w * arrive[c.to]
				moved += c.w
			}
			// The logged invalid moves' share: the penalty, staying.
			move[i], stay[i] = val/total[i], (total[i]-moved)/total[i]
		}
	})
	return startMean(d, v, w)
}

// meanArrival is the mean over state s's rows of reward + v: the value of
// arriving in s, a row drawn uniformly as the table model does.
func meanArrival(m *tableenv.Model, s int, v []float64) float64 {
	rows := m.StateRows(s)
	var sum float64
	for _, r := range rows {
		sum += m.Reward(int(r)) + v[r]
	}
	return sum / float64(len(rows))
}

// unseen values a (state, action) pair the log never took by what the
// action does by its definition in the spec, which is no estimate: the
// no-op keeps the configuration, a move goes one level along its knob to
// the recorded configuration there, valued as an arrival there (the log
// holds its rows), and a move off the recorded grid is the spec's penalty,
// staying. Counting every unseen pair as invalid instead was measured on
// TeaStore's log to put FQE 85 below the optimal policy's exact value: the
// optimum holds with no-ops in states the log never held in.
func unseen(m *tableenv.Model, s, a int, arrive []float64) float64 {
	if t := m.Next(s, a); t >= 0 {
		return arrive[t]
	}
	return m.Spec.InvalidPenalty + arrive[s] - m.MeanReward(s) // the state's mean value, no reward
}

// startMean is the w-weighted mean of v over the episodes' first rows.
func startMean(d *Data, v, w []float64) float64 {
	var s, ws float64
	for e, ep := range d.Episodes {
		s += w[e] * v[ep[0].Row]
		ws += w[e]
	}
	return s / ws
}

// qAt is Q with left steps to go, from fitFQE's table.
func qAt(m *tableenv.Model, q []float64, left, s, a int) float64 {
	ns, na := m.NumStates(), m.NumActions()
	return q[((left-1)*ns+s)*na+a]
}
