package tableenv

import "math"

// Solution is the exact solution of a Model's finite-horizon problem.
type Solution struct {
	m *Model
	// optimal and random are the expected returns of the full horizon from each state.
	optimal, random []float64
	// policy[(h-1)*S+s] is the optimal action with h steps left in state s.
	policy []uint8
	// Yardsticks are a dynamic spec's exact values (nil for a plain spec,
	// or when too large to solve).
	Yardsticks *Yardsticks
}

// Solve computes, by backward induction over the recorded states, the optimal
// expected return of every state over the spec's horizon, the expected return
// of the uniformly random policy, and an optimal policy (ties broken toward the
// lower action id, so the policy is deterministic). Its cost is
// O(horizon × states × actions).
//
// For a dynamic spec the values are the clairvoyant optimum's and the random
// policy's over the pipelines of pending changes and the load series
// (SolveDynamic); the Solution then has no policy (Action panics) and, when
// the problem is too large to solve exactly, its returns are NaN.
func Solve(m *Model) *Solution {
	if m.dyn != nil {
		return solveDynamic(m)
	}
	ns, na, h := m.NumStates(), m.nActions, m.Spec.Horizon
	pen := m.Spec.InvalidPenalty
	sol := &Solution{m: m, policy: make([]uint8, h*ns)}
	v, vr := make([]float64, ns), make([]float64, ns)
	nv, nvr := make([]float64, ns), make([]float64, ns)
	for left := 1; left <= h; left++ {
		pol := sol.policy[(left-1)*ns : left*ns]
		for s := 0; s < ns; s++ {
			best, bestA := 0.0, -1
			sum := 0.0
			for a := 0; a < na; a++ {
				var q, qr float64
				if t := m.next[s*na+a]; t >= 0 {
					q = m.meanReward[t] + v[t]
					qr = m.meanReward[t] + vr[t]
				} else {
					q = pen + v[s]
					qr = pen + vr[s]
				}
				sum += qr
				if bestA < 0 || q > best+1e-12 {
					best, bestA = q, a
				}
			}
			nv[s], nvr[s] = best, sum/float64(na)
			pol[s] = uint8(bestA)
		}
		v, nv = nv, v
		vr, nvr = nvr, vr
	}
	sol.optimal, sol.random = v, vr
	return sol
}

// Action is the optimal action in state s with stepsLeft steps to go (1..horizon).
func (sol *Solution) Action(s, stepsLeft int) int {
	ns := sol.m.NumStates()
	return int(sol.policy[(stepsLeft-1)*ns+s])
}

// OptimalReturn is the optimal expected return of an episode that starts at
// row startRow, or from a uniformly drawn row when startRow < 0.
func (sol *Solution) OptimalReturn(startRow int) float64 { return sol.expect(sol.optimal, startRow) }

// RandomReturn is the expected return of the uniformly random policy from
// row startRow, or from a uniformly drawn row when startRow < 0.
func (sol *Solution) RandomReturn(startRow int) float64 { return sol.expect(sol.random, startRow) }

// StateValue is the optimal expected return of a full episode from state s.
func (sol *Solution) StateValue(s int) float64 { return sol.optimal[s] }

func (sol *Solution) expect(v []float64, startRow int) float64 {
	m := sol.m
	if startRow >= 0 {
		return v[m.rowState[startRow]]
	}
	var sum float64
	for s := range v {
		sum += v[s] * float64(m.rowStart[s+1]-m.rowStart[s])
	}
	return sum / float64(m.nRows)
}

// solveDynamic wraps SolveDynamic's per-state values in a Solution.
func solveDynamic(m *Model) *Solution {
	sol := &Solution{m: m}
	y, err := SolveDynamic(m)
	if err != nil {
		nan := make([]float64, m.NumStates())
		for i := range nan {
			nan[i] = math.NaN()
		}
		sol.optimal, sol.random = nan, nan
		return sol
	}
	sol.optimal, sol.random, sol.Yardsticks = y.stateOpt, y.stateRnd, y
	return sol
}
