package train

import (
	"runtime"

	"github.com/tablerl/tablerl/tableenv"
)

// GreedyReturn is the exact expected return of a deterministic policy g in m
// from startRow (or a uniformly drawn row when startRow < 0). A greedy policy
// may read the drawn row's metrics, so its value is computed over rows: the
// value of a row is the value of what its action leads to. It costs
// O(horizon × rows), independent of any sampling noise, which makes it the
// right yardstick for learning curves.
//
// g acts once per distinct observation of m (once per state when the
// observations do not vary within states), and in batches of one forward
// pass when it is a BatchGreedy: the result is the same as acting on every
// row's observation in turn, at a fraction of the cost.
//
// Under a dynamic spec it is an estimate over a fixed set of episodes
// (dynamicGreedyReturn).
func GreedyReturn(m *tableenv.Model, g Greedy, startRow int) float64 {
	if m.Dynamic() {
		return dynamicGreedyReturn(m, g, startRow)
	}
	return rowReturn(m, distinctActions(m, g), startRow)
}

// greedyChunk bounds the observations of one batched forward pass: a few
// thousand rows keep the network's activations a few MB whatever the table.
const greedyChunk = 4096

// distinctActions returns g's action for each distinct observation of m.
// A policy that forks (forkingGreedy) acts on the two halves of a large
// table's observations on two cores: each row of a forward pass is
// computed as it would be alone, so the split does not change an action.
func distinctActions(m *tableenv.Model, g Greedy) []int {
	n := m.NumDistinctObs()
	act := make([]int, n)
	bg, ok := g.(BatchGreedy)
	if !ok {
		for i := range act {
			act[i] = g.Act(m.DistinctObs(i))
		}
		return act
	}
	fg, ok := g.(forkingGreedy)
	if !ok || n < 2*greedySplitMin || runtime.GOMAXPROCS(0) < 2 {
		batchActions(m, bg, act, 0, n)
		return act
	}
	half := n / 2
	done := make(chan struct{})
	go func() {
		defer close(done)
		batchActions(m, fg.Fork(), act, half, n)
	}()
	batchActions(m, bg, act, 0, half)
	<-done
	return act
}

// greedySplitMin is the fewest observations distinctActions gives each
// core: below about a thousand rows a forward pass takes less than a
// millisecond, and starting a goroutine for half of it gains little.
const greedySplitMin = 1024

// batchActions sets act[i] to g's action for distinct observations
// [lo, hi) of m, a chunk of them per forward pass.
func batchActions(m *tableenv.Model, g BatchGreedy, act []int, lo, hi int) {
	d := m.ObsDim()
	buf := make([]float64, min(hi-lo, greedyChunk)*d)
	for c := lo; c < hi; c += greedyChunk {
		e := min(c+greedyChunk, hi)
		for i := c; i < e; i++ {
			copy(buf[(i-c)*d:], m.DistinctObs(i))
		}
		g.ActBatch(buf[:(e-c)*d], act[c:e])
	}
}

// rowReturn is GreedyReturn's backward induction over rows, given the action
// of each distinct observation. The rows are laid out state by state, in
// StateRows order, so that the per-state sums read memory in order and each
// row's successor is looked up once rather than at every step; the sums add
// in the same order as over row indices, so the layout does not change the
// result by a bit.
func rowReturn(m *tableenv.Model, act []int, startRow int) float64 {
	v, place := rowValues(m, act)
	if startRow >= 0 {
		return v[place[startRow]]
	}
	var sum float64
	for _, q := range place {
		sum += v[q]
	}
	return sum / float64(len(place))
}

// StateValues is the exact expected return of g over a full episode from
// each state of m: the mean, over the state's rows, of the value of the
// row's action (g may read a row's metrics, so rows of one state may act
// differently). Set beside tableenv.Solution.StateValue it says where a
// policy loses against the optimum.
func StateValues(m *tableenv.Model, g Greedy) []float64 {
	v, place := rowValues(m, distinctActions(m, g))
	out := make([]float64, m.NumStates())
	for s := range out {
		rows := m.StateRows(s)
		var sum float64
		for _, r := range rows {
			sum += v[place[r]]
		}
		out[s] = sum / float64(len(rows))
	}
	return out
}

// rowValues is rowReturn's induction: each row's value over the whole
// horizon, by place in state order, and each row's place.
func rowValues(m *tableenv.Model, act []int) (v []float64, place []int32) {
	n, ns, h := m.NumRows(), m.NumStates(), m.Horizon()
	pen := m.Spec.InvalidPenalty
	place = make([]int32, n)     // row → its place in state order
	start := make([]int32, ns+1) // state s has the places start[s]:start[s+1]
	reward := make([]float64, n) // per place
	next := make([]int32, n)     // per place: the state its action leads to, −1 if invalid
	p := int32(0)
	for s := 0; s < ns; s++ {
		start[s] = p
		for _, r := range m.StateRows(s) {
			place[r] = p
			reward[p] = m.Reward(int(r))
			next[p] = int32(m.Next(s, act[m.DistinctObsOf(int(r))]))
			p++
		}
	}
	start[ns] = p
	v, nv := make([]float64, n), make([]float64, n)
	// stateMean[s] is the mean of reward + v over the rows of state s:
	// arriving in s draws one of its rows uniformly.
	stateMean := make([]float64, ns)
	for left := 1; left <= h; left++ {
		for s := range stateMean {
			lo, hi := start[s], start[s+1]
			var sum float64
			for q := lo; q < hi; q++ {
				sum += reward[q] + v[q]
			}
			stateMean[s] = sum / float64(hi-lo)
		}
		for q, t := range next {
			if t >= 0 {
				nv[q] = stateMean[t]
			} else {
				nv[q] = pen + v[q]
			}
		}
		v, nv = nv, v
	}
	return v, place
}
